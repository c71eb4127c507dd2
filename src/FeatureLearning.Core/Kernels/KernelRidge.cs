using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Kernels;

/// <summary>Kernel ridge regression f(x) = Σ_i α_i k(x, x_i), α = (K + λI)⁻¹ y; classification by sign f.</summary>
public sealed class KernelRidgeModel : IModel, Persistence.IPersistable
{
    internal KernelRidgeModel(KernelSpec kernel, double[] x, double[] sq, int n, int d, double[] alpha, double ridge)
    {
        Kernel = kernel; TrainX = x; _sq = sq; TrainCount = n; InputDimension = d; Alpha = alpha; Ridge = ridge;
    }

    private readonly double[] _sq;

    /// <summary>
    /// Dense fit: f on the training points, K·α = y − λ'α (from (K + λ'I)α = y), kept so a trial's training error does
    /// not recompute the n×n kernel (2n²d flops, as much as the fit's kernel and a third of the whole trial at
    /// n = 10⁴, d = 1000). The identity holds to the solve's rounding (backward error ~ε‖K‖‖α‖), below what moves a
    /// sign or an MSE digit except in an interpolating fit at the 10⁻¹⁰ ridge floor.
    /// </summary>
    private double[]? _trainPredictions;

    internal double[]? TrainPredictions { init => _trainPredictions = value; }

    public string Learner => "KernelRidge";

    public KernelSpec Kernel { get; }

    public int InputDimension { get; }

    public int TrainCount { get; }

    public double[] TrainX { get; }

    public double[] Alpha { get; }

    public double Ridge { get; }

    /// <summary>Dense (TrainX is the training set) or Nystrom (TrainX holds the M centres).</summary>
    public KernelRidgeSolver Solver { get; init; } = KernelRidgeSolver.Dense;

    /// <summary>n, the number of training samples fitted (TrainCount is the number of centres for Nyström).</summary>
    public int FitSamples { get; init; }

    /// <summary>Nyström: conjugate-gradient iterations run (0 for the dense solve).</summary>
    public int Iterations { get; init; }

    /// <summary>Nyström: relative residual of the preconditioned system at the end (NaN for the dense solve).</summary>
    public double Residual { get; init; } = double.NaN;

    public void Predict(Dataset data, Span<double> output, CancellationToken cancel = default)
    {
        if (data.Dimension != InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The kernel model expects dimension {InputDimension} but the data has {data.Dimension}.");
        if (_trainPredictions is { } fitted && ReferenceEquals(data.X, TrainX) && data.Count == TrainCount)
        {
            fitted.CopyTo(output);
            return;
        }
        foreach (var (start, rows, kernel) in KernelChunks(data, cancel))
            for (int i = 0; i < rows; i++) output[start + i] = DenseMath.Dot(kernel.AsSpan(i * TrainCount, TrainCount), Alpha);
    }

    /// <summary>
    /// The kernel between <paramref name="data"/> and the training rows (or centres), in chunks of rows: (first row,
    /// rows, buffer with one row of TrainCount entries per data row; reused by the next chunk). Shared by
    /// <see cref="Predict"/> and <see cref="KernelRidgePath.Predict"/>, whose models have the same rows.
    /// </summary>
    internal IEnumerable<(int Start, int Rows, double[] Kernel)> KernelChunks(Dataset data, CancellationToken cancel)
    {
        int chunk = Math.Max(1, Math.Min(1000, (int)(2e7 / Math.Max(1, TrainCount))));
        // Every entry is written by the product tiles before it is read: no zeroing of the 16 MB at n = 2000.
        var k = GC.AllocateUninitializedArray<double>(chunk * TrainCount);
        var xs = new double[(long)chunk * InputDimension];
        for (int start = 0; start < data.Count; start += chunk)
        {
            int m = Math.Min(chunk, data.Count - start);
            Array.Copy(data.X, (long)start * InputDimension, xs, 0, (long)m * InputDimension);
            var sq = KernelSpec.SquaredNorms(xs, m, InputDimension);
            Kernel.Matrix(xs, sq, m, TrainX, _sq, TrainCount, InputDimension, k, cancel);
            yield return (start, m, k);
        }
    }

    public string PersistenceKind => "KernelRidge";

    public void WriteParameters(System.Text.Json.Utf8JsonWriter writer) => Persistence.KernelRidgePersistence.Write(this, writer);

    public override string ToString() => Solver == KernelRidgeSolver.Nystrom
        ? $"KernelRidge {Kernel} Nystrom M={TrainCount} n={FitSamples} d={InputDimension} ridge={Ridge:G3} CG={Iterations}"
        : $"KernelRidge {Kernel} n={TrainCount} d={InputDimension} ridge={Ridge:G3}";
}

public static class KernelRidgeLearner
{
    /// <summary>The largest n whose dense n×n kernel fits in half of the memory the runtime may use.</summary>
    public static int MaxDenseSamples()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return (int)Math.Min(int.MaxValue / 2, Math.Sqrt(0.5 * available / 8.0));
    }

