using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Sweeps;

namespace FeatureLearning.Core.Tests.Sweeps;

public class SweepPlanTests
{
    [Fact]
    public void JsonRoundTripKeepsEverySetting()
    {
        var plan = SweepPlan.Create(SweepTestData.Generator,
            new LearnerSpec[]
            {
                new TwoLayerNetSpec(new TwoLayerNetOptions { Hidden = 7, LearningRate = 0.125, SecondLayer = new[] { 1.0, 1, 1, -1, -1, -1, 0.5 }, Epochs = 3, UseBias = true }),
                new RandomFeaturesSpec(new RandomFeaturesOptions { Features = 33, Ridge = 0.25 }),
                new KernelRidgeSpec(new Kernels.KernelSpec(Kernels.KernelKind.Polynomial, Degree: 3), Ridge: 1e-3, MaxDenseSamples: 20),
            }, new[] { 32, 16 }, new long[] { 4, 9 }, 123);
        var back = SweepPlan.Parse(plan.ToJson());
        Assert.Equal(plan.ToJson(), back.ToJson());
        Assert.Equal(plan.Task, back.Task);
        Assert.Equal(plan.Trials, back.Trials);
        var net = Assert.IsType<TwoLayerNetDescription>(back.Learners[0]);
        Assert.Equal(new[] { 1.0, 1, 1, -1, -1, -1, 0.5 }, net.Settings.SecondLayer);
        Assert.Equal(3, net.Settings.Epochs);
        // The kernel's limit of 20 samples drops its n = 32 trials, as Compare-Learner skips them.
        Assert.DoesNotContain(back.Trials, t => t.Learner == 2 && t.N == 32);
        Assert.Equal(10, back.TrialCount);
        Assert.All(back.Trials, t => Assert.Equal(32, t.TrainingPool));
    }

    [Theory]
    [InlineData("not json at all", "FeatureLearning.InvalidSweepPlan")]
    [InlineData("{\"name\": \"a workbook\"}", "FeatureLearning.InvalidSweepPlan")]
    [InlineData("{\"format\": \"FeatureLearning.SweepPlan\", \"version\": 2}", "FeatureLearning.UnsupportedSweepPlanVersion")]
    [InlineData("{\"format\": \"FeatureLearning.SweepPlan\", \"version\": 1, \"task\": {\"kind\": \"Spiral\"}, \"learners\": [], \"trials\": []}", "FeatureLearning.InvalidSweepPlan")]
    public void UnreadableFilesAreNamed(string json, string errorId)
    {
        var ex = Assert.ThrowsAny<FeatureLearningException>(() => SweepPlan.Parse(json, "x.json"));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains("x.json", ex.Message);
    }

    [Fact]
    public void HandEditedInconsistenciesAreCaught()
    {
        var json = SweepTestData.Plan().ToJson().Replace("\"learner\": 2", "\"learner\": 9");
        var ex = Assert.Throws<FeatureLearningException>(() => SweepPlan.Parse(json));
        Assert.Equal("FeatureLearning.InvalidSweepPlan", ex.ErrorId);
        Assert.Contains("learner 9", ex.Message);
        var typo = SweepTestData.Plan().ToJson().Replace("\"learningRate\"", "\"learnigRate\"");
        Assert.Equal("FeatureLearning.InvalidSweepPlan", Assert.Throws<FeatureLearningException>(() => SweepPlan.Parse(typo)).ErrorId);
    }

    [Fact]
    public void ChunksCoverTheTrialsOnce()
    {
        var plan = SweepTestData.Plan();
        var ids = Enumerable.Range(0, 3).SelectMany(i => plan.Chunk(i, 5)).Select(t => t.Id).ToList();
        Assert.Equal(plan.Trials.Select(t => t.Id), ids);
        Assert.Throws<FeatureLearningException>(() => plan.Chunk(3, 5));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 7, 9, 10, 11, 12 }, "0-3,7,9-12")]
    [InlineData(new[] { 5 }, "5")]
    [InlineData(new[] { 4, 2, 3, 3 }, "2-4")]
    public void TrialIdListsRoundTrip(int[] ids, string text)
    {
        Assert.Equal(text, TrialIds.Format(ids));
        Assert.Equal(ids.Distinct().OrderBy(i => i), TrialIds.Parse(text));
    }

    [Theory]
    [InlineData("1-")]
    [InlineData("3-1")]
    [InlineData("a")]
    [InlineData("-2")]
    public void BadTrialIdListsAreRejected(string text) =>
        Assert.Equal("FeatureLearning.InvalidTrialId", Assert.Throws<FeatureLearningException>(() => TrialIds.Parse(text)).ErrorId);
}
