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

    private static double[] StoredArray(System.Text.Json.JsonElement e, string name) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(e.GetProperty(name).GetBytesFromBase64()).ToArray();

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

    [Fact]
    public void Version_1_files_are_still_read()
    {
        // Written by the module before the learner contract (fixtures): a dataset with its task, two models.
        string folder = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures");
        var xor = FeatureLearningFile.LoadDataset(Path.Combine(folder, "v1-xor-dataset.json"));
        Assert.Equal(new GaussianMixtureTask(MixtureKind.Xor, 8, 4, 3), xor.Generator!.Task);
        var teacher = FeatureLearningFile.LoadDataset(Path.Combine(folder, "v1-teacher-dataset.json"));
        var stored = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "v1-teacher-dataset.json")))
            .RootElement.GetProperty("generator");
        // The teacher's random a is kept as stored, whatever stream draws a today.
        Assert.Equal(StoredArray(stored, "a"), ((Core.ReluTeacher.AbsTeacherGenerator)teacher.Generator!).A);
        foreach (var name in new[] { "v1-twolayernet-model.json", "v1-kernelridge-model.json" })
        {
            var model = FeatureLearningFile.LoadModel(Path.Combine(folder, name));
            var root = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, name))).RootElement;
            // The stored training error, recomputed from the stored weights on the stored training set.
            Assert.Equal(root.GetProperty("trainError").GetDouble(), Metrics.Evaluate(model.GetModel(), xor).Error, 12);
            Assert.Null(model.GetSpec());
            Assert.Equal(root.GetProperty("settings").GetString(), model.ToRow().Settings);
        }
        var net = FeatureLearningFile.LoadModel(Path.Combine(folder, "v1-twolayernet-model.json"));
        Assert.Equal(3, net.GetHistory().Count);
        Assert.Contains("R1_1", net.GetHistory().Columns);
    }

    [Fact]
    public void A_small_file_cannot_make_the_reader_allocate_a_huge_task()
    {
        // 2.7 KB with a declared task dimension of 2e8 (issue 17): refused before any generator is built.
        var (train, _) = Data();
        string path = Path.Combine(_folder, "lie.json");
        FeatureLearningFile.SaveDataset(train, path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"dimension\":12,\"snr\"", "\"dimension\":200000000,\"snr\""));
        var before = GC.GetTotalAllocatedBytes();
        var ex = Assert.Throws<FeatureLearningException>(() => FeatureLearningFile.LoadDataset(path));
        Assert.Equal("FeatureLearning.CorruptFile", ex.ErrorId);
        Assert.Contains("dimension 200000000", ex.Message);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 100_000_000);
    }

    [Fact]
    public void A_file_too_large_to_parse_is_refused_before_reading()
    {
        // A sparse 2.2 GB file (no disk used): JSON cannot parse it, and it is refused by its size alone.
        string path = Path.Combine(_folder, "huge.json");
        using (var stream = File.Create(path)) stream.SetLength(2_200_000_000L);
        var before = GC.GetTotalAllocatedBytes();
        var ex = Assert.Throws<FeatureLearningException>(() => FeatureLearningFile.LoadDataset(path));
        Assert.Equal("FeatureLearning.FileTooLarge", ex.ErrorId);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 10_000_000);
    }

    [Fact]
    public void A_model_with_NaN_weights_is_refused()
    {
        var (train, test) = Data();
        var model = FeatureLearning.Core.Learning.Trial.Run(new FeatureLearning.Core.Learning.TwoLayerNetSpec { Time = 1 }, train, test, 1, FitContext.None);
        var net = (TwoLayerNet)model.GetModel();
        net.W[3] = double.NaN;
        string path = Path.Combine(_folder, "nan.json");
        FeatureLearningFile.SaveModel(model, path);
        var ex = Assert.Throws<FeatureLearningException>(() => FeatureLearningFile.LoadModel(path));
        Assert.Equal("FeatureLearning.CorruptFile", ex.ErrorId);
        Assert.Contains("NaN", ex.Message);
    }

    [Theory]
    [InlineData("not json at all", "FeatureLearning.CorruptFile")]
    [InlineData("{\"format\":\"FeatureLearning.Dataset\",\"version\":1,\"dimension\":2", "FeatureLearning.CorruptFile")]
    [InlineData("{\"hello\":1}", "FeatureLearning.ForeignFile")]
    [InlineData("{\"format\":\"FeatureLearning.Model\",\"version\":1}", "FeatureLearning.ForeignFile")]
    [InlineData("{\"format\":\"FeatureLearning.Dataset\",\"version\":99}", "FeatureLearning.UnsupportedVersion")]
    [InlineData("{\"format\":\"FeatureLearning.Dataset\",\"version\":2,\"dimension\":1,\"count\":1,\"seed\":0,\"task\":{\"task\":\"GaussianMixture\",\"mixture\":7,\"dimension\":1,\"snr\":4,\"seed\":0},\"x\":\"AAAAAAAAAAA=\",\"y\":\"AAAAAAAA8D8=\"}", "FeatureLearning.CorruptFile")]
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
