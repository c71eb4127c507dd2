using System.Diagnostics;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Comparison;

/// <summary>
/// Runs learners over sample sizes and seeds on one task. For each seed the training set is drawn once at the
/// largest n and smaller n take its first rows (nested learning curves); all learners share the seed's test set.
/// </summary>
public sealed class LearnerComparison
{
    public required IDataGenerator Generator { get; init; }

    public required IReadOnlyList<LearnerSpec> Learners { get; init; }

    /// <summary>Training-set sizes, ascending.</summary>
    public required IReadOnlyList<int> SampleCounts { get; init; }

    public required IReadOnlyList<long> Seeds { get; init; }

    public int TestSamples { get; init; } = 10000;

    /// <summary>The default trio with the settings of the mixture spec (ReLU K = 4 net; P = 2d random features; RBF kernel ridge).</summary>
    public static IReadOnlyList<LearnerSpec> DefaultLearners() => new LearnerSpec[]
    {
        new TwoLayerNetSpec(new TwoLayerNetOptions { Hidden = 4, Activation = Activation.Relu, LearningRate = 0.5, Time = 200 }),
        new RandomFeaturesSpec(new RandomFeaturesOptions { Activation = Activation.Relu }, FeaturesPerDimension: 2.0),
        new KernelRidgeSpec(new Kernels.KernelSpec(Kernels.KernelKind.Rbf)),
    };

    public int TotalTrials => Seeds.Count * SampleCounts.Count * Learners.Count;

    /// <summary>
    /// Yields rows as they finish. <paramref name="skipped"/> is told about trials a learner cannot run (too large).
    /// </summary>
    public IEnumerable<ComparisonRow> Run(FitContext context, Action<string>? skipped = null)
    {
        Validate();
        int d = Generator.Dimension;
        int nMax = SampleCounts.Max();
        int done = 0;
        foreach (long seed in Seeds)
        {
            var train = Generator.Sample(nMax, Rng.ForStream(seed, 100), context.Cancellation);
            var test = Generator.Sample(TestSamples, Rng.ForStream(seed, 101), context.Cancellation);
            foreach (int n in SampleCounts)
            {
                var subset = n == nMax ? train : train.Take(n);
                foreach (var learner in Learners)
                {
                    context.ThrowIfCancelled();
                    string trial = $"{learner.Name} n={n} seed={seed}";
                    if (n > learner.MaxSamples)
                    {
                        skipped?.Invoke($"{trial}: skipped, n exceeds this learner's limit of {learner.MaxSamples} samples.");
                        done++;
                        continue;
                    }
                    int trialIndex = done;
                    var inner = new FitContext
                    {
                        Cancellation = context.Cancellation,
                        Progress = (f, s) => context.Report((trialIndex + f) / TotalTrials, $"{trial}: {s}"),
                    };
                    var clock = Stopwatch.StartNew();
                    var model = learner.Fit(subset, seed, inner);
                    double seconds = clock.Elapsed.TotalSeconds;
                    var testMeasure = Metrics.Evaluate(model, test, context.Cancellation);
                    var trainMeasure = Metrics.Evaluate(model, subset, context.Cancellation);
                    done++;
                    context.Report((double)done / TotalTrials, trial);
                    yield return new ComparisonRow(learner.Name, Generator.TaskName, d, n, (double)n / d, seed,
                        testMeasure.Error, trainMeasure.Error, testMeasure.Mse, seconds, Generator.BayesError);
                }
            }
        }
    }

    private void Validate()
    {
        if (Learners.Count == 0) throw new FeatureLearningException("FeatureLearning.NoLearner", "Name at least one learner.");
        if (SampleCounts.Count == 0) throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "Give at least one sample size (-Alpha or -Samples).");
        if (SampleCounts.Any(n => n < 1))
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"Every sample size must be at least 1; got {string.Join(", ", SampleCounts)}. Use larger -Alpha values.");
        long values = (long)SampleCounts.Max() * Generator.Dimension;
        if (values > Array.MaxLength)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"The largest training set ({SampleCounts.Max():N0} samples × {Generator.Dimension} dimensions) is too large to hold; use smaller -Alpha or -Samples.");
        if ((long)TestSamples * Generator.Dimension > Array.MaxLength)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", $"-TestSamples {TestSamples} × {Generator.Dimension} dimensions is too large to hold; use fewer test samples.");
        if (Seeds.Count == 0) throw new FeatureLearningException("FeatureLearning.InvalidSeed", "Give at least one -Seed.");
        if (TestSamples < 1) throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", $"-TestSamples must be at least 1, got {TestSamples}.");
    }
}
