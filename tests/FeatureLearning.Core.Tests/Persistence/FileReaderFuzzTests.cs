using System.Text;
using System.Text.Json.Nodes;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Persistence;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Sweeps;
using FeatureLearning.Core.Tests.Sweeps;
using Xunit.Abstractions;

namespace FeatureLearning.Core.Tests.Persistence;

/// <summary>
/// Issue 17: the file readers (Import-Dataset, Import-TrainedModel, a sweep plan's loader) given valid files mutated
/// with a seeded generator: truncated, bytes flipped, declared sizes changed, huge numbers, NaN/Infinity tokens, unknown
/// enum names, values of the wrong type, arrays with NaN or of the wrong length. Every mutation must either load to an
/// object that passes its own checks or throw <see cref="FeatureLearningException"/> with a FeatureLearning.* id, the
/// readers' documented error; never another exception type, and never allocate more than a small multiple of the file
/// (declared sizes are checked against the data before anything is allocated from them). The counts per area and
/// outcome are printed (docs/robustness.md quotes them).
/// </summary>
public sealed class FileReaderFuzzTests : IDisposable
{
    private const int MutationsPerFile = 300;

    /// <summary>A reader may allocate this much beyond 64 times the file's size (the text, the document, decoded arrays, a task's generator at the file's own dimension).</summary>
    private const long AllocationSlack = 64L << 20;

    private readonly string _folder = Directory.CreateTempSubdirectory("fl-fuzz-").FullName;
    private readonly ITestOutputHelper _output;

    public FileReaderFuzzTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private enum Area { Dataset, Model, SweepPlan }

    private sealed record Seed(Area Area, string Name, byte[] Bytes);

