using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

public class LearnerComparisonTests
{
    private static Dataset Mixture => ((IDataGenerator)new GaussianMixtureGenerator(10, 4, MixtureKind.TwoCluster, 1)).Sample(1, new Rng(0));

    [Fact]
    public void One_row_per_learner_size_and_seed_and_reproducible()
    {
        var comparison = new LearnerComparison
        {
            Data = Mixture,
            Learners = new LearnerSpec[] { new RandomFeaturesSpec { Features = 20 }, new KernelRidgeSpec { Kernel = KernelKind.Linear, Ridge = 1 } },
            SampleCounts = new[] { 20, 40 },
            Seeds = new long[] { 0, 1 },
            TestSamples = 500,
        };
        var grid = comparison.Plan();
        var rows = comparison.Run(grid, FitContext.None).ToList();
        Assert.Equal(8, rows.Count);
        Assert.Empty(grid.Notices);
        Assert.All(rows, r => Assert.Equal(r.N / 10.0, r.Alpha, 12));
        Assert.All(rows, r => Assert.Equal(0.5, r.NullError));
        var again = comparison.Run(comparison.Plan(), FitContext.None).ToList();
        Assert.Equal(rows.Select(r => r.TestError), again.Select(r => r.TestError));
    }

    [Fact]
    public void A_trial_that_fails_is_reported_and_the_others_run_when_a_handler_is_given()
    {
        // SGD at η = 10⁶ diverges in every trial; the kernel's trials are unaffected. Settings are valid, so only running
        // the trial shows the failure.
        var comparison = new LearnerComparison
        {
            Data = Mixture,
            Learners = new LearnerSpec[] { new TwoLayerNetSpec { LearningRate = 1e6, Time = 2 }, new KernelRidgeSpec { Kernel = KernelKind.Linear, Ridge = 1 } },
            SampleCounts = new[] { 20, 40 },
            Seeds = new long[] { 0, 1 },
            TestSamples = 200,
        };
        var failures = new List<(string Label, string Id)>();
        var rows = comparison.Run(comparison.Plan(), FitContext.None, (label, ex) => failures.Add((label, ex.ErrorId))).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal("KernelRidge", r.Learner));
        Assert.Equal(4, failures.Count);
        Assert.All(failures, f => Assert.Equal("FeatureLearning.Diverged", f.Id));
        Assert.Contains(failures, f => f.Label == "TwoLayerNet n=40 seed=1");
        // Without a handler the first failure ends the comparison, as before.
        Assert.Throws<DivergenceException>(() => comparison.Run(comparison.Plan(), FitContext.None).ToList());
    }

    [Fact]
    public void Skipped_and_adapted_trials_are_reported_once_per_learner_with_counts()
    {
        var comparison = new LearnerComparison
        {
            Data = Mixture,
            Learners = new LearnerSpec[]
            {
                new KernelRidgeSpec { Kernel = KernelKind.Linear, Ridge = 1, DenseLimit = 30, Centers = 25 },
                new TwoPhaseNetworkSpec { Width = 8, FirstPhaseSamples = 39 },
            },
            SampleCounts = new[] { 20, 40, 60 },
            Seeds = new long[] { 0, 1, 2 },
            TestSamples = 200,
        };
        var grid = comparison.Plan();
        Assert.Equal(2, grid.Notices.Count);
        Assert.Contains(grid.Notices, n => n.StartsWith("KernelRidge") && n.Contains("6 trials (n = 40, 60)") && n.Contains("Nyström"));
        Assert.Contains(grid.Notices, n => n.StartsWith("TwoPhaseNetwork") && n.Contains("skipped 6 trials (n = 20, 40)"));
        var rows = comparison.Run(grid, FitContext.None).ToList();
        Assert.Equal(9 + 3, rows.Count);
        // The row says which solver ran: no centres for the exact solve, M centres above the limit.
        Assert.All(rows.Where(r => r.Learner == "KernelRidge"), r => Assert.Equal(r.N > 30 ? 25 : 0, r.Diagnostic(KernelRidgeSpec.NystromCentres)));
    }

    [Fact]
    public void User_data_needs_a_test_set_and_every_seed_sees_the_same_rows()
    {
        var rng = new Rng(4);
        var x = new double[60 * 3];
        rng.FillGaussian(x);
        var y = Enumerable.Range(0, 60).Select(i => x[3 * i] - 2 * x[3 * i + 1]).ToArray();
        var data = new Dataset(x[..(40 * 3)], y[..40], 3, null);
        var test = new Dataset(x[(40 * 3)..], y[40..], 3, null);
        var noTest = new LearnerComparison
        {
            Data = data, Learners = new LearnerSpec[] { new KernelRidgeSpec { Kernel = KernelKind.Linear, Ridge = 1e-6 } },
            SampleCounts = new[] { 20, 40 }, Seeds = new long[] { 0, 1 },
        };
        Assert.Equal("FeatureLearning.NoTestData", Assert.Throws<FeatureLearningException>(() => noTest.Plan()).ErrorId);
        var comparison = new LearnerComparison
        {
            Data = data, TestData = test, Learners = noTest.Learners, SampleCounts = noTest.SampleCounts, Seeds = noTest.Seeds,
        };
        var rows = comparison.Run(comparison.Plan(), FitContext.None).ToList();
        Assert.Equal(4, rows.Count);
        // A noiseless linear target: linear ridge recovers it, far below the predict-the-mean error measured on the test set.
        Assert.All(rows, r => Assert.True(r.TestError < 1e-6 * r.NullError, $"{r.TestError} vs null {r.NullError}"));
        Assert.Equal(Trial.EmpiricalNullError(data.Take(rows[0].N), test), rows[0].NullError);
        Assert.Equal("Custom", rows[0].Task);
    }
}
