using System.Text.Json;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>
/// Kernel ridge with the empirical tangent kernel of a given finite net, f(x) = Σ_i α_i Θ(x, x_i), α = (Θ + λI)⁻¹ y:
/// the linearised net around those weights. With a random NTK net it approaches closed-form NTK ridge as m grows; with a
/// trained net its kernel carries the learned directions.
/// </summary>
public sealed class TangentKernelRidgeModel : IModel, Persistence.IPersistable, Learning.IFirstLayerModel
{
    internal TangentKernelRidgeModel(WideReluNet net, double rateA, double rateW, double[] x, int n, double[] alpha, double ridge)
    {
        Net = net; SecondLayerRate = rateA; FirstLayerRate = rateW; TrainX = x; TrainCount = n; Alpha = alpha; Ridge = ridge;
    }

    public string Learner => "TangentKernelRidge";

    int Learning.IFirstLayerModel.Width => Net.Width;

    double[] Learning.IFirstLayerModel.FirstLayer => Net.W;

    public int InputDimension => Net.InputDimension;

    /// <summary>The net whose tangent kernel is used (weights as stored).</summary>
    public WideReluNet Net { get; }

    /// <summary>ρ_a, the weight of the second-layer gradients (1/m for the NTK parametrisation).</summary>
    public double SecondLayerRate { get; }

    /// <summary>ρ_w, the weight of the first-layer gradients (1/d for the NTK parametrisation).</summary>
    public double FirstLayerRate { get; }

    public double[] TrainX { get; }

    public int TrainCount { get; }

    public double[] Alpha { get; }

    public double Ridge { get; }

