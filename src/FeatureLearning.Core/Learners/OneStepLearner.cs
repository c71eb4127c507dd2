using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory;

namespace FeatureLearning.Core.Learners;

/// <summary>Settings of the one-step network and the direct sRF (Cui et al. 2024 conventions).</summary>
public sealed record OneStepOptions
{
    /// <summary>p, the number of hidden units.</summary>
    public int Width { get; init; } = 1000;

    /// <summary>n0 = α0·d samples of the first (gradient-step) batch, drawn fresh from the generator.</summary>
    public int FirstBatch { get; init; } = 500;

    /// <summary>η̃: each unit-norm row moves by O(1) when η̃ = O(1) (the "giant step"); 0 gives random features at init.</summary>
    public double StepSize { get; init; } = 1.0;

    /// <summary>Unnormalised λ in ‖y − Φa‖² + λ‖a‖².</summary>
    public double Ridge { get; init; } = 0.01;

    public Activation Activation { get; init; } = Activation.Tanh;

    public long Seed { get; init; }
}

/// <summary>One giant gradient step on the first layer, then ridge on the readout (Ba et al. 2022; Cui et al. 2024).</summary>
public static class OneStepLearner
{
    /// <summary>
    /// W0 rows uniform on the unit sphere, a0 = 1/√p; one full-batch step on n0 fresh samples from the generator:
    /// w_j ← w_j + η̃ (1/n0) Σ_μ (y_μ − f0(x_μ)) σ'(w_j·x_μ) x_μ  (= W0 − η̃·p·∇_W L with L the half-MSE);
    /// then the readout by ridge on <paramref name="train"/>.
    /// </summary>
    public static OneStepNetworkModel Fit(Dataset train, OneStepOptions o, FitContext? context = null)
    {
        context ??= FitContext.None;
        int d = train.Dimension, p = o.Width, n0 = o.FirstBatch;
        // The step's batch is fresh from the task; data without a task gives its first n0 rows to the step and the rest to
        // the readout, so the two batches stay independent as the analysis assumes.
        Dataset? first = null;
        if (o.StepSize > 0 && n0 > 0 && train.Generator is null)
        {
            if (train.Count - n0 < 1)
                throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                    $"Data without a task gives its first n0 = {n0} rows to the gradient step and the rest to the readout; it has only {train.Count}. " +
                    "Give more rows or a smaller -FirstBatch/-Alpha0.");
            first = train.Take(n0);
            train = train.Slice(n0, train.Count - n0);
        }
        Validate(train, o);
        var w0 = SphereRows(p, d, Rng.ForStream(o.Seed, RandomStreams.OneStepInit));
        var w = (double[])w0.Clone();
        if (o.StepSize > 0 && n0 > 0)
        {
            context.Report(0.05, $"gradient step on n0 = {n0} samples");
            first ??= train.Generator!.Sample(n0, Rng.ForStream(o.Seed, RandomStreams.OneStepFirstBatch), context.Cancellation);
            first.EnsureFinite();
            var grad = StepDirection(first, w0, p, o.Activation, context.Cancellation);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(grad, o.StepSize, w0, w);
        }
        var model = FitReadout(train, "OneStepNetwork", w, p, o.Activation, o.Ridge, context);
        if (o.StepSize > 0 && n0 > 0)
        {
            var delta = new double[w.Length];
            System.Numerics.Tensors.TensorPrimitives.Subtract(w, w0, delta);
            var (sigma, v) = TopRightSingular(delta, p, d, Rng.ForStream(o.Seed, RandomStreams.OneStepPowerIteration), context.Cancellation);
            model.SpikeStrength = sigma / Math.Sqrt(p);
            model.SpikeOverlap = Overlap(v, train.Generator);
        }
        model.MeanRowNormSquared = DenseMath.Dot(w, w) / p;
        return model;
    }

    /// <summary>
    /// The spiked random-features model built directly: W = √c·W0 + r·1·v̂ᵀ with v̂ = γ θ̂ + ρ ζ̂ (ζ̂ a random unit
    /// vector orthogonal to θ̂), features σ(√c w0·x + r κ) with κ = v̂·x; readout by ridge.
    /// </summary>
    public static OneStepNetworkModel FitSpiked(Dataset train, SpikedRfParameters spike, OneStepOptions o, FitContext? context = null)
    {
        context ??= FitContext.None;
        Validate(train, o);
        if (!double.IsFinite(spike.R) || spike.R < 0 || !(spike.C > 0) || !double.IsFinite(spike.C) || !(Math.Abs(spike.Gamma) <= 1))
            throw new FeatureLearningException("FeatureLearning.InvalidSpike",
                $"The spike needs r ≥ 0, c > 0 and |gamma| ≤ 1 (got r = {spike.R}, c = {spike.C}, gamma = {spike.Gamma}).");
        int d = train.Dimension, p = o.Width;
        var spikeRng = Rng.ForStream(o.Seed, RandomStreams.SpikeDirection);
        // γ is the cosine with the task's first hidden direction; without one (user data) the spike takes a random
        // direction and its overlap is unknown.
        var signal = (train.Generator as ISignalDirections)?.Directions;
        bool known = signal is { Count: > 0 } && signal[0].Length == d;
        var thetaHat = known ? signal![0] : RandomUnit(d, spikeRng);
        var zeta = new double[d];
        spikeRng.FillGaussian(zeta);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(thetaHat, -DenseMath.Dot(zeta, thetaHat), zeta, zeta);
        double zn = Math.Sqrt(DenseMath.Dot(zeta, zeta));
        var v = new double[d];
        for (int i = 0; i < d; i++) v[i] = spike.Gamma * thetaHat[i] + spike.Rho * zeta[i] / zn;
        var w = SphereRows(p, d, Rng.ForStream(o.Seed, RandomStreams.OneStepInit));
        double sc = Math.Sqrt(spike.C);
        for (int j = 0; j < p; j++)
        {
            var row = w.AsSpan(j * d, d);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, sc, row);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(v, spike.R, row, row);
        }
        var model = FitReadout(train, "SpikedRandomFeatures", w, p, o.Activation, o.Ridge, context);
        model.SpikeStrength = spike.R;
        model.SpikeOverlap = known ? Math.Abs(DenseMath.Dot(v, thetaHat)) : double.NaN;
        model.MeanRowNormSquared = DenseMath.Dot(w, w) / p;
        return model;
    }

    internal static void FeatureMap(double[] x, int rows, int d, double[] weights, int p, Activation g, double[] phi, CancellationToken cancel)
    {
        DenseMath.MultiplyABt(x, rows, d, weights, p, phi, cancel);
        var span = phi.AsSpan(0, rows * p);
        ActivationFunctions.Apply(g, span);
        System.Numerics.Tensors.TensorPrimitives.Multiply(span, 1.0 / Math.Sqrt(p), span);
    }

    /// <summary>G (p×d) with rows (1/n0) Σ_μ (y_μ − f0(x_μ)) σ'(w_j·x_μ) x_μ, f0 = mean_j σ(w_j·x) (a0 = 1/√p).</summary>
    private static double[] StepDirection(Dataset first, double[] w0, int p, Activation g, CancellationToken cancel)
    {
        int n0 = first.Count, d = first.Dimension;
        var z = new double[(long)n0 * p];
        DenseMath.MultiplyABt(first.X, n0, d, w0, p, z, cancel);
        // Mᵀ (p×n0) with M_μj = (y_μ − f0_μ) σ'(z_μj)/n0, and Xᵀ (d×n0), so G = Mᵀ·X = MultiplyABt(Mᵀ, Xᵀ).
        var mt = new double[(long)p * n0];
        for (int mu = 0; mu < n0; mu++)
        {
            var zrow = z.AsSpan(mu * p, p);
            double f0 = 0;
            for (int j = 0; j < p; j++) f0 += ActivationFunctions.Value(g, zrow[j]);
            double e = (first.Y[mu] - f0 / p) / n0;
            for (int j = 0; j < p; j++) mt[(long)j * n0 + mu] = e * ActivationFunctions.Derivative(g, zrow[j]);
        }
        var xt = new double[(long)d * n0];
        for (int mu = 0; mu < n0; mu++)
            for (int i = 0; i < d; i++) xt[(long)i * n0 + mu] = first.X[(long)mu * d + i];
        var grad = new double[(long)p * d];
        DenseMath.MultiplyABt(mt, p, n0, xt, d, grad, cancel);
        return grad;
    }

    private static OneStepNetworkModel FitReadout(Dataset train, string learner, double[] w, int p, Activation g, double lambda, FitContext ctx)
    {
        int n = train.Count, d = train.Dimension;
        ctx.Report(0.3, $"features of n = {n} readout samples");
        var phi = new double[(long)n * p];
        FeatureMap(train.X, n, d, w, p, g, phi, ctx.Cancellation);
        ctx.Report(0.6, "ridge readout");
        double[] a;
        if (n >= p)
        {
            var gram = new double[(long)p * p];
            DenseMath.TransposeGram(phi, n, p, gram, ctx.Cancellation);
            var b = new double[p];
            for (int i = 0; i < n; i++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(phi.AsSpan(i * p, p), train.Y[i], b, b);
            a = DenseMath.SolveRidge(gram, p, Math.Max(lambda, 1e-12 * Trace(gram, p) / p), b, ctx.Cancellation);
        }
        else
        {
            var gram = LargeArray.Doubles((long)n * n);
            DenseMath.Gram(phi, n, p, gram, ctx.Cancellation);
            var dual = DenseMath.SolveRidge(gram, n, Math.Max(lambda, 1e-12 * Trace(gram, n) / n), train.Y, ctx.Cancellation);
            a = new double[p];
            for (int i = 0; i < n; i++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(phi.AsSpan(i * p, p), dual[i], a, a);
        }
        ctx.Report(1.0, "done");
        return new OneStepNetworkModel(learner, d, p, g, w, a, lambda);
    }

    private static double[] RandomUnit(int d, Rng rng) => SphereRows(1, d, rng);

    /// <summary>Gaussian rows normalised to unit norm: uniform on the sphere.</summary>
    private static double[] SphereRows(int p, int d, Rng rng)
    {
        var w = new double[(long)p * d];
        rng.FillGaussian(w);
        for (int j = 0; j < p; j++)
        {
            var row = w.AsSpan(j * d, d);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, 1.0 / Math.Sqrt(DenseMath.Dot(row, row)), row);
        }
        return w;
    }

    /// <summary>Top singular value and right singular vector of a p×d matrix by power iteration on AᵀA.</summary>
    internal static (double Sigma, double[] V) TopRightSingular(double[] a, int p, int d, Rng rng, CancellationToken cancel)
    {
        var v = new double[d];
        rng.FillGaussian(v);
        var u = new double[p];
        double sigma = 0;
        for (int it = 0; it < 300; it++)
        {
            cancel.ThrowIfCancellationRequested();
            double norm = Math.Sqrt(DenseMath.Dot(v, v));
            if (norm == 0) return (0, v);
            System.Numerics.Tensors.TensorPrimitives.Multiply(v, 1.0 / norm, v);
            for (int j = 0; j < p; j++) u[j] = DenseMath.Dot(a.AsSpan(j * d, d), v);
            var next = new double[d];
            for (int j = 0; j < p; j++) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(a.AsSpan(j * d, d), u[j], next, next);
            double s = Math.Sqrt(Math.Sqrt(DenseMath.Dot(next, next)));
            bool done = Math.Abs(s - sigma) < 1e-10 * Math.Max(1, s);
            sigma = s;
            v = next;
            if (done) break;
        }
        double vn = Math.Sqrt(DenseMath.Dot(v, v));
        if (vn > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(v, 1.0 / vn, v);
        return (sigma, v);
    }

    private static double Overlap(double[] v, IDataGenerator? generator) =>
        generator is ISignalDirections { Directions.Count: > 0 } s ? Math.Abs(DenseMath.Dot(v, s.Directions[0])) : double.NaN;

    private static void Validate(Dataset train, OneStepOptions o)
    {
        if (o.Width < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Width must be at least 1, got {o.Width}.");
        if (o.FirstBatch < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", $"-FirstBatch must be non-negative, got {o.FirstBatch}.");
        if (!double.IsFinite(o.StepSize) || o.StepSize < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidStepSize", $"-StepSize (η̃) must be non-negative and finite, got {o.StepSize}.");
        if (!double.IsFinite(o.Ridge) || o.Ridge < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Ridge must be non-negative and finite, got {o.Ridge}.");
        if (train.Count == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "The readout set is empty; draw at least one sample.");
        long d = train.Dimension;
        long biggest = Math.Max(Math.Max((long)o.Width * d, (long)train.Count * o.Width), Math.Max((long)o.Width * o.Width, (long)o.FirstBatch * Math.Max(d, o.Width)));
        // 2e8 doubles (1.6 GB) per array is far above the paper's sizes (d = p = 2000) and keeps mistakes from exhausting memory.
        if (biggest > 200_000_000L || Math.Min(train.Count, o.Width) > 20000)
            throw new FeatureLearningException("FeatureLearning.TooLarge",
                $"Width {o.Width}, {train.Count} samples and dimension {d} need arrays or a ridge system too large to hold; lower -Width or the sample counts.");
        train.EnsureFinite();
    }

    private static double Trace(double[] a, int n)
    {
        double t = 0;
        for (int i = 0; i < n; i++) t += a[(long)i * n + i];
        return t;
    }
}
