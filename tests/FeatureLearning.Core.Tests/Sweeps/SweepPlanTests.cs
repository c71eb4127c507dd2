using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Sweeps;

namespace FeatureLearning.Core.Tests.Sweeps;

public class SweepPlanTests
{
    [Fact]
    public void JsonRoundTripKeepsEverySetting()
    {
        var plan = SweepTestData.Plan(new LearnerSpec[]
        {
            new TwoLayerNetSpec { Hidden = 7, LearningRate = 0.125, SecondLayer = new[] { 1.0, 1, 1, -1, -1, -1, 0.5 }, Epochs = 3, UseBias = true },
            new RandomFeaturesSpec { Features = 33, Ridge = 0.25 },
            new KernelRidgeSpec { Kernel = Kernels.KernelKind.Polynomial, Degree = 3, Ridge = 1e-3, DenseLimit = 20 },
        }, new[] { 32, 16 }, new long[] { 4, 9 }, 123);
        var back = SweepPlan.Parse(plan.ToJson());
        Assert.Equal(plan.ToJson(), back.ToJson());
        Assert.Equal(plan.Task, back.Task);
        Assert.Equal(plan.Trials, back.Trials);
        var net = Assert.IsType<TwoLayerNetSpec>(back.Learners[0]);
        Assert.Equal(new[] { 1.0, 1, 1, -1, -1, -1, 0.5 }, net.SecondLayer);
        Assert.Equal(3, net.Epochs);
        Assert.Equal(plan.Learners.Select(l => l.Describe()), back.Learners.Select(l => l.Describe()));
        // Above its exact limit of 20 samples kernel ridge runs with Nyström centres, so no trial is dropped.
        Assert.Equal(12, back.TrialCount);
        Assert.All(back.Trials, t => Assert.Equal(32, t.TrainingPool));
    }

    [Theory]
    [InlineData("not json at all", "FeatureLearning.InvalidSweepPlan")]
    [InlineData("{\"name\": \"a workbook\"}", "FeatureLearning.InvalidSweepPlan")]
    [InlineData("{\"format\": \"FeatureLearning.SweepPlan\", \"version\": 3}", "FeatureLearning.UnsupportedSweepPlanVersion")]
    [InlineData("{\"format\": \"FeatureLearning.SweepPlan\", \"version\": 1, \"task\": {\"kind\": \"GaussianMixture\"}, \"learners\": [], \"trials\": []}", "FeatureLearning.UnsupportedSweepPlanVersion")]
    [InlineData("{\"format\": \"FeatureLearning.SweepPlan\", \"version\": 2, \"task\": {\"task\": \"Spiral\"}, \"learners\": [], \"trials\": []}", "FeatureLearning.InvalidSweepPlan")]
    public void UnreadableFilesAreNamed(string json, string errorId)
    {
        var ex = Assert.ThrowsAny<FeatureLearningException>(() => SweepPlan.Parse(json, "x.json"));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains("x.json", ex.Message);
    }

    [Fact]
    public void HandEditedInconsistenciesAreCaught()
    {
        var json = SweepTestData.Plan().ToJson().Replace("\"learner\": 2,", "\"learner\": 9,");
        var ex = Assert.Throws<FeatureLearningException>(() => SweepPlan.Parse(json));
        Assert.Equal("FeatureLearning.InvalidSweepPlan", ex.ErrorId);
        Assert.Contains("learner 9", ex.Message);
        var typo = SweepTestData.Plan().ToJson().Replace("\"learningRate\"", "\"learnigRate\"");
        Assert.Equal("FeatureLearning.InvalidSweepPlan", Assert.Throws<FeatureLearningException>(() => SweepPlan.Parse(typo)).ErrorId);
    }

    [Theory]
    [InlineData("\"hidden\": 4", "\"hidden\": 100000000", "-Hidden")]
    [InlineData("\"time\": 4", "\"time\": 1e300", "-Time")]
    [InlineData("\"activation\": \"Relu\"", "\"activation\": 7", "activation")]
    [InlineData("\"activation\": \"Relu\"", "\"activation\": \"99\"", "activation")]
    [InlineData("\"learningRate\": 0.5", "\"learningRate\": \"NaN\"", "-LearningRate")]
    public void PlansPassTheSameChecksAsTheCmdlets(string setting, string edited, string named)
    {
        // A hand-edited plan cannot ask for what a cmdlet would refuse: sizes that exhaust memory, a time that never ends,
        // enum values stored as numbers, NaN for a setting.
        var json = SweepTestData.Plan().ToJson();
        Assert.Contains(setting, json);
        var ex = Assert.Throws<FeatureLearningException>(() => SweepPlan.Parse(json.Replace(setting, edited)));
        Assert.Equal("FeatureLearning.InvalidSweepPlan", ex.ErrorId);
        Assert.Contains(named, ex.Message);
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
