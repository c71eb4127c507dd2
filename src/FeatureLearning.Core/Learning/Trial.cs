using System.Diagnostics;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Learning;

/// <summary>
/// The one trial function every path runs (Invoke-* cmdlets, Compare-Learner, Invoke-Sweep, the Slurm worker): fit a
/// learner, measure it on a test set, and report one flat row with the reference errors, the learner's diagnostics, the
/// first layer's alignment with the task's directions and the task's own measures.
/// </summary>
public static class Trial
{
    /// <summary>
    /// A seed's data for comparisons and sweeps: a training pool of <paramref name="poolSize"/> samples (each n takes its
    /// first rows, so learning curves are nested) and a test set shared by every learner and n of the seed.
    /// </summary>
    public static (Dataset Pool, Dataset Test) Draw(IDataGenerator task, int poolSize, int testSamples, long seed, CancellationToken cancel)
    {
        var pool = task.Sample(poolSize, Rng.ForStream(seed, RandomStreams.TrialTrainingPool), cancel);
        var test = task.Sample(testSamples, Rng.ForStream(seed, RandomStreams.TrialTestSet), cancel);
        return (pool, test);
    }

    /// <summary>
    /// Fits <paramref name="spec"/> on <paramref name="train"/> with <paramref name="seed"/> and measures it on
    /// <paramref name="test"/> (errors NaN without one). Settings are validated first, through the same checks as
    /// everywhere else.
    /// </summary>
    public static TrainedModel Run(LearnerSpec spec, Dataset train, Dataset? test, long seed, FitContext context)
    {
        Check(spec, train, test, context);
        var clock = Stopwatch.StartNew();
        var fit = spec.Fit(train, seed, context);
        return Measure(spec, fit, train, test, seed, clock.Elapsed.TotalSeconds, context);
    }

    /// <summary>The checks <see cref="Run"/> makes before fitting.</summary>
    internal static void Check(LearnerSpec spec, Dataset train, Dataset? test, FitContext context)
    {
        spec.Validate(train.Dimension);
        spec.CheckTask(train.Generator, train.TaskType);
        if (test is not null && test.Dimension != train.Dimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The test set has dimension {test.Dimension} but the training data has {train.Dimension}; draw both from one task.");
        context.ThrowIfCancelled();
    }

    /// <summary>
    /// The row and trained model of a fit: <see cref="Run"/>'s measurements, with the model's predictions on the test and
    /// training sets taken from <paramref name="testPredictions"/> and <paramref name="trainPredictions"/> when the caller
    /// has them (a ridge path computes them for all its models at once).
    /// </summary>
    internal static TrainedModel Measure(LearnerSpec spec, LearnerFit fit, Dataset train, Dataset? test, long seed, double seconds, FitContext context,
        double[]? testPredictions = null, double[]? trainPredictions = null)
    {
        var task = train.Generator;
        var cancel = context.Cancellation;
        var testMeasure = test is { Count: > 0 }
            ? testPredictions is not null ? Metrics.Score(testPredictions, test.Y, test.TaskType) : Metrics.Evaluate(fit.Model, test, cancel)
            : new ErrorMeasure(double.NaN, double.NaN);
        var trainMeasure = train.Count > 0
            ? trainPredictions is not null ? Metrics.Score(trainPredictions, train.Y, train.TaskType) : Metrics.Evaluate(fit.Model, train, cancel)
            : new ErrorMeasure(double.NaN, double.NaN);
        var diagnostics = new List<Diagnostic>(fit.Diagnostics);
        diagnostics.AddRange(FirstLayerAlignment.Measure(fit.Model, task, cancel));
        if (task is ITaskMeasures measures)
            diagnostics.AddRange(measures.Measure(fit.Model, seed, test?.Count is > 0 ? test.Count : 10000, cancel));

        var row = new ResultRow
        {
            Learner = spec.Name.ToString(),
            Settings = spec.Describe(),
            Task = train.TaskName,
            D = train.Dimension,
            N = train.Count,
            Seed = seed,
            TestError = testMeasure.Error,
            TrainError = trainMeasure.Error,
            TestMse = testMeasure.Mse,
            NullError = task?.NullError ?? EmpiricalNullError(train, test),
            BayesError = task?.BayesError ?? double.NaN,
            TestSamples = test?.Count ?? 0,
            Seconds = seconds,
            Diagnostics = diagnostics,
        };
        return new TrainedModel(row, spec, fit.Model, fit.History, task);
    }

    /// <summary>
    /// The diagnostic columns a trial of <paramref name="spec"/> on <paramref name="task"/> can report, in row order
    /// (the learner's, then the alignment where the task has hidden directions, then the task's measures).
    /// </summary>
    public static IEnumerable<string> DiagnosticNames(LearnerSpec spec, IDataGenerator? task)
    {
        foreach (var name in spec.DiagnosticNames) yield return name;
        if (task is ISignalDirections)
            foreach (var name in FirstLayerAlignment.Names) yield return name;
        if (task is ITaskMeasures measures)
            foreach (var name in measures.MeasureNames) yield return name;
    }

    /// <summary>
    /// Data without a task: the test error of the constant the training set suggests (its mean label, or its majority
    /// label for ±1 data), NaN without a test set.
    /// </summary>
    public static double EmpiricalNullError(Dataset train, Dataset? test)
    {
        if (test is not { Count: > 0 } || train.Count == 0) return double.NaN;
        double constant;
        if (train.TaskType == TaskType.Classification)
        {
            int positive = 0;
            foreach (double y in train.Y) if (y > 0) positive++;
            constant = 2 * positive >= train.Count ? 1.0 : -1.0;
        }
        else constant = train.Y.Average();
        var predictions = new double[test.Count];
        Array.Fill(predictions, constant);
        return Metrics.Score(predictions, test.Y, train.TaskType).Error;
    }
}
