using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Persistence;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests.Learning;

public class LearnerContractTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fl-contract-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static IEnumerable<object[]> Cells() => ContractCases.Cells();

    public static IEnumerable<object[]> Learners() => ContractCases.Learners();

    public static IEnumerable<object[]> Tasks() => ContractCases.Tasks();

    private static double[] Predict(IModel model, Dataset data)
    {
        var f = new double[data.Count];
        model.Predict(data, f);
        return f;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Every_learner_fits_every_task_through_the_one_trial(string learner, string task)
    {
        var spec = ContractCases.Learner(learner);
        var (train, test) = ContractCases.Data(task);
        if (!ContractCases.Applies(learner, task))
        {
            var refused = Assert.Throws<FeatureLearningException>(() => { Trial.Run(spec, train, test, 3, FitContext.None); });
            Assert.Equal("FeatureLearning.WrongTask", refused.ErrorId);
            return;
        }
        var model = Trial.Run(spec, train, test, 3, FitContext.None);
        var row = model.ToRow();
        Assert.Equal(spec.Name.ToString(), row.Learner);
        Assert.Equal(spec.Describe(), row.Settings);
        Assert.Equal((train.Count, train.Dimension, test.Count), (row.N, row.D, row.TestSamples));

        // The errors are those of the model's own predictions, recomputed here from scratch.
        var f = Predict(model.GetModel(), test);
        double mse = f.Zip(test.Y, (p, y) => (p - y) * (p - y)).Average();
        Assert.Equal(mse, row.TestMse, 10);
        double expected = train.TaskType == TaskType.Classification ? f.Zip(test.Y, (p, y) => p * y > 0 ? 0.0 : 1.0).Average() : mse;
        Assert.Equal(expected, row.TestError, 10);

        // Reference levels: the task's exact ones, or the constant predictor measured on the test set for user data.
        var g = train.Generator;
        Assert.Equal(g?.BayesError ?? double.NaN, row.BayesError);
        Assert.Equal(g?.NullError ?? Trial.EmpiricalNullError(train, test), row.NullError);
        Assert.True(row.NullError > 0);

        // Every diagnostic is declared up front (so the columns of a comparison are known before it runs), and the
        // learner's own are always there.
        var declared = Trial.DiagnosticNames(spec, g).ToList();
        Assert.All(row.Diagnostics, d => Assert.Contains(d.Name, declared));
        Assert.All(spec.DiagnosticNames, n => Assert.Contains(row.Diagnostics, d => d.Name == n));
        if (g is ISignalDirections && model.GetModel() is IFirstLayerModel)
        {
            double alignment = row.Diagnostic(FirstLayerAlignment.SubspaceAlignment);
            Assert.InRange(alignment, 0, 1 + 1e-12);
            Assert.InRange(row.Diagnostic(FirstLayerAlignment.MinAlignment), 0, row.Diagnostic(FirstLayerAlignment.MeanAlignment) + 1e-12);
        }

        // Same seed, same row (to the last bit, seconds aside).
        var again = Trial.Run(spec, train, test, 3, FitContext.None).ToRow();
        Assert.Equal(row with { Seconds = 0 }, again with { Seconds = 0, Diagnostics = row.Diagnostics });
        Assert.Equal(row.Diagnostics.Select(d => (d.Name, BitConverter.DoubleToInt64Bits(d.Value))),
            again.Diagnostics.Select(d => (d.Name, BitConverter.DoubleToInt64Bits(d.Value))));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Every_trained_model_round_trips_through_a_file(string learner, string task)
    {
        if (!ContractCases.Applies(learner, task)) return;
        var spec = ContractCases.Learner(learner);
        var (train, test) = ContractCases.Data(task);
        var model = Trial.Run(spec, train, test, 5, FitContext.None);
        string path = Path.Combine(_folder, $"{learner}-{task}.json");
        FeatureLearningFile.SaveModel(model, path);
        var loaded = FeatureLearningFile.LoadModel(path);
        Assert.Equal(Predict(model.GetModel(), test), Predict(loaded.GetModel(), test));
        Assert.Equal(SpecJson.Serialize(model.ToRow()), SpecJson.Serialize(loaded.ToRow()));
        Assert.Equal(SpecJson.Serialize<LearnerSpec>(spec), SpecJson.Serialize(loaded.GetSpec()));
        Assert.Equal(model.GetHistory().Columns, loaded.GetHistory().Columns);
        Assert.Equal(model.GetHistory().Rows.SelectMany(r => r).Select(BitConverter.DoubleToInt64Bits),
            loaded.GetHistory().Rows.SelectMany(r => r).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(model.GetGenerator()?.Task, loaded.GetGenerator()?.Task);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Every_learner_spec_round_trips_through_json(string learner)
    {
        var spec = ContractCases.Learner(learner);
        string json = SpecJson.Serialize(spec);
        var back = System.Text.Json.JsonSerializer.Deserialize<LearnerSpec>(json, SpecJson.Options)!;
        Assert.Equal(spec, back);
        Assert.Equal(json, SpecJson.Serialize(back));
        Assert.DoesNotContain("seed", json, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Every_dataset_round_trips_with_its_task(string task)
    {
        var (train, _) = ContractCases.Data(task);
        string path = Path.Combine(_folder, $"{task}.json");
        FeatureLearningFile.SaveDataset(train, path);
        var loaded = FeatureLearningFile.LoadDataset(path);
        Assert.Equal(train.X, loaded.X);
        Assert.Equal(train.Y, loaded.Y);
        if (train.Generator is null) { Assert.Null(loaded.Generator); return; }
        Assert.Equal(train.Generator.Task, loaded.Generator!.Task);
        // The rebuilt generator draws the same fresh samples: a test set measured after loading is the same test set.
        Assert.Equal(train.Generator.Sample(50, new Rng(7)).X, loaded.Generator.Sample(50, new Rng(7)).X);
        Assert.Equal(train.Generator.Sample(50, new Rng(7)).Y, loaded.Generator.Sample(50, new Rng(7)).Y);
    }

    [Fact]
    public void Random_streams_have_distinct_labels()
    {
        var all = RandomStreams.All();
        Assert.True(all.Count >= 25);
        Assert.Equal(all.Count, all.Select(s => s.Value).Distinct().Count());
        // Multi-index heads and their datasets live in their own ranges, far from every named stream.
        foreach (int head in new[] { 0, 1, 2, 1000 })
        {
            Assert.DoesNotContain(all, s => s.Value == RandomStreams.MultiIndexHead + head && head > 0);
            if (head > 0) Assert.DoesNotContain(all, s => s.Value == RandomStreams.DatasetForHead(head));
        }
    }

    [Fact]
    public void A_task_and_a_learner_given_the_same_seed_share_no_numbers()
    {
        // The two collisions: the teacher's random a and the first sample; the parity subset and the parity net.
        var teacher = new Core.ReluTeacher.AbsTeacherGenerator(6, Core.ReluTeacher.TeacherWeightKind.Random, 0, 3);
        var first = ((IDataGenerator)teacher).Sample(1, Rng.ForStream(3, RandomStreams.Dataset));
        var uniform = new double[6];
        var rng = Rng.ForStream(3, RandomStreams.Dataset);
        for (int i = 0; i < 6; i++) uniform[i] = rng.NextDouble();
        double sum = uniform.Sum();
        Assert.NotEqual(uniform.Select(u => u / sum), teacher.A);
        Assert.NotEqual(RandomStreams.TaskStructure, RandomStreams.ParityNetInit);
        Assert.NotEqual(RandomStreams.TeacherOutputWeights, RandomStreams.Dataset);
        Assert.True(first.X.All(double.IsFinite));
    }

    [Fact]
    public void Settings_read_the_same_in_every_culture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            var spec = new TwoLayerNetSpec { LearningRate = 0.125, Time = 12.5 };
            string invariant = spec.Describe();
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(invariant, spec.Describe());
            Assert.Contains("lr=0.125", spec.Describe());
        }
        finally { Thread.CurrentThread.CurrentCulture = previous; }
    }

    [Fact]
    public void NaN_is_never_a_setting()
    {
        var ex = Assert.Throws<FeatureLearningException>(() => new KernelRidgeSpec { Ridge = double.NaN }.Validate());
        Assert.Equal(HyperParameter.ErrorId, ex.ErrorId);
        Assert.Contains("Leave the parameter out", ex.Message);
        Assert.Throws<FeatureLearningException>(() => new TwoLayerNetSpec { LearningRate = double.NaN }.Validate());
        Assert.Throws<FeatureLearningException>(() => new Core.SpikedRf.OneStepNetworkSpec { Beta = double.NaN }.Validate());
    }

    [Fact]
    public void The_spike_the_theory_assigns_needs_a_single_index_task()
    {
        var spec = new Core.SpikedRf.SpikedRandomFeaturesSpec { Width = 16 };
        var (train, test) = ContractCases.Data("SingleIndex");
        var row = Trial.Run(spec, train, test, 1, FitContext.None).ToRow();
        Assert.Equal(row.Diagnostic(Core.SpikedRf.OneStepSettings.TheoryR), row.Diagnostic(Core.SpikedRf.OneStepSettings.SpikeStrength));
        var (xor, xorTest) = ContractCases.Data("Xor");
        Assert.Equal("FeatureLearning.NoSpike", Assert.Throws<FeatureLearningException>(() => { Trial.Run(spec, xor, xorTest, 1, FitContext.None); }).ErrorId);
    }
}