    [Fact]
    public void Mutated_dataset_model_and_plan_files_load_or_fail_with_a_FeatureLearning_error_and_never_allocate_from_declared_sizes()
    {
        var seeds = Seeds();
        var random = new System.Random(17);
        var tally = new SortedDictionary<string, int[]>(StringComparer.Ordinal);   // area/mutation -> tried, loaded, refused, bad
        var bad = new List<string>();
        string path = Path.Combine(_folder, "mutant.json");
        foreach (var seed in seeds)
        {
            for (int i = 0; i < MutationsPerFile; i++)
            {
                var (kind, bytes) = Mutate(seed.Bytes, random);
                File.WriteAllBytes(path, bytes);
                string key = $"{seed.Area} | {kind}";
                if (!tally.TryGetValue(key, out var counts)) tally[key] = counts = new int[4];
                counts[0]++;
                long before = GC.GetAllocatedBytesForCurrentThread();
                string? problem = null;
                bool loaded = false;
                try
                {
                    problem = Load(seed.Area, path);
                    loaded = problem is null;
                    if (problem is not null) problem = "loaded an invalid object: " + problem;
                }
                catch (FeatureLearningException ex) when (ex.ErrorId.StartsWith("FeatureLearning.", StringComparison.Ordinal) && ex.Message.Length > 0)
                {
                }
                catch (Exception ex)
                {
                    problem = $"{ex.GetType().Name}: {ex.Message} at {string.Join(" < ", (ex.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Contains("FeatureLearning.Core.") && !l.Contains(".Tests.")).Take(3))}";
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (problem is null && allocated > 64L * bytes.Length + AllocationSlack)
                    problem = $"allocated {allocated / 1e6:F0} MB for a file of {bytes.Length / 1e3:F0} KB";
                if (problem is not null)
                {
                    counts[3]++;
                    bad.Add($"{seed.Name} / {kind} (mutation {i}, saved as bad-{bad.Count + 1}.json): {problem}");
                    File.WriteAllBytes(Path.Combine(_folder, $"bad-{bad.Count}.json"), bytes);
                }
                else counts[loaded ? 1 : 2]++;
            }
        }

        int tried = tally.Values.Sum(c => c[0]);
        _output.WriteLine($"{tried} mutated files from {seeds.Count} valid ones (seed 17); handled badly: {bad.Count}");
        _output.WriteLine("| area | mutation | tried | loaded (valid object) | refused (FeatureLearningException, FeatureLearning.* id) | handled badly |");
        foreach (var (key, c) in tally) _output.WriteLine($"| {key} | {c[0]} | {c[1]} | {c[2]} | {c[3]} |");
        foreach (var area in Enum.GetValues<Area>())
        {
            var rows = tally.Where(t => t.Key.StartsWith(area + " |", StringComparison.Ordinal)).Select(t => t.Value).ToList();
            _output.WriteLine($"| {area} | all | {rows.Sum(c => c[0])} | {rows.Sum(c => c[1])} | {rows.Sum(c => c[2])} | {rows.Sum(c => c[3])} |");
        }
        Assert.True(tried >= 3000, $"only {tried} mutations");
        Assert.True(bad.Count == 0, $"{bad.Count} of {tried} mutated files were handled badly:\n" + string.Join("\n", bad.Take(30)));
    }

    /// <summary>Loads a file of <paramref name="area"/>; null when the object is valid, else what is wrong with it.</summary>
    private static string? Load(Area area, string path)
    {
        switch (area)
        {
            case Area.Dataset:
            {
                var data = FeatureLearningFile.LoadDataset(path);
                if (data.Dimension < 1 || data.X.Length != (long)data.Count * data.Dimension || data.Y.Length != data.Count)
                    return $"dataset of {data.Count} × {data.Dimension} with {data.X.Length} values";
                if (data.X.Any(v => !double.IsFinite(v)) || data.Y.Any(v => !double.IsFinite(v))) return "non-finite data";
                if (data.Generator is not null && data.Generator.Dimension != data.Dimension) return "generator of another dimension";
                return null;
            }
            case Area.Model:
            {
                var model = FeatureLearningFile.LoadModel(path);
                if (model.GetModel().InputDimension != model.ToRow().D) return "model dimension differs from its row";
                if (model.GetGenerator() is { } g && g.Dimension != model.ToRow().D) return "task of another dimension";
                var history = model.GetHistory();
                if (history.Rows.Any(r => r.Length != history.Columns.Count)) return "ragged history";
                model.GetSpec()?.Validate(model.ToRow().D);
                return null;
            }
            default:
            {
                var plan = SweepPlan.Load(path);   // validates, as Invoke-Sweep does
                if (plan.TrialCount < 1) return "plan without trials";
                return null;
            }
        }
    }

    // ---------------------------------------------------------------- valid files written with the core API

    private List<Seed> Seeds()
    {
        var seeds = new List<Seed>();
        void Add(Area area, string name, Action<string> write)
        {
            string path = Path.Combine(_folder, name + ".json");
            write(path);
            seeds.Add(new Seed(area, name, File.ReadAllBytes(path)));
        }

        IDataGenerator mixture = new GaussianMixtureGenerator(6, 4, MixtureKind.Xor, 3);
        var train = mixture.Sample(40, new Rng(1));
        var test = mixture.Sample(60, new Rng(2));
        var parity = new Core.Parity.SparseParityTask(8, 2, Core.Parity.ParityDistribution.Uniform, 0, 4).CreateGenerator();
        var teacher = new Core.ReluTeacher.AbsTeacherTask(5, Core.ReluTeacher.TeacherWeightKind.Random, 0.1, 6).CreateGenerator();
        var single = new SingleIndexTask(5, LinkFunction.Relu, 0.1, 7).CreateGenerator();
        var user = new Dataset(train.X.ToArray(), train.Y.ToArray(), train.Dimension, null, 0, TaskType.Classification);

        Add(Area.Dataset, "dataset-mixture", p => FeatureLearningFile.SaveDataset(train, p));
        Add(Area.Dataset, "dataset-parity", p => FeatureLearningFile.SaveDataset(parity.Sample(30, new Rng(1)), p));
        Add(Area.Dataset, "dataset-teacher", p => FeatureLearningFile.SaveDataset(teacher.Sample(30, new Rng(1)), p));
        Add(Area.Dataset, "dataset-single-index", p => FeatureLearningFile.SaveDataset(single.Sample(30, new Rng(1)), p));
        Add(Area.Dataset, "dataset-user", p => FeatureLearningFile.SaveDataset(user, p));

        TrainedModel Fit(LearnerSpec spec, Dataset data, Dataset testData) => Trial.Run(spec, data, testData, 1, FitContext.None);
        Add(Area.Model, "model-twolayernet", p => FeatureLearningFile.SaveModel(Fit(new TwoLayerNetSpec { Hidden = 2, Time = 1, HistoryPoints = 3, MonitorSamples = 50 }, train, test), p));
        Add(Area.Model, "model-randomfeatures", p => FeatureLearningFile.SaveModel(Fit(new RandomFeaturesSpec { Features = 12 }, train, test), p));
        Add(Area.Model, "model-kernelridge", p => FeatureLearningFile.SaveModel(Fit(new KernelRidgeSpec(), train, test), p));
        Add(Area.Model, "model-widerelu", p => FeatureLearningFile.SaveModel(Fit(new Core.ReluTeacher.WideReluNetworkSpec { Width = 8, Epochs = 3, BatchSize = 10, HistoryPoints = 2, MonitorSamples = 20 },
            teacher.Sample(30, new Rng(1)), teacher.Sample(30, new Rng(2))), p));

        string fixtures = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures");
        seeds.Add(new Seed(Area.Dataset, "v1-xor-dataset", File.ReadAllBytes(Path.Combine(fixtures, "v1-xor-dataset.json"))));
        seeds.Add(new Seed(Area.Model, "v1-twolayernet-model", File.ReadAllBytes(Path.Combine(fixtures, "v1-twolayernet-model.json"))));
        seeds.Add(new Seed(Area.Model, "v1-kernelridge-model", File.ReadAllBytes(Path.Combine(fixtures, "v1-kernelridge-model.json"))));

        Add(Area.SweepPlan, "plan-mixture", p => SweepTestData.Plan(counts: new[] { 8, 16 }, seeds: new long[] { 0, 1 }, testSamples: 50).Save(p));
        Add(Area.SweepPlan, "plan-user-data", p => SweepPlan.Create(new Comparison.LearnerComparison
        {
            Data = user, TestData = new Dataset(test.X.ToArray(), test.Y.ToArray(), test.Dimension, null, 0, TaskType.Classification),
            Learners = new LearnerSpec[] { new KernelRidgeSpec(), new RandomFeaturesSpec { Features = 10 } },
            SampleCounts = new[] { 10, 20 }, Seeds = new long[] { 0 }, TestSamples = 60,
        }, out _).Save(p));
        Add(Area.SweepPlan, "plan-teacher", p => SweepPlan.Create(new Comparison.LearnerComparison
        {
            Data = teacher.Sample(1, new Rng(0)), Learners = new LearnerSpec[] { new Core.ReluTeacher.WideReluNetworkSpec { Width = 16, Epochs = 5 }, new TwoLayerNetSpec { Hidden = 3, Time = 2 } },
            SampleCounts = new[] { 10 }, Seeds = new long[] { 0, 1 }, TestSamples = 40,
        }, out _).Save(p));
        return seeds;
    }

    // ---------------------------------------------------------------- mutations

    private static readonly string[] HugeOrOdd =
    {
        "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "1e8", "200000000", "1e300", "1e400",
        "-1e300", "1.5", "0.0000001", "NaN", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "Infinity",
    };

    private static readonly string[] WrongTypes = { "null", "true", "\"text\"", "[]", "{}", "[1,2]", "\"\"", "{\"kind\":\"Bogus\"}" };

    private static readonly string[] OddNames = { "Bogus", "99", "7", "-1", "relu", "RELU", "", "Xor ", "1e3", "NaN", "Infinity" };

    /// <summary>One mutation of <paramref name="original"/>, chosen and parameterised by <paramref name="random"/>.</summary>
    private static (string Kind, byte[] Bytes) Mutate(byte[] original, System.Random random)
    {
        int choice = random.Next(10);
        switch (choice)
        {
            case 0: return ("truncate", original.AsSpan(0, random.Next(original.Length)).ToArray());
            case 1:
            {
                var bytes = original.ToArray();
                int flips = 1 + random.Next(4);
                for (int i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return ("flip bytes", bytes);
            }
            case 2:
            {
                var bytes = original.ToList();
                int start = random.Next(bytes.Count), length = Math.Min(bytes.Count - start, 1 + random.Next(40));
                if (random.Next(2) == 0) bytes.RemoveRange(start, length);
                else bytes.InsertRange(start, bytes.GetRange(start, length));
                return ("delete or repeat a span", bytes.ToArray());
            }
        }
        var root = JsonNode.Parse(original)!;
        var slots = new List<(JsonNode Parent, string? Name, int Index, JsonNode? Value)>();
        Collect(root, slots);
        string kind;
        switch (choice)
        {
            case 3 or 4:   // numbers: declared sizes, dimensions, seeds, hyper-parameters
            {
                var numbers = slots.Where(s => s.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number).ToList();
                if (numbers.Count == 0) goto default;
                var slot = numbers[random.Next(numbers.Count)];
                string token = HugeOrOdd[random.Next(HugeOrOdd.Length)];
                kind = token.Contains("NaN") || token.Contains("Infinity") ? "number -> NaN/Infinity" : "number -> huge, zero, negative or fractional";
                return (kind, Replace(root, slot, token));
            }
            case 5:   // strings: enum names, kinds, formats
            {
                var strings = slots.Where(s => s.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && !LooksLikeBase64(v.GetValue<string>())).ToList();
                if (strings.Count == 0) goto default;
                var slot = strings[random.Next(strings.Count)];
                string name = OddNames[random.Next(OddNames.Length)];
                return ("name -> unknown enum name, number as text", Replace(root, slot, random.Next(3) == 0 && int.TryParse(name, out _) ? name : "\"" + name + "\""));
            }
            case 6:   // any value of the wrong type
            {
                var slot = slots[random.Next(slots.Count)];
                return ("value -> wrong type", Replace(root, slot, WrongTypes[random.Next(WrongTypes.Length)]));
            }
            case 7:   // a member removed or an unknown one added
            {
                var members = slots.Where(s => s.Name is not null).ToList();
                var slot = members[random.Next(members.Count)];
                var parent = (JsonObject)slot.Parent;
                if (random.Next(2) == 0) parent.Remove(slot.Name!);
                else parent["unexpected" + random.Next(100)] = 1;
                return ("member removed or added", Encoding.UTF8.GetBytes(root.ToJsonString()));
            }
            case 8:   // a base64 array: one value NaN, ±Infinity or 1e308, or a length that no longer matches
            {
                var arrays = slots.Where(s => s.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && LooksLikeBase64(v.GetValue<string>())).ToList();
                if (arrays.Count == 0) goto default;
                var slot = arrays[random.Next(arrays.Count)];
                var bytes = Convert.FromBase64String(slot.Value!.GetValue<string>());
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray().ToList();
                switch (random.Next(4))
                {
                    case 0 when values.Count > 0:
                        values[random.Next(values.Count)] = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308 }[random.Next(4)];
                        kind = "array value -> NaN, Infinity, 1e308";
                        break;
                    case 1 when values.Count > 0:
                        values.RemoveRange(random.Next(values.Count), 1);
                        kind = "array length -> shorter";
                        break;
                    case 2:
                        values.AddRange(Enumerable.Repeat(0.5, 1 + random.Next(20)));
                        kind = "array length -> longer";
                        break;
                    default:
                        var raw = bytes.AsSpan(0, random.Next(bytes.Length + 1)).ToArray();
                        return ("array bytes -> not whole doubles", Replace(root, slot, "\"" + Convert.ToBase64String(raw) + "\""));
                }
                var newBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.ToArray().AsSpan()).ToArray();
                return (kind, Replace(root, slot, "\"" + Convert.ToBase64String(newBytes) + "\""));
            }
            default:   // a size member set to a huge value whatever its type (declared sizes before allocating)
            {
                var sizes = slots.Where(s => s.Name is "dimension" or "count" or "rows" or "hidden" or "features" or "trainCount" or "inputDimension"
                    or "width" or "bits" or "testSamples" or "n" or "trainingPool" or "d" or "rank" or "centers" or "epochs" or "time" or "steps").ToList();
                if (sizes.Count == 0) return ("truncate", original.AsSpan(0, random.Next(original.Length)).ToArray());
                var slot = sizes[random.Next(sizes.Count)];
                return ("declared size -> huge", Replace(root, slot, new[] { "200000000", "2147483647", "1e8", "100000", "46341" }[random.Next(5)]));
            }
        }
    }