    /// <summary>Fits with the default solver settings (<see cref="KernelRidgeSolver.Auto"/>).</summary>
    public static KernelRidgeModel Fit(Dataset train, KernelSpec kernel, double? ridge, FitContext? context = null) =>
        Fit(train, kernel, ridge, KernelRidgeOptions.Default, context);

    public static KernelRidgeModel Fit(Dataset train, KernelSpec kernel, double? ridge, KernelRidgeOptions options, FitContext? context = null)
    {
        context ??= FitContext.None;
        var (solver, resolved, sq) = Prepare(train, kernel, options, ridge is { } given ? new[] { given } : Array.Empty<double>());
        kernel = resolved;
        int n = train.Count, d = train.Dimension;
        double lambda = ridge ?? SelectRidge(train, kernel, options, context);
        if (solver == KernelRidgeSolver.Nystrom)
            return NystromKernelRidge.Fit(train, sq, kernel, lambda, options, context);
        context.Report(0.1, $"kernel matrix {n}×{n}");
        // The lower triangle only: all the factorisation reads (so the rest need not be zeroed first).
        var gram = LargeArray.Uninitialized((long)n * n);
        kernel.SymmetricMatrixLower(train.X, sq, n, d, gram, context.Cancellation);
        context.Report(0.5, $"Cholesky factorisation ({n}×{n})");
        var alpha = DenseMath.SolveKernelRidgeInPlace(gram, n, lambda, train.Y, out double effective, context.Cancellation);
        return new KernelRidgeModel(kernel, train.X, sq, n, d, alpha, lambda) { FitSamples = n, TrainPredictions = FittedValues(train.Y, alpha, effective) };
    }

    /// <summary>f on the training rows of a dense fit: K·α = y − λ'α, from (K + λ'I)α = y (λ' the ridge the solve used).</summary>
    internal static double[] FittedValues(ReadOnlySpan<double> y, double[] alpha, double effectiveRidge)
    {
        var fitted = new double[alpha.Length];
        for (int i = 0; i < fitted.Length; i++) fitted[i] = y[i] - effectiveRidge * alpha[i];
        return fitted;
    }

    /// <summary>
    /// What a fit settles before the ridge: the settings checked, the solver for this n, the kernel with its RBF width
    /// (the median heuristic on the whole training set when not given) and the rows' squared norms/d. Shared with
    /// <see cref="KernelRidgePath"/>, so a path model is the fit with that ridge.
    /// </summary>
    internal static (KernelRidgeSolver Solver, KernelSpec Kernel, double[] SquaredNorms) Prepare(Dataset train, KernelSpec kernel, KernelRidgeOptions options,
        IEnumerable<double> ridges)
    {
        kernel.Validate();
        options.Validate();
        foreach (double r in ridges)
            if (!double.IsFinite(r) || r < 0)
                throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Ridge must be non-negative and finite, got {r}.");
        int n = train.Count, d = train.Dimension;
        if (n == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "The training set is empty; draw at least one sample.");
        int limit = MaxDenseSamples();
        var solver = options.Solver == KernelRidgeSolver.Auto ? (n > limit ? KernelRidgeSolver.Nystrom : KernelRidgeSolver.Dense) : options.Solver;
        if (solver == KernelRidgeSolver.Dense && n > limit)
            throw new FeatureLearningException("FeatureLearning.InsufficientMemory",
                $"A dense kernel for n = {n} needs {8.0 * n * n / 1e9:F1} GB, more than half of the {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9:F1} GB available; " +
                $"use at most {limit} samples, -Solver Nystrom (or Auto: Nyström centres and conjugate gradient, memory O(n·M)), " +
                "or random features (Invoke-RandomFeatures) for larger n.",
                ErrorKind.ResourceUnavailable);
        train.EnsureFinite();
        var sq = KernelSpec.SquaredNorms(train.X, n, d);
        if (kernel.Kind == KernelKind.Rbf && double.IsNaN(kernel.Gamma))
            kernel = kernel with { Gamma = MedianGamma(train, sq) };
        return (solver, kernel, sq);
    }

