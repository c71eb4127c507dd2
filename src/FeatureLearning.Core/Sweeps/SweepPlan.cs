using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.IO;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// Every trial of a sweep (task, learners with their settings, n, seed), built from the parameters Compare-Learner
/// takes and stored as versioned JSON so any machine can run any subset and get the same numbers. Any task and any
/// learner: the plan stores the task record and the learner specs themselves. Data without a task travels in the plan
/// with its test set. Trials are ordered as Compare-Learner runs them: seeds, then sample sizes, then learners.
/// </summary>
public sealed class SweepPlan
{
    public const string FormatName = "FeatureLearning.SweepPlan";

    /// <summary>The plan layout this build writes and reads (version 1 knew the mixture and three learners only).</summary>
    public const int CurrentVersion = 2;

    public string Format { get; init; } = FormatName;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The task every trial draws its data from (null for user data, which <see cref="Data"/> holds).</summary>
    public TaskSpec? Task { get; init; }

    /// <summary>User data without a task: the training pool (every trial takes its first n rows).</summary>
    [JsonConverter(typeof(Persistence.DatasetJsonConverter))]
    public Dataset? Data { get; init; }

    /// <summary>The test set of user data.</summary>
    [JsonConverter(typeof(Persistence.DatasetJsonConverter))]
    public Dataset? TestData { get; init; }

    /// <summary>Size of each seed's test set (shared by all learners and sample sizes of that seed).</summary>
    public int TestSamples { get; init; } = 10000;

    public required IReadOnlyList<LearnerSpec> Learners { get; init; }

    public required IReadOnlyList<SweepTrial> Trials { get; init; }

    /// <summary>
    /// The trials Compare-Learner would run for these arguments, without those a learner will not run; what was left out
    /// or adapted is said once per learner in <paramref name="notices"/>.
    /// </summary>
    public static SweepPlan Create(LearnerComparison comparison, out IReadOnlyList<string> notices)
    {
        var grid = comparison.Plan();
        notices = grid.Notices;
        var task = comparison.Data.Generator;
        return new SweepPlan
        {
            Task = task?.Task,
            Data = task is null ? comparison.Data : null,
            TestData = task is null ? comparison.TestData : null,
            TestSamples = comparison.TestSamples,
            Learners = comparison.Learners.ToList(),
            Trials = grid.Trials,
        };
    }

    [System.Text.Json.Serialization.JsonIgnore]
    public int TrialCount => Trials.Count;

    public SweepTrial Trial(int id) =>
        _byId.Value.TryGetValue(id, out var trial) ? trial
            : throw new FeatureLearningException("FeatureLearning.UnknownTrial",
                $"The plan has no trial {id}; its trial ids run from {Trials.Min(t => t.Id)} to {Trials.Max(t => t.Id)}.");

    private readonly Lazy<Dictionary<int, SweepTrial>> _byId;

    // Built on first use, after the init-only Trials is set (in the constructor it is not yet).
    public SweepPlan() => _byId = new(IndexTrials);

    private Dictionary<int, SweepTrial> IndexTrials() => Trials.ToDictionary(t => t.Id);

    /// <summary>"TwoLayerNet n=100 seed=2".</summary>
    public string Describe(SweepTrial trial) => $"{Learners[trial.Learner].Name} n={trial.N} seed={trial.Seed}";

