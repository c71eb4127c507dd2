using System.Diagnostics;
using System.Numerics.Tensors;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.MultiIndex;

/// <summary>The outcome of a two-phase fit: the network and how well its first layer found span(U).</summary>
public sealed record TwoPhaseFit(
    FeatureNet Net,
    double InitialAlignment,
    double Alignment,
    double[] PrincipalCosines,
    int FirstPhaseSamples,
    int SecondPhaseSamples,
    double StepSize,
    double Ridge,
    double Seconds);

/// <summary>
/// Damian, Lee and Soltanolkotabi (2022), the analysed algorithm: (1) symmetric initialisation (pairs with equal w_j and
/// opposite a_j, so f ≡ 0 and the first gradient has no kernel part); (2) one gradient step on the first layer with
/// weight decay λ = 1/η, so W ← −η∇_W L ≈ η·c·a_j·H w_j lands in span(U) (H = E[∇²f*]); (3) fresh biases and a ridge
/// readout on σ(Wx + b) fitted on a fresh batch (a convex problem).
/// </summary>
public static class TwoPhaseLearner
{
    /// <summary>Symmetric initialisation: w_j uniform on the unit sphere, a_j = ±1, and the twin j + m/2 has
    /// (w_j, −a_j); biases 0. The network output is exactly 0.</summary>
    public static FeatureNet Initialise(int dimension, TwoPhaseOptions o)
    {
        o.Validate();
        int m = o.Width, half = m / 2, d = dimension;
        var rng = Rng.ForStream(o.Seed, RandomStreams.TwoPhaseInit);
        var w = new double[(long)m * d];
        var a = new double[m];
        for (int j = 0; j < half; j++)
        {
            var row = w.AsSpan(j * d, d);
            rng.FillGaussian(row);
            TensorPrimitives.Multiply(row, 1.0 / Math.Sqrt(DenseMath.Dot(row, row)), row);
            row.CopyTo(w.AsSpan((j + half) * d, d));
            a[j] = rng.NextSign();
            a[j + half] = -a[j];
        }
        return new FeatureNet(d, o.Activation, w, new double[m], a);
    }

    public static TwoPhaseFit Fit(Dataset train, TwoPhaseOptions o, FitContext? context = null)
    {
        o.Validate();
        context ??= FitContext.None;
        var clock = Stopwatch.StartNew();
        int n = train.Count, d = train.Dimension;
        int n1 = o.FirstPhaseSamples ?? n / 2;
        if (n1 >= n || n - n1 < 2)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"The data has {n} samples but phase 1 uses {n1}; phase 2 needs a fresh batch of at least 2: draw more samples or lower -FirstPhaseSamples.");
        train.EnsureFinite();
        var init = Initialise(d, o);
        var directions = (train.Generator as ISignalDirections)?.Directions;
        double[]? u = directions is null ? null : directions.SelectMany(v => v).ToArray();
        int r = directions?.Count ?? 0;
        double initialAlignment = u is null ? double.NaN : SubspaceAlignment.Fraction(init.W, init.Width, d, u, r);

        context.Report(0, $"phase 1: gradient on {n1} samples");
        var gradient = FirstLayerGradient(init, train, n1, o.RemoveLinearPart, context);
        int m = init.Width;
        double meanSquare = DenseMath.Dot(gradient, gradient) / m;
        if (!(meanSquare > 0) || !double.IsFinite(meanSquare))
            throw new FeatureLearningException("FeatureLearning.DegenerateGradient",
                "The phase-1 gradient is zero or not finite: the labels carry no signal the first layer can see (check the data).",
                ErrorKind.InvalidData);
        // η·λ = 1 erases W0: W1 = −η∇L (the paper's choice λ1 = 1/η1); the default η gives rows of mean square norm 1.
        double eta = o.StepSize ?? 1.0 / Math.Sqrt(meanSquare);
        double decay = o.WeightDecay ?? 1.0 / eta;
        var w1 = new double[init.W.Length];
        TensorPrimitives.Multiply(init.W, 1.0 - eta * decay, w1);
        TensorPrimitives.MultiplyAdd(gradient, -eta, w1, w1);
        if (!w1.All(double.IsFinite))
            throw new DivergenceException($"The phase-1 step produced non-finite weights; lower -StepSize (was {eta:G3}).");

        var biases = new double[m];
        Rng.ForStream(o.Seed, RandomStreams.TwoPhaseBiases).FillGaussian(biases, o.BiasScale);
        var features = new FeatureNet(d, o.Activation, w1, biases, new double[m]);
        double alignment = u is null ? double.NaN : SubspaceAlignment.Fraction(w1, m, d, u, r);
        var cosines = u is null ? Array.Empty<double>() : SubspaceAlignment.PrincipalCosines(w1, m, d, u, r);

