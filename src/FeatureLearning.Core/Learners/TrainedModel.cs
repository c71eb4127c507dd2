using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Learners;

/// <summary>
/// What a learner cmdlet returns: the fitted model plus flat summary properties (errors measured on a fresh test
/// set from the data's generator), its training history where it has one, and the data's generator.
/// </summary>
public sealed class TrainedModel
{
    public required string Learner { get; init; }

    public required string Task { get; init; }

    public int D { get; init; }

    public int N { get; init; }

    public double Alpha => D > 0 ? (double)N / D : double.NaN;

    public long Seed { get; init; }

    /// <summary>Classification error (classification tasks) or MSE (regression) on fresh test data.</summary>
    public double TestError { get; init; }

    public double TestMse { get; init; }

    public double TrainError { get; init; }

    public double BayesError { get; init; }

    public int TestSamples { get; init; }

    public double Seconds { get; init; }

    /// <summary>Short description of the hyper-parameters.</summary>
    public string Settings { get; init; } = "";

    public required IModel Model { get; init; }

    public IReadOnlyList<TrainingRecord> History { get; init; } = Array.Empty<TrainingRecord>();

    public IDataGenerator? Generator { get; init; }

    /// <summary>
    /// Measures <paramref name="model"/> on the training set and on <paramref name="test"/>, or, when none is given,
    /// on <paramref name="testSamples"/> fresh samples from the training data's generator (NaN without one).
    /// </summary>
    public static TrainedModel Create(IModel model, Dataset train, long seed, double seconds, int testSamples,
        Dataset? test = null, IReadOnlyList<TrainingRecord>? history = null, string settings = "", CancellationToken cancel = default)
    {
        if (test is null && train.Generator is not null && testSamples > 0)
            test = train.Generator.Sample(testSamples, Rng.ForStream(seed, 1000), cancel);
        var testMeasure = test is null ? new ErrorMeasure(double.NaN, double.NaN) : Metrics.Evaluate(model, test, cancel);
        var trainMeasure = train.Count > 0 ? Metrics.Evaluate(model, train, cancel) : new ErrorMeasure(double.NaN, double.NaN);
        return new TrainedModel
        {
            Learner = model.Learner,
            Task = train.TaskName,
            D = train.Dimension,
            N = train.Count,
            Seed = seed,
            TestError = testMeasure.Error,
            TestMse = testMeasure.Mse,
            TrainError = trainMeasure.Error,
            BayesError = train.Generator?.BayesError ?? double.NaN,
            TestSamples = test?.Count ?? 0,
            Seconds = seconds,
            Settings = settings,
            Model = model,
            History = history ?? Array.Empty<TrainingRecord>(),
            Generator = train.Generator,
        };
    }

    public override string ToString() =>
        $"{Model} on {Task} (n={N}): test error {TestError:F4}" + (double.IsNaN(BayesError) ? "" : $", Bayes {BayesError:F4}");
}
