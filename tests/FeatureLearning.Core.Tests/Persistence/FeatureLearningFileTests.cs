using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Persistence;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

public class FeatureLearningFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fl-persist-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (Dataset Train, Dataset Test) Data()
    {
        IDataGenerator g = new GaussianMixtureGenerator(12, 4, MixtureKind.Xor, 3);
        return (g.Sample(300, new Rng(1)), g.Sample(500, new Rng(2)));
    }

    [Fact]
    public void Dataset_round_trips_bit_exactly_and_keeps_its_generator()
    {
        var (train, _) = Data();
        string path = Path.Combine(_folder, "data.json");
        FeatureLearningFile.SaveDataset(train, path);
        var loaded = FeatureLearningFile.LoadDataset(path);
        Assert.Equal(train.X, loaded.X);
        Assert.Equal(train.Y, loaded.Y);
        var g = Assert.IsType<GaussianMixtureGenerator>(loaded.Generator);
        Assert.Equal(((GaussianMixtureGenerator)train.Generator!).E1, g.E1);   // rebuilt from its seed
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    public static IEnumerable<object[]> Models()
    {
        var (train, _) = Data();
        yield return new object[] { TwoLayerNetTrainer.Fit(train, new TwoLayerNetOptions { Time = 5, Seed = 1, MonitorSamples = 50, HistoryPoints = 4 }) };
        yield return new object[] { RandomFeaturesLearner.Fit(train, new RandomFeaturesOptions { Features = 30, Ridge = 1 }) };
        yield return new object[] { KernelRidgeLearner.Fit(train, new KernelSpec(KernelKind.Rbf), 1.0) };
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Reloaded_models_predict_exactly_as_the_originals(object fitted)
    {
        var (train, test) = Data();
        IModel model = fitted is TwoLayerNetFit f ? f.Net : (IModel)fitted;
        var history = fitted is TwoLayerNetFit h ? h.History : null;
        var trained = TrainedModel.Create(model, train, 1, 0.5, 0, test, history);
        string path = Path.Combine(_folder, "model.json");
        FeatureLearningFile.SaveModel(trained, path);
        var loaded = FeatureLearningFile.LoadModel(path);
        var a = new double[test.Count]; var b = new double[test.Count];
        model.Predict(test, a);
        loaded.Model.Predict(test, b);
        Assert.Equal(a, b);
        Assert.Equal(trained.TestError, loaded.TestError);
        Assert.Equal(trained.History.Count, loaded.History.Count);
        Assert.Equal(trained.History.Select(r => r.Q).ToList(), loaded.History.Select(r => r.Q).ToList());
    }

    [Theory]
    [InlineData("not json at all", "FeatureLearning.CorruptFile")]
    [InlineData("{\"format\":\"FeatureLearning.Dataset\",\"version\":1,\"dimension\":2", "FeatureLearning.CorruptFile")]
    [InlineData("{\"hello\":1}", "FeatureLearning.ForeignFile")]
    [InlineData("{\"format\":\"FeatureLearning.Model\",\"version\":1}", "FeatureLearning.ForeignFile")]
    [InlineData("{\"format\":\"FeatureLearning.Dataset\",\"version\":99}", "FeatureLearning.UnsupportedVersion")]
    [InlineData("{\"format\":\"FeatureLearning.Dataset\",\"version\":1,\"dimension\":2,\"count\":1,\"seed\":0,\"generator\":null,\"x\":\"AAAA\",\"y\":\"AAAAAAAAAAA=\"}", "FeatureLearning.CorruptFile")]
    public void Bad_files_get_clear_errors(string content, string errorId)
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, content);
        var ex = Assert.Throws<FeatureLearningException>(() => FeatureLearningFile.LoadDataset(path));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains("bad.json", ex.Message);
    }
}