    /// <summary>The diagnostic columns of the plan's rows (as Compare-Learner would give them).</summary>
    public IReadOnlyList<string> DiagnosticNames()
    {
        var generator = CreateGenerator();
        return Learners.SelectMany(l => Learning.Trial.DiagnosticNames(l, generator)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The data trials draw from: the task's generator, or null for user data (then <see cref="Data"/>).</summary>
    public IDataGenerator? CreateGenerator() => Task?.CreateGenerator();

    /// <summary>The trials with these ids, in plan order.</summary>
    public IReadOnlyList<SweepTrial> Select(IEnumerable<int> ids)
    {
        var wanted = ids.ToHashSet();
        foreach (int id in wanted) Trial(id);
        return Trials.Where(t => wanted.Contains(t.Id)).ToList();
    }

    /// <summary>Chunk <paramref name="index"/> (from 0) of the trials cut into consecutive chunks of <paramref name="size"/>.</summary>
    public IReadOnlyList<SweepTrial> Chunk(int index, int size)
    {
        if (size < 1) throw new FeatureLearningException("FeatureLearning.InvalidChunk", $"-ChunkSize must be at least 1, got {size}.");
        int chunks = (Trials.Count + size - 1) / size;
        if (index < 0 || index >= chunks)
            throw new FeatureLearningException("FeatureLearning.InvalidChunk", $"-ChunkIndex must be between 0 and {chunks - 1} for {Trials.Count} trials in chunks of {size}, got {index}.");
        return Trials.Skip(index * size).Take(size).ToList();
    }

    /// <summary>Throws a FeatureLearningException naming the first inconsistency (after loading a hand-edited file).</summary>
    public void Validate()
    {
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        static void Fail(string message) => throw new FeatureLearningException("FeatureLearning.InvalidSweepPlan", message, ErrorKind.InvalidData);
        if (Task is null && (Data is null || TestData is null)) Fail("The plan has neither a task nor user data with a test set.");
        if (Task is not null && Data is not null) Fail("The plan has both a task and user data; it must have one.");
        if (Learners is null || Learners.Count == 0) Fail("The plan lists no learners.");
        if (Learners.Any(l => l is null)) Fail("The plan has an empty learner entry.");
        if (Trials is null || Trials.Count == 0) Fail("The plan lists no trials.");
        if (TestSamples < 1) Fail($"testSamples must be at least 1, got {TestSamples}.");
        var ids = new HashSet<int>();
        foreach (var t in Trials)
        {
            if (t is null) Fail("The plan has an empty trial entry.");
            if (!ids.Add(t.Id)) Fail($"Trial id {t.Id} appears twice.");
            if (t.Learner < 0 || t.Learner >= Learners.Count) Fail($"Trial {t.Id} names learner {t.Learner}, but the plan has learners 0 to {Learners.Count - 1}.");
            if (t.N < 1 || t.N > t.TrainingPool) Fail($"Trial {t.Id} has n = {t.N}, which must be between 1 and its training pool of {t.TrainingPool}.");
            if (Data is not null && t.TrainingPool > Data.Count) Fail($"Trial {t.Id} needs {t.TrainingPool} rows but the plan's data has {Data.Count}.");
        }
        // The learners' settings pass the same checks as a cmdlet's parameters (a hand-edited plan cannot ask for 1e8 units).
        int? d = Data?.Dimension;
        IDataGenerator? generator = null;
        try
        {
            generator = CreateGenerator();
            d ??= generator?.Dimension;
            foreach (var learner in Learners!)
            {
                learner.Validate(d);
                learner.CheckTask(generator, generator?.TaskType ?? Data!.TaskType);
            }
        }
        catch (FeatureLearningException ex)
        {
            Fail($"{ex.Message}");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, SweepJson.Indented);

    /// <summary>
    /// Writes the plan as JSON through <see cref="AtomicFile"/> (temporary file renamed over the target when complete,
    /// under the target's lock), so a reader on a shared file system never sees half a plan and a failure or
    /// <paramref name="cancel"/> leaves the old file. Creates the folder if needed (a Slurm sweep directory).
    /// </summary>
    public void Save(string path, CancellationToken cancel = default, FileWriteSettings? settings = null)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new FeatureLearningException("FeatureLearning.InvalidPath", $"'{full}' is a folder; give a file name for the plan, e.g. '{Path.Combine(full, "plan.json")}'.");
        try { Directory.CreateDirectory(Path.GetDirectoryName(full)!); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FeatureLearningException("FeatureLearning.WriteFailed", $"Could not create the folder of '{full}': {ex.Message}", ErrorKind.ResourceUnavailable, ex);
        }
        AtomicFile.Write(full, (temporary, _) =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            JsonSerializer.Serialize(stream, this, SweepJson.Indented);
            cancel.ThrowIfCancellationRequested();
            stream.Flush(flushToDisk: true);
        }, cancel: cancel, settings: settings);
    }

    public static SweepPlan Load(string path)
    {
        if (!File.Exists(path))
            throw new FeatureLearningException("FeatureLearning.SweepPlanNotFound", $"No sweep plan at '{path}'; write one with New-SweepPlan -Path.", ErrorKind.InvalidArgument);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a plan, telling a foreign or corrupt file and a plan of another version apart.</summary>
    public static SweepPlan Parse(string json, string source = "the plan")
    {
        int v;
        try
        {
            // Only the format and version are read from the document; the plan itself is deserialized from the text
            // (several times faster than from a cloned element, which matters for plans of a million trials).
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != FormatName)
                throw Invalid(source, $"it has no \"format\": \"{FormatName}\" field, so it is not a sweep plan written by New-SweepPlan", null);
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out v))
                throw Invalid(source, "it has no integer \"version\" field", null);
        }
        catch (JsonException ex)
        {
            throw Invalid(source, $"it is not valid JSON ({ex.Message})", ex);
        }
        if (v != CurrentVersion)
            throw new FeatureLearningException("FeatureLearning.UnsupportedSweepPlanVersion",
                $"{source} is a version {v} sweep plan but this FeatureLearning build reads version {CurrentVersion}; " +
                (v > CurrentVersion ? "update the module (on every machine that runs the sweep)."
                    : "recreate the plan with New-SweepPlan (version 2 stores any task and learner; the trials of a version 1 plan are the same)."),
                ErrorKind.InvalidData);
        SweepPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<SweepPlan>(json, SweepJson.Indented);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException
            or KeyNotFoundException or FormatException or ArgumentException or OverflowException)
        {
            // (the last four from the converters of embedded data and models: a missing member, bad base64, a number out of range)
            throw Invalid(source, ex.Message, ex);
        }
        if (plan is null) throw Invalid(source, "it is empty", null);
        plan.Validate();
        return plan;
    }

    private static FeatureLearningException Invalid(string source, string why, Exception? inner) =>
        new("FeatureLearning.InvalidSweepPlan", $"{source} is not a readable sweep plan: {why}.", ErrorKind.InvalidData, inner);

    public override string ToString() =>
        $"Sweep plan: {Trials.Count} trials of {string.Join(", ", Learners.Select(l => l.Name))} on {(Task?.ToString() ?? $"user data (n = {Data?.Count}, d = {Data?.Dimension})")}";
}
