using System.Diagnostics;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Learning;

/// <summary>One model of a ridge path: its trial row, the ridge it was fitted with, and how that ridge came about.</summary>
/// <param name="Row">The row <see cref="Trial.Run"/> gives for the spec with this fixed ridge (Seconds: the path's fit time
/// shared equally among its models when the kernel work is shared).</param>
/// <param name="Ridge">The unnormalised λ (for the validated row: the one the automatic choice picked).</param>
/// <param name="Validated">True for the row of the learner's automatic ridge choice (not part of the grid).</param>
/// <param name="Best">True for the grid ridge with the least test error of its (n, seed); the MSE breaks ties.</param>
public sealed record RidgePathRow(ResultRow Row, double Ridge, bool Validated, bool Best);

/// <summary>
/// A learner fitted for every ridge of a grid on one training set and measured on one test set. Kernel ridge shares the
/// kernel work (<see cref="Kernels.KernelRidgePath"/>); any other learner with a ridge setting
/// (<see cref="LearnerSpec.WithRidge"/>) is refitted per value, which is exact for every learner and slower.
/// </summary>
public static class RidgePath
{
    /// <param name="ridges">Unnormalised λ values; at least one, each finite and non-negative.</param>
    /// <param name="includeValidated">Also the row of the learner's automatic ridge choice (its fit without a ridge), last;
    /// ignored for a learner whose ridge is a fixed setting (<see cref="LearnerSpec.ChoosesRidge"/> false).</param>
    public static IReadOnlyList<RidgePathRow> Run(LearnerSpec spec, Dataset train, Dataset? test, long seed, IReadOnlyList<double> ridges,
        bool includeValidated, FitContext context)
    {
        Validate(spec, ridges);
        includeValidated &= spec.ChoosesRidge;
        if (spec is KernelRidgeSpec kernel) return RunKernel(kernel, train, test, seed, ridges, includeValidated, context);

        var rows = new List<(ResultRow Row, double Ridge, bool Validated, double Mse)>();
        int total = ridges.Count + (includeValidated ? 1 : 0);
        for (int k = 0; k < total; k++)
        {
            bool validated = k == ridges.Count;
            var fixedSpec = spec.WithRidge(validated ? null : ridges[k])!;
            int index = k;
            var inner = new FitContext
            {
                Cancellation = context.Cancellation,
                Progress = (f, s) => context.Report((index + f) / total, $"{(validated ? "validated ridge" : $"ridge {ridges[index]:G3}")}: {s}"),
            };
            var trained = Trial.Run(fixedSpec, train, test, seed, inner);
            var row = trained.ToRow();
            double used = validated ? row.Diagnostic("Ridge") : ridges[k];
            rows.Add((row, used, validated, row.TestMse));
        }
        return Flag(rows, ridges.Count);
    }

    /// <summary>Refuses an empty grid, a NaN, infinite or negative value, and a learner without a ridge setting.</summary>
    public static void Validate(LearnerSpec spec, IReadOnlyList<double> ridges)
    {
        if (ridges is null || ridges.Count == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", "Give at least one ridge value (-Ridge).");
        foreach (double r in ridges)
            if (!double.IsFinite(r) || r < 0)
                throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"Every -Ridge must be non-negative and finite, got {r}.");
        if (spec.WithRidge(null) is null)
            throw new FeatureLearningException("FeatureLearning.NoRidgeSetting",
                $"{spec.Name} has no single ridge setting to vary; use a learner with -Ridge (Invoke-KernelRidge, Invoke-RandomFeatures, Invoke-TwoPhaseNetwork, Invoke-TangentKernelRidge, Invoke-OneStepNetwork or Invoke-SpikedRandomFeatures with -AsSpec).");
    }

    private static IReadOnlyList<RidgePathRow> RunKernel(KernelRidgeSpec spec, Dataset train, Dataset? test, long seed, IReadOnlyList<double> ridges,
        bool includeValidated, FitContext context)
    {
        Trial.Check(spec, train, test, context);
        var clock = Stopwatch.StartNew();
        var path = spec.FitPath(train, seed, ridges, includeValidated, context);
        double seconds = clock.Elapsed.TotalSeconds / path.Models.Count;
        var testPredictions = test is { Count: > 0 } ? path.Predict(test, context.Cancellation) : null;
        var rows = new List<(ResultRow Row, double Ridge, bool Validated, double Mse)>();
        for (int k = 0; k < path.Models.Count; k++)
        {
            bool validated = k >= path.GridCount;
            var model = path.Models[k];
            var fixedSpec = spec with { Ridge = validated ? null : model.Ridge };
            var row = Trial.Measure(fixedSpec, KernelRidgeSpec.FitOf(model), train, test, seed, seconds, context,
                testPredictions?[k], path.TrainingPredictions[k]).ToRow();
            rows.Add((row, model.Ridge, validated, row.TestMse));
        }
        return Flag(rows, path.GridCount);
    }

    private static IReadOnlyList<RidgePathRow> Flag(List<(ResultRow Row, double Ridge, bool Validated, double Mse)> rows, int gridCount)
    {
        int best = -1;
        double bestScore = double.PositiveInfinity;
        for (int k = 0; k < gridCount; k++)
        {
            // The classification error (or the MSE for regression), the MSE breaking ties, as the validation search does.
            double score = rows[k].Row.TestError + 1e-6 * rows[k].Mse;
            if (score < bestScore) { best = k; bestScore = score; }
        }
        return rows.Select((r, k) => new RidgePathRow(r.Row, r.Ridge, r.Validated, k == best)).ToList();
    }
}
