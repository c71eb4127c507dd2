using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>
/// One input pair: the closed-form NTK K1 + s·K0 and NNGP K1 (<see cref="KernelKind.Ntk"/>, <see cref="KernelKind.ArcCosine"/>,
/// on s = x·x'/d and ‖x‖²/d) against the empirical kernel of a finite net. For a random net in the NTK parametrisation the
/// empirical NTK's second-layer part is the Monte Carlo estimate of K1, so one comparison checks both closed forms.
/// RelativeError, StandardError and the NNGP error are relative to the kernel's scale at the pair, √(Θ(x,x)·Θ(x',x'))
/// (= ‖x‖‖x'‖/d for the NTK), because the NTK K1 + s·K0 changes sign at obtuse angles and a ratio to it would be undefined.
/// </summary>
public sealed record TangentKernelRow(int Pair, int I, int J, int Width, double Cosine, double S,
    double Scale, double ClosedFormNtk, double EmpiricalNtk, double StandardError, double RelativeError, double RelativeStandardError, double ZScore,
    double ClosedFormNngp, double EmpiricalNngp, double NngpStandardError);

public static class TangentKernelComparison
{
    /// <summary>
    /// <paramref name="pairs"/> random pairs of distinct rows of <paramref name="data"/> (from <paramref name="seed"/>), the
    /// empirical kernel of <paramref name="net"/> with layer rates (ρ_a, ρ_w) beside the closed forms.
    /// </summary>
    public static IReadOnlyList<TangentKernelRow> Compare(WideReluNet net, Dataset data, int pairs, long seed,
        double secondLayerRate, double firstLayerRate, CancellationToken cancel = default)
    {
        int d = data.Dimension;
        if (d != net.InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch", $"The net expects dimension {net.InputDimension} but the data has {d}.");
        if (data.Count < 2)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "Pairs need at least 2 samples.");
        if (pairs < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Pairs must be at least 1, got {pairs}.");
        data.EnsureFinite();
        var ntk = new KernelSpec(KernelKind.Ntk);
        var nngp = new KernelSpec(KernelKind.ArcCosine);
        var rng = Rng.ForStream(seed, RandomStreams.TangentKernelPairs);
        var rows = new List<TangentKernelRow>(pairs);
        for (int p = 0; p < pairs; p++)
        {
            cancel.ThrowIfCancellationRequested();
            int i = rng.NextInt(data.Count), j = rng.NextInt(data.Count - 1);
            if (j >= i) j++;
            var x = data.Row(i); var y = data.Row(j);
            double s = DenseMath.Dot(x, y) / d, aa = DenseMath.Dot(x, x) / d, bb = DenseMath.Dot(y, y) / d;
            double closed = ntk.Value(s, aa, bb), closedNngp = nngp.Value(s, aa, bb);
            var e = EmpiricalTangentKernel.Pair(net, x, y, secondLayerRate, firstLayerRate);
            // Θ(x, x) = K1(x, x) + a²·K0(x, x) = a²/2 + a²/2 = ‖x‖²/d.
            double scale = Math.Sqrt(ntk.Value(aa, aa, aa) * ntk.Value(bb, bb, bb));
            rows.Add(new TangentKernelRow(p + 1, i + 1, j + 1, net.Width, aa > 0 && bb > 0 ? s / Math.Sqrt(aa * bb) : double.NaN, s, scale,
                closed, e.Value, e.StandardError, (e.Value - closed) / scale, e.StandardError / scale, (e.Value - closed) / e.StandardError,
                closedNngp, e.SecondLayerPart, e.SecondLayerStandardError));
        }
        return rows;
    }
}
