using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Tests;

public class LearnerComparisonTests
{
    [Fact]
    public void One_row_per_learner_size_and_seed_and_reproducible()
    {
        var comparison = new LearnerComparison
        {
            Generator = new GaussianMixtureGenerator(10, 4, MixtureKind.TwoCluster, 1),
            Learners = new LearnerSpec[]
            {
                new RandomFeaturesSpec(new RandomFeaturesOptions { Features = 20 }),
                new KernelRidgeSpec(new KernelSpec(KernelKind.Linear), Ridge: 1, MaxDenseSamples: 30),
            },
            SampleCounts = new[] { 20, 40 },
            Seeds = new long[] { 0, 1 },
            TestSamples = 500,
        };
        var skipped = new List<string>();
        var rows = comparison.Run(FitContext.None, skipped.Add).ToList();
        Assert.Equal(6, rows.Count);       // kernel ridge skips n = 40 for both seeds
        Assert.Equal(2, skipped.Count);
        Assert.All(rows, r => Assert.Equal(r.N / 10.0, r.Alpha, 12));
        var again = comparison.Run(FitContext.None).ToList();
        Assert.Equal(rows.Select(r => r.TestError), again.Select(r => r.TestError));
    }
}