    private static bool LooksLikeBase64(string s) => s.Length >= 8 && s.Length % 4 == 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')
        && s.Any(char.IsAsciiDigit);

    private static void Collect(JsonNode node, List<(JsonNode, string?, int, JsonNode?)> slots)
    {
        if (node is JsonObject o)
        {
            foreach (var (name, value) in o.ToList())
            {
                slots.Add((o, name, -1, value));
                if (value is not null) Collect(value, slots);
            }
        }
        else if (node is JsonArray a)
        {
            for (int i = 0; i < a.Count; i++)
            {
                slots.Add((a, null, i, a[i]));
                if (a[i] is { } value) Collect(value, slots);
            }
        }
    }

    /// <summary>The document with the slot's value replaced by raw JSON text (which may be an invalid token, e.g. NaN).</summary>
    private static byte[] Replace(JsonNode root, (JsonNode Parent, string? Name, int Index, JsonNode? Value) slot, string rawJson)
    {
        const string marker = "\"__FUZZ_MARKER__\"";
        if (slot.Name is not null) ((JsonObject)slot.Parent)[slot.Name] = JsonValue.Create("__FUZZ_MARKER__");
        else ((JsonArray)slot.Parent)[slot.Index] = JsonValue.Create("__FUZZ_MARKER__");
        return Encoding.UTF8.GetBytes(root.ToJsonString().Replace(marker, rawJson));   // each mutation parses the original afresh
    }
}