        context.Report(0.5, $"phase 2: ridge readout on {n - n1} fresh samples");
        var phase2 = train.Slice(n1, n - n1);
        var (net, ridge) = FitHead(features, phase2, o.Ridge, context);
        return new TwoPhaseFit(net, initialAlignment, alignment, cosines, n1, n - n1, eta, ridge, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Fits only the head a by ridge on σ(Wx + b) (the representation is kept): phase 2 of the algorithm, and the
    /// transfer-learning step on a new task. Returns the net and the ridge λ used.
    /// </summary>
    public static (FeatureNet Net, double Ridge) FitHead(FeatureNet features, Dataset data, double? ridge, FitContext? context = null,
        string? learner = null)
    {
        context ??= FitContext.None;
        if (data.Dimension != features.InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The features expect dimension {features.InputDimension} but the data has {data.Dimension}; use a task that shares U.");
        if (data.Count == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "The training set is empty; draw at least one sample.");
        if (ridge is { } given && (!double.IsFinite(given) || given < 0))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Ridge must be non-negative and finite, got {given}.");
        data.EnsureFinite();
        double lambda;
        if (ridge is { } value) lambda = value;
        else
        {
            var sub = data.Take(Math.Min(data.Count, RidgeGrid.SelectionSamples));
            double rho = RidgeGrid.SelectRelative(sub, (mTrain, lam) =>
            {
                var a = SolveReadout(features, sub, 0, mTrain, lam, context);
                var validation = sub.Slice(mTrain, sub.Count - mTrain);
                var prediction = new double[validation.Count];
                features.WithHead(a).Predict(validation, prediction, context.Cancellation);
                return prediction;
            });
            lambda = rho * data.Count;
        }
        var head = SolveReadout(features, data, 0, data.Count, lambda, context);
        return (features.WithHead(head, learner), lambda);
    }

    /// <summary>∇_W L for L = (1/2n1) Σ (f(x_i) − y_i)² over the first n1 rows, streamed in chunks.</summary>
    internal static double[] FirstLayerGradient(FeatureNet net, Dataset data, int n1, bool removeLinearPart, FitContext ctx)
    {
        int d = data.Dimension, m = net.Width;
        var labels = data.Y.AsSpan(0, n1).ToArray();
        if (removeLinearPart)
        {
            double mean = TensorPrimitives.Sum(labels) / n1;
            var beta = new double[d]; // β̂ = (1/n1) Σ y_i x_i: the least-squares slope under E[xxᵀ] = I
            for (int i = 0; i < n1; i++) TensorPrimitives.MultiplyAdd(data.Row(i), labels[i] / n1, beta, beta);
            for (int i = 0; i < n1; i++) labels[i] -= mean + DenseMath.Dot(beta, data.Row(i));
        }
        const int chunk = 1024;
        var xs = new double[chunk * d];
        var xt = new double[d * chunk];
        var z = new double[chunk * m];
        var gt = new double[m * chunk];
        var partial = new double[m * d];
        var gradient = new double[m * d];
        for (int start = 0; start < n1; start += chunk)
        {
            ctx.ThrowIfCancelled();
            int c = Math.Min(chunk, n1 - start);
            Array.Copy(data.X, (long)start * d, xs, 0, (long)c * d);
            DenseMath.MultiplyABt(xs, c, d, net.W, m, z, ctx.Cancellation);
            for (int i = 0; i < c; i++)
            {
                var zi = z.AsSpan(i * m, m);
                TensorPrimitives.Add(zi, net.B, zi);
                double f = 0;
                for (int j = 0; j < m; j++) f += net.A[j] * ActivationFunctions.Value(net.Activation, zi[j]);
                double residual = (f - labels[start + i]) / n1;
                // ∂L/∂w_j = (1/n1) Σ_i (f_i − y_i) a_j σ'(w_j·x_i + b_j) x_i; store G transposed (m × c).
                for (int j = 0; j < m; j++)
                    gt[j * c + i] = residual * net.A[j] * ActivationFunctions.Derivative(net.Activation, zi[j]);
                for (int k = 0; k < d; k++) xt[k * c + i] = xs[i * d + k];
            }
            DenseMath.MultiplyABt(gt, m, c, xt, d, partial, ctx.Cancellation);
            TensorPrimitives.Add(gradient, partial, gradient);
            ctx.Report(0.5 * (start + c) / n1, $"phase 1: {start + c} of {n1} samples");
        }
        return gradient;
    }

    /// <summary>Ridge readout a = (ΦᵀΦ + λI)⁻¹ Φᵀy over rows [start, start + count), normal equations streamed in chunks.</summary>
    internal static double[] SolveReadout(FeatureNet net, Dataset data, int start, int count, double lambda, FitContext ctx)
    {
        int d = data.Dimension, m = net.Width;
        const int chunk = 2048;
        var gram = new double[m * m];
        var rhs = new double[m];
        var partial = new double[m * m];
        var xs = new double[chunk * d];
        var phi = new double[chunk * m];
        for (int s = start; s < start + count; s += chunk)
        {
            ctx.ThrowIfCancelled();
            int c = Math.Min(chunk, start + count - s);
            Array.Copy(data.X, (long)s * d, xs, 0, (long)c * d);
            net.Features(xs, c, phi, ctx.Cancellation);
            DenseMath.TransposeGram(phi, c, m, partial, ctx.Cancellation);
            TensorPrimitives.Add(gram, partial, gram);
            for (int i = 0; i < c; i++) TensorPrimitives.MultiplyAdd(phi.AsSpan(i * m, m), data.Y[s + i], rhs, rhs);
        }
        double trace = 0;
        for (int j = 0; j < m; j++) trace += gram[j * m + j];
        // A floor relative to the trace keeps the Cholesky stable for λ = 0 or duplicated features.
        return DenseMath.SolveRidge(gram, m, Math.Max(lambda, 1e-10 * trace / m), rhs, ctx.Cancellation);
    }
}
