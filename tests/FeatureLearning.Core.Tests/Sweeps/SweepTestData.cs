using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Sweeps;

namespace FeatureLearning.Core.Tests.Sweeps;

internal static class SweepTestData
{
    public static readonly GaussianMixtureGenerator Generator = new(16, 4.0, MixtureKind.Xor, seed: 5);

    public static Dataset Data => DataOf(Generator);

    public static Dataset DataOf(IDataGenerator generator) => generator.Sample(1, new Rng(0));

    public static IReadOnlyList<LearnerSpec> Learners() => new LearnerSpec[]
    {
        new TwoLayerNetSpec { Hidden = 4, Time = 4 },
        new RandomFeaturesSpec { FeaturesPerDimension = 2.0 },
        new KernelRidgeSpec(),
    };

    public static readonly int[] Counts = { 16, 32 };

    public static readonly long[] Seeds = { 0, 1 };

    public const int TestSamples = 400;

    public static LearnerComparison Comparison(IReadOnlyList<LearnerSpec>? learners = null, IReadOnlyList<int>? counts = null,
        IReadOnlyList<long>? seeds = null, int testSamples = TestSamples, IDataGenerator? generator = null) => new()
    {
        Data = DataOf(generator ?? Generator), Learners = learners ?? Learners(), SampleCounts = counts ?? Counts, Seeds = seeds ?? Seeds, TestSamples = testSamples,
    };

    public static SweepPlan Plan(IReadOnlyList<LearnerSpec>? learners = null, IReadOnlyList<int>? counts = null, IReadOnlyList<long>? seeds = null,
        int testSamples = TestSamples, IDataGenerator? generator = null) => SweepPlan.Create(Comparison(learners, counts, seeds, testSamples, generator), out _);

    /// <summary>Every field of a row except the wall-clock seconds.</summary>
    public static string Key(ResultRow r) =>
        $"{r.Learner}|{r.Settings}|{r.Task}|{r.D}|{r.N}|{r.Seed}|{r.TestError:R}|{r.TrainError:R}|{r.TestMse:R}|{r.NullError:R}|{r.BayesError:R}|" +
        string.Join(",", r.Diagnostics.Select(d => $"{d.Name}={d.Value:R}"));
}