    public void Predict(Dataset data, Span<double> output, CancellationToken cancel = default)
    {
        if (data.Dimension != InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The tangent-kernel model expects dimension {InputDimension} but the data has {data.Dimension}.");
        int d = InputDimension, chunk = Math.Max(1, Math.Min(512, (int)(2e7 / Math.Max(1, TrainCount + Net.Width))));
        var k = new double[(long)chunk * TrainCount];
        var xs = new double[(long)chunk * d];
        for (int start = 0; start < data.Count; start += chunk)
        {
            int rows = Math.Min(chunk, data.Count - start);
            Array.Copy(data.X, (long)start * d, xs, 0, (long)rows * d);
            EmpiricalTangentKernel.Matrix(Net, xs, rows, TrainX, TrainCount, SecondLayerRate, FirstLayerRate, k, cancel);
            for (int i = 0; i < rows; i++) output[start + i] = DenseMath.Dot(k.AsSpan(i * TrainCount, TrainCount), Alpha);
        }
    }

    public string PersistenceKind => "TangentKernelRidge";

    public void WriteParameters(Utf8JsonWriter w)
    {
        w.WriteNumber("inputDimension", InputDimension);
        w.WriteNumber("trainCount", TrainCount);
        w.WriteNumber("secondLayerRate", SecondLayerRate);
        w.WriteNumber("firstLayerRate", FirstLayerRate);
        w.WriteNumber("ridge", Ridge);
        Persistence.JsonArrays.Write(w, "w", Net.W);
        Persistence.JsonArrays.Write(w, "a", Net.A);
        Persistence.JsonArrays.Write(w, "x", TrainX);
        Persistence.JsonArrays.Write(w, "alpha", Alpha);
    }

    internal static IModel Read(JsonElement p)
    {
        int d = p.GetProperty("inputDimension").GetInt32(), n = p.GetProperty("trainCount").GetInt32();
        var x = Persistence.JsonArrays.Read(p, "x");
        var alpha = Persistence.JsonArrays.Read(p, "alpha");
        if (x.Length != (long)n * d || alpha.Length != n)
            throw new FeatureLearningException("FeatureLearning.CorruptFile", "The tangent-kernel model's arrays do not match its sizes.", ErrorKind.InvalidData);
        var net = new WideReluNet(d, Persistence.JsonArrays.Read(p, "w"), Persistence.JsonArrays.Read(p, "a"));
        return new TangentKernelRidgeModel(net, p.GetProperty("secondLayerRate").GetDouble(), p.GetProperty("firstLayerRate").GetDouble(),
            x, n, alpha, p.GetProperty("ridge").GetDouble());
    }

    public override string ToString() => $"TangentKernelRidge m={Net.Width} n={TrainCount} d={InputDimension} ridge={Ridge:G3}";
}

public static class TangentKernelRidge
{
    /// <summary>Fits α = (Θ + λI)⁻¹ y on the training set; λ null chooses it on a validation split (as Invoke-KernelRidge does).</summary>
    public static TangentKernelRidgeModel Fit(Dataset train, WideReluNet net, double secondLayerRate, double firstLayerRate, double? ridge,
        FitContext? context = null)
    {
        context ??= FitContext.None;
        if (ridge is { } r && (!double.IsFinite(r) || r < 0))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Ridge must be non-negative and finite, got {r}.");
        if (!double.IsFinite(secondLayerRate) || !double.IsFinite(firstLayerRate) || secondLayerRate < 0 || firstLayerRate < 0 || secondLayerRate + firstLayerRate == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", "Layer rates must be non-negative, finite and not both zero.");
        int n = train.Count, d = train.Dimension;
        if (n == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "The training set is empty; draw at least one sample.");
        if (d != net.InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch", $"The net expects dimension {net.InputDimension} but the data has {d}.");
        // The Gram matrix and the one temporary of its size that EmpiricalTangentKernel.Matrix needs share the half of
        // memory a dense kernel may use.
        int limit = (int)(KernelRidgeLearner.MaxDenseSamples() / Math.Sqrt(2));
        if (n > limit || (long)n * net.Width > 100_000_000L)
            throw new FeatureLearningException("FeatureLearning.InsufficientMemory",
                $"A dense tangent kernel for n = {n} with m = {net.Width} units is too large here (at most {limit} samples and n·m ≤ 1e8).",
                ErrorKind.ResourceUnavailable);
        train.EnsureFinite();
        double lambda;
        if (ridge is { } given) lambda = given;
        else
        {
            context.Report(0, "choosing the ridge on a validation split");
            var sub = train.Take(Math.Min(n, RidgeGrid.SelectionSamples));
            double rho = RidgeGrid.SelectRelative(sub, (mTrain, lam) =>
            {
                var head = new Dataset(sub.X.AsSpan(0, mTrain * d).ToArray(), sub.Y.AsSpan(0, mTrain).ToArray(), d, null);
                var model = Fit(head, net, secondLayerRate, firstLayerRate, lam, FitContext.None);
                var validation = new Dataset(sub.X.AsSpan(mTrain * d).ToArray(), sub.Y.AsSpan(mTrain).ToArray(), d, null);
                var prediction = new double[validation.Count];
                model.Predict(validation, prediction, context.Cancellation);
                return prediction;
            });
            lambda = rho * n;
        }
        context.Report(0.1, $"tangent kernel {n}×{n}");
        var gram = LargeArray.Doubles((long)n * n);
        EmpiricalTangentKernel.Matrix(net, train.X, n, train.X, n, secondLayerRate, firstLayerRate, gram, context.Cancellation);
        // The Gram matrix is computed by two different GEMM paths (rows i and j): symmetrise before the Cholesky.
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
            {
                double v = 0.5 * (gram[(long)i * n + j] + gram[(long)j * n + i]);
                gram[(long)i * n + j] = v; gram[(long)j * n + i] = v;
            }
        context.Report(0.5, $"Cholesky factorisation ({n}×{n})");
        var alpha = DenseMath.SolveKernelRidgeInPlace(gram, n, lambda, train.Y, context.Cancellation);
        return new TangentKernelRidgeModel(net, secondLayerRate, firstLayerRate, (double[])train.X.Clone(), n, alpha, lambda);
    }
}
