using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Comparison;

/// <summary>
/// Runs learners over sample sizes and seeds. On a task each seed draws one training pool at the largest n (smaller n take
/// its first rows: nested learning curves) and one test set shared by all learners and n. On user data the pool is the
/// given data (every seed sees the same rows; the seed changes the learners' own randomness) and the test set is given.
/// </summary>
public sealed class LearnerComparison
{
    /// <summary>A task's data (its generator draws every seed's pool and test set), or user data with <see cref="TestData"/>.</summary>
    public required Dataset Data { get; init; }

    /// <summary>The test set for user data (ignored on a task: each seed draws its own).</summary>
    public Dataset? TestData { get; init; }

    public required IReadOnlyList<LearnerSpec> Learners { get; init; }

    /// <summary>Training-set sizes.</summary>
    public required IReadOnlyList<int> SampleCounts { get; init; }

    public required IReadOnlyList<long> Seeds { get; init; }

    public int TestSamples { get; init; } = 10000;

    /// <summary>The diagnostic columns of the rows (the union over learners, in first-seen order).</summary>
    public IReadOnlyList<string> DiagnosticNames() =>
        Learners.SelectMany(l => Trial.DiagnosticNames(l, Data.Generator)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The trials to run and one notice per learner that skips or adapts some (validates everything first).</summary>
    public TrialGrid Plan()
    {
        var task = Data.Generator;
        if (task is null)
        {
            if (TestData is null)
                throw new FeatureLearningException("FeatureLearning.NoTestData",
                    "Data without a task (ConvertTo-Dataset, Import-Csv) cannot draw a test set: give -TestData, e.g. rows set aside from the same source.",
                    ErrorKind.InvalidOperation);
            if (TestData.Dimension != Data.Dimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"-TestData has dimension {TestData.Dimension} but the data has {Data.Dimension}.");
            if (SampleCounts.Any(n => n > Data.Count))
                throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                    $"The data has {Data.Count} rows, fewer than the largest sample size {SampleCounts.Max()}; give smaller -Samples or -Alpha.");
        }
        else
        {
            DatasetSize.EnsureFits(SampleCounts.DefaultIfEmpty(1).Max(), task.Dimension);
            if (TestSamples < 1) throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", $"-TestSamples must be at least 1, got {TestSamples}.");
            DatasetSize.EnsureFits(TestSamples, task.Dimension);
        }
        foreach (var learner in Learners) learner.CheckTask(task, Data.TaskType);
        return TrialGrid.Create(Learners, SampleCounts, Seeds, Data.Dimension);
    }

    /// <summary>
    /// Yields a row per trial as it finishes (trials of <paramref name="grid"/>, from <see cref="Plan"/>). A trial that
    /// fails on its own (SGD diverging at one n and seed; settings were checked by <see cref="Plan"/>) goes to
    /// <paramref name="onTrialFailure"/> with a label such as "TwoLayerNet n=500 seed=2", and the other trials run, as a
    /// sweep does; without it the failure ends the comparison. Cancellation always ends it.
    /// </summary>
    public IEnumerable<ResultRow> Run(TrialGrid grid, FitContext context, Action<string, FeatureLearningException>? onTrialFailure = null) =>
        RunTrials(grid, context, onTrialFailure, (learner, train, test, seed, inner) => new[] { Trial.Run(learner, train, test, seed, inner).ToRow() });

    /// <summary>
    /// <see cref="Run"/> with every trial a ridge path (<see cref="RidgePath"/>): the same training rows and test set per
    /// (n, seed) as the comparison, the learner fitted for each of <paramref name="ridges"/> (and its automatic ridge with
    /// <paramref name="includeValidated"/>); yields the rows of each path as it finishes.
    /// </summary>
    public IEnumerable<RidgePathRow> RunRidgePath(TrialGrid grid, IReadOnlyList<double> ridges, bool includeValidated, FitContext context,
        Action<string, FeatureLearningException>? onTrialFailure = null)
    {
        foreach (var learner in Learners) RidgePath.Validate(learner, ridges);
        return RunTrials(grid, context, onTrialFailure, (learner, train, test, seed, inner) => RidgePath.Run(learner, train, test, seed, ridges, includeValidated, inner));
    }

    private IEnumerable<T> RunTrials<T>(TrialGrid grid, FitContext context, Action<string, FeatureLearningException>? onTrialFailure,
        Func<LearnerSpec, Dataset, Dataset?, long, FitContext, IReadOnlyList<T>> runTrial)
    {
        var task = Data.Generator;
        int done = 0, total = grid.Trials.Count;
        foreach (var seedTrials in grid.Trials.GroupBy(t => t.Seed))
        {
            context.ThrowIfCancelled();
            var (pool, test) = task is null ? (Data, TestData!) : Trial.Draw(task, grid.Pool, TestSamples, seedTrials.Key, context.Cancellation);
            foreach (var trial in seedTrials)
            {
                var learner = Learners[trial.Learner];
                string label = $"{learner.Name} n={trial.N} seed={trial.Seed}";
                int index = done;
                var inner = new FitContext
                {
                    Cancellation = context.Cancellation,
                    Progress = (f, s) => context.Report((index + f) / total, $"{label}: {s}"),
                };
                var train = trial.N == pool.Count ? pool : pool.Take(trial.N);
                IReadOnlyList<T>? rows = null;
                try
                {
                    rows = runTrial(learner, train, test, trial.Seed, inner);
                }
                catch (FeatureLearningException ex) when (onTrialFailure is not null && !context.Cancellation.IsCancellationRequested)
                {
                    onTrialFailure(label, ex);
                }
                done++;
                context.Report((double)done / total, label);
                if (rows is not null)
                    foreach (var row in rows) yield return row;
            }
        }
    }
}
