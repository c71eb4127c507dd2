using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Sweeps;

namespace FeatureLearning.Core.Tests.Sweeps;

internal static class SweepTestData
{
    public static readonly GaussianMixtureGenerator Generator = new(16, 4.0, MixtureKind.Xor, seed: 5);

    public static IReadOnlyList<LearnerSpec> Learners() => new LearnerSpec[]
    {
        new TwoLayerNetSpec(new TwoLayerNetOptions { Hidden = 4, Time = 4 }),
        new RandomFeaturesSpec(new RandomFeaturesOptions(), FeaturesPerDimension: 2.0),
        new KernelRidgeSpec(new KernelSpec(KernelKind.Rbf)),
    };

    public static readonly int[] Counts = { 16, 32 };

    public static readonly long[] Seeds = { 0, 1 };

    public const int TestSamples = 400;

    public static SweepPlan Plan() => SweepPlan.Create(Generator, Learners(), Counts, Seeds, TestSamples);

    /// <summary>Every field of a row except the wall-clock seconds.</summary>
    public static string Key(ComparisonRow r) => $"{r.Learner}|{r.Task}|{r.D}|{r.N}|{r.Alpha:R}|{r.Seed}|{r.TestError:R}|{r.TrainError:R}|{r.TestMse:R}|{r.BayesError:R}";
}
