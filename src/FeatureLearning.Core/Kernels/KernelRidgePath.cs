using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Kernels;

/// <summary>
/// Kernel ridge regression for a list of ridges sharing everything that does not depend on the ridge: the RBF width,
/// the kernel (dense: the n×n Gram, built once and copied per ridge for its Cholesky; Nyström: the centres, chol(K_MM)
/// and K_nM, with one M×M factorisation and a conjugate gradient per ridge), the training predictions (dense: y − λ'α from the solve;
/// Nyström: one pass over the stored products) and the kernel of a test set (<see cref="Predict"/>: computed once for all models). Each model is
/// the one <see cref="KernelRidgeLearner.Fit(Dataset, KernelSpec, double?, KernelRidgeOptions, FitContext?)"/> returns
/// for that ridge: the same operations on the same numbers.
/// </summary>
public sealed class KernelRidgePath
{
    private KernelRidgePath(IReadOnlyList<KernelRidgeModel> models, IReadOnlyList<double[]> trainingPredictions, double? validatedRidge, int gridCount)
    {
        Models = models; TrainingPredictions = trainingPredictions; ValidatedRidge = validatedRidge; GridCount = gridCount;
    }

    /// <summary>One model per ridge of the grid, in the order given, then the validated ridge's model when asked for.</summary>
    public IReadOnlyList<KernelRidgeModel> Models { get; }

    /// <summary>The number of grid models (the first entries of <see cref="Models"/>).</summary>
    public int GridCount { get; }

    /// <summary>The ridge the automatic choice (a fit without a ridge) picks, when asked for; its model is the last.</summary>
    public double? ValidatedRidge { get; }

    /// <summary>Each model's predictions on its training rows (in the order of <see cref="Models"/>).</summary>
    public IReadOnlyList<double[]> TrainingPredictions { get; }

    /// <param name="ridges">Unnormalised λ values (min Σ(y − f)² + λ‖f‖²_H, as -Ridge everywhere); at least one, each finite
    /// and non-negative.</param>
    /// <param name="includeValidated">Also fit the ridge a fit without one chooses on its validation split
    /// (<see cref="RidgeGrid"/>), as the last model: the practical figure beside the best of the grid.</param>
    public static KernelRidgePath Fit(Dataset train, KernelSpec kernel, IReadOnlyList<double> ridges, KernelRidgeOptions options,
        FitContext? context = null, bool includeValidated = false)
    {
        context ??= FitContext.None;
        if (ridges is null || ridges.Count == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", "Give at least one ridge value for the path (-Ridge).");
        var (solver, resolved, sq) = KernelRidgeLearner.Prepare(train, kernel, options, ridges);
        kernel = resolved;
        int n = train.Count, d = train.Dimension;
        var lambdas = ridges.ToList();
        double? validated = includeValidated ? KernelRidgeLearner.SelectRidge(train, kernel, options, context) : null;
        if (validated is { } v) lambdas.Add(v);
        var cancel = context.Cancellation;
        var models = new List<KernelRidgeModel>(lambdas.Count);
        var training = new List<double[]>(lambdas.Count);

        if (solver == KernelRidgeSolver.Nystrom)
        {
            var system = new NystromKernelRidge.NystromSystem(train, sq, kernel, options, Stage(context, 0, 0.3));
            for (int k = 0; k < lambdas.Count; k++)
                models.Add(system.Solve(lambdas[k], Stage(context, 0.3 + 0.65 * k / lambdas.Count, 0.65 / lambdas.Count, $"ridge {lambdas[k]:G3}: ")));
            for (int k = 0; k < lambdas.Count; k++) training.Add(new double[n]);
            system.Products.Multiply(models.Select(m => m.Alpha).ToList(), training, cancel);
        }
        else
        {
            context.Report(0.02, $"kernel matrix {n}×{n}");
            var gram = LargeArray.Uninitialized((long)n * n);
            kernel.SymmetricMatrixLower(train.X, sq, n, d, gram, cancel);
            var work = LargeArray.Uninitialized((long)n * n);
            for (int k = 0; k < lambdas.Count; k++)
            {
                context.Report(0.3 + 0.65 * k / lambdas.Count, $"ridge {lambdas[k]:G3}: Cholesky factorisation ({n}×{n})");
                // The lower triangle only, as the single fit builds it: all the factorisation reads.
                for (int i = 0; i < n; i++) Array.Copy(gram, (long)i * n, work, (long)i * n, i + 1);
                var alpha = DenseMath.SolveKernelRidgeInPlace(work, n, lambdas[k], train.Y, out double effective, cancel);
                // The training predictions as the single fit keeps them (y − λ'α), so path rows equal trial rows.
                training.Add(KernelRidgeLearner.FittedValues(train.Y, alpha, effective));
                models.Add(new KernelRidgeModel(kernel, train.X, sq, n, d, alpha, lambdas[k]) { FitSamples = n, TrainPredictions = training[k] });
            }
        }
        context.Report(1, "ridge path fitted");
        return new KernelRidgePath(models, training, validated, ridges.Count);
    }

    /// <summary>
    /// Predictions of every model on <paramref name="data"/> (outputs[k] for model k), the kernel between the data and
    /// the models' shared training rows (or centres) computed once, in the chunks <see cref="KernelRidgeModel.Predict"/> uses.
    /// </summary>
    public double[][] Predict(Dataset data, CancellationToken cancel = default)
    {
        var first = Models[0];
        int d = first.InputDimension, count = first.TrainCount;
        if (data.Dimension != d)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The kernel model expects dimension {d} but the data has {data.Dimension}.");
        var outputs = Models.Select(_ => new double[data.Count]).ToArray();
        foreach (var (start, rows, kernel) in first.KernelChunks(data, cancel))
            for (int i = 0; i < rows; i++)
            {
                var row = kernel.AsSpan(i * count, count);
                for (int j = 0; j < Models.Count; j++) outputs[j][start + i] = DenseMath.Dot(row, Models[j].Alpha);
            }
        return outputs;
    }

    private static FitContext Stage(FitContext context, double start, double width, string prefix = "") => new()
    {
        Cancellation = context.Cancellation,
        Progress = (f, s) => context.Report(start + width * f, prefix + s),
    };
}