    /// <summary>The ridge λ = ρ·n a fit without a given ridge uses: ρ chosen on a validation split of the first rows
    /// (<see cref="RidgeGrid"/>); <paramref name="kernel"/> is already resolved (<see cref="Prepare"/>).</summary>
    internal static double SelectRidge(Dataset train, KernelSpec kernel, KernelRidgeOptions options, FitContext context)
    {
        int n = train.Count, d = train.Dimension;
        context.Report(0, "choosing the ridge on a validation split");
        var sub = train.Take(Math.Min(n, RidgeGrid.SelectionSamples));
        double rho = options.Solver == KernelRidgeSolver.Nystrom
            ? RidgeGrid.SelectRelative(train, (mTrain, lam) =>
            {
                // Nyström asked for: each grid value is a Nyström fit of the validation split.
                var xTrain = sub.X.AsSpan(0, mTrain * d).ToArray();
                var m = Fit(new Dataset(xTrain, sub.Y.AsSpan(0, mTrain).ToArray(), d, null), kernel, lam, options, FitContext.None);
                var val = new Dataset(sub.X.AsSpan(mTrain * d).ToArray(), sub.Y.AsSpan(mTrain).ToArray(), d, null);
                var pred = new double[val.Count];
                m.Predict(val, pred, context.Cancellation);
                return pred;
            })
            // Dense: the kernel of the training rows and its cross-kernel to the validation rows once, not per grid value.
            : RidgeGrid.SelectRelative(train, mTrain => ValidationProblem(sub, mTrain, kernel, context.Cancellation));
        return rho * n;
    }

    /// <summary>
    /// The ridge system of the first <paramref name="mTrain"/> rows of <paramref name="sub"/> with predictions on the
    /// rest: exactly the numbers a fit on those rows and its Predict give, so the search picks what it picked with a
    /// fit per grid value.
    /// </summary>
    private static RidgeProblem ValidationProblem(Dataset sub, int mTrain, KernelSpec kernel, CancellationToken cancel)
    {
        int d = sub.Dimension, mVal = sub.Count - mTrain;
        var xTrain = sub.X.AsSpan(0, mTrain * d).ToArray();
        var sqTrain = KernelSpec.SquaredNorms(xTrain, mTrain, d);
        var k = new double[(long)mTrain * mTrain];
        kernel.SymmetricMatrixLower(xTrain, sqTrain, mTrain, d, k, cancel);
        var xVal = sub.X.AsSpan(mTrain * d, mVal * d).ToArray();
        var cross = new double[(long)mVal * mTrain];
        kernel.Matrix(xVal, KernelSpec.SquaredNorms(xVal, mVal, d), mVal, xTrain, sqTrain, mTrain, d, cross, cancel);
        return new RidgeProblem(k, mTrain, sub.Y.AsSpan(0, mTrain).ToArray(), DenseMath.KernelRidgeFloor, alpha =>
        {
            var prediction = new double[mVal];
            for (int i = 0; i < mVal; i++) prediction[i] = DenseMath.Dot(cross.AsSpan(i * mTrain, mTrain), alpha);
            return prediction;
        });
    }

    /// <summary>γ = 1 / median(‖x_i − x_j‖²/d) over up to 2000 random pairs (deterministic).</summary>
    private static double MedianGamma(Dataset data, double[] sq)
    {
        int n = data.Count, d = data.Dimension;
        if (n < 2) return 1.0;
        var rng = new Random.Rng(12345);
        int pairs = (int)Math.Min(2000L, (long)n * (n - 1) / 2); // n(n − 1) overflows an int from n = 46 341
        var dist = new double[pairs];
        for (int p = 0; p < pairs; p++)
        {
            int i = rng.NextInt(n), j = rng.NextInt(n - 1);
            if (j >= i) j++;
            dist[p] = Math.Max(1e-12, sq[i] + sq[j] - 2 * DenseMath.Dot(data.Row(i), data.Row(j)) / d);
        }
        Array.Sort(dist);
        return 1.0 / dist[pairs / 2];
    }
}
