using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>How array tasks are started: sbatch options and the command that runs PowerShell with the module.</summary>
public sealed record SlurmSettings
{
    /// <summary>The command that starts PowerShell on a compute node, one word each (e.g. ["pwsh"] or ["dotnet", "/opt/pwsh/pwsh.dll"]); each word is quoted.</summary>
    public required IReadOnlyList<string> PowerShell { get; init; }

    /// <summary>Path of FeatureLearning.psd1 as the compute nodes see it.</summary>
    public required string ModulePath { get; init; }

    public string? Partition { get; init; }

    /// <summary>sbatch --time, e.g. "01:00:00".</summary>
    public string? TimeLimit { get; init; }

    public int CpusPerTask { get; init; } = 1;

    /// <summary>Trials per array task as asked for; null lets <see cref="SlurmSizing"/> choose.</summary>
    public int? ChunkSize { get; init; }

    /// <summary>The duration an array task should have when the chunk size is chosen.</summary>
    public double TargetTaskMinutes { get; init; } = 15;

    /// <summary>Estimated seconds of one trial on one core, if given (otherwise measured).</summary>
    public double? TrialSeconds { get; init; }

    /// <summary>Array tasks allowed to run at once (sbatch --array=...%N); null for no limit.</summary>
    public int? MaxRunningTasks { get; init; }

    public string JobName { get; init; } = "fl-sweep";

    /// <summary>Passed to sbatch on its command line (no shell), before the script.</summary>
    public IReadOnlyList<string> ExtraSbatchArguments { get; init; } = Array.Empty<string>();

    /// <summary>Shell lines run before PowerShell in each array task (e.g. "module load dotnet"), as written: they are code by intent.</summary>
    public IReadOnlyList<string> SetupCommands { get; init; } = Array.Empty<string>();

    /// <summary>Throws a FeatureLearningException naming the first value that cannot go into a job script or command line.</summary>
    public void Validate()
    {
        if (PowerShell.Count == 0 || PowerShell.Any(string.IsNullOrEmpty))
            throw new FeatureLearningException("FeatureLearning.InvalidSlurmValue", "-PowerShellPath needs at least one non-empty word (e.g. 'pwsh').");
        foreach (var word in PowerShell) SlurmText.Checked(word, "-PowerShellPath");
        SlurmText.Checked(ModulePath, "-ModulePath");
        if (string.IsNullOrWhiteSpace(JobName)) throw new FeatureLearningException("FeatureLearning.InvalidSlurmValue", "-JobName must not be empty.");
        SlurmText.Checked(JobName, "-JobName");
        if (Partition is not null) SlurmText.Checked(Partition, "-Partition");
        if (TimeLimit is not null) SlurmText.TimeLimitSeconds(TimeLimit);
        foreach (var argument in ExtraSbatchArguments) SlurmText.Checked(argument, "-ExtraSbatchArgument");
        foreach (var line in SetupCommands) SlurmText.Checked(line, "-SetupCommand");
        if (CpusPerTask < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-CpusPerTask must be at least 1, got {CpusPerTask}.");
        if (ChunkSize is < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidChunk", $"-ChunkSize must be at least 1, got {ChunkSize}.");
        if (MaxRunningTasks is < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-MaxRunningTasks must be at least 1, got {MaxRunningTasks}.");
    }
}

/// <summary>
/// One sbatch job array: array task i runs the trials on line i+1 of <see cref="ChunkFile"/>. A held array
/// (<see cref="JobId"/> null) waits for room under the user's submit limit; Receive-Sweep submits it.
/// </summary>
public sealed record SlurmArray
{
    /// <summary>Which Submit-Sweep or -Resubmit call made it (1, 2, ...).</summary>
    public required int Submission { get; init; }

    /// <summary>Its number within the submission (1, 2, ...).</summary>
    public required int Number { get; init; }

    public string? JobId { get; set; }

    public DateTimeOffset? Submitted { get; set; }

    public required int Tasks { get; init; }

    public required int TrialCount { get; init; }

    /// <summary>The array's trials in compact form ("0-999" or "3,17,40-45").</summary>
    public required string Trials { get; init; }

    /// <summary>Relative to the sweep directory: the sbatch script and the chunk list (one line of trial ids per task).</summary>
    public required string Script { get; init; }

    public required string ChunkFile { get; init; }

    /// <summary>The identity of plan.json when the array was written.</summary>
    public required string PlanIdentity { get; init; }

    /// <summary>The sbatch command, as it would be typed into bash.</summary>
    public required string SbatchCommand { get; init; }

    [JsonIgnore] public bool IsHeld => JobId is null;

    /// <summary>The Slurm id of array task <paramref name="task"/>, as squeue and sacct print it.</summary>
    public string TaskJobId(int task) => $"{JobId}_{task}";

    public override string ToString() => $"{(JobId is null ? "held" : JobId)}: {Tasks} tasks, trials {Trials}";
}

/// <summary>
/// A sweep submitted to Slurm, stored as sweep-job.json in its shared directory next to plan.json, run-chunk.ps1, the
/// sbatch scripts (submit-S-A.sbatch), the chunk lists (chunks/), logs/ (stdout and stderr per array task), results/
/// (one results file per array task) and plans/ (every version of plan.json that was submitted or collected).
/// </summary>
public sealed class SlurmSweepJob
{
    public const string FormatName = "FeatureLearning.SlurmSweepJob";
    public const int CurrentVersion = 2;
    public const string FileName = "sweep-job.json";

    public string Format { get; init; } = FormatName;

    public int Version { get; init; } = CurrentVersion;

    public required string Directory { get; init; }

    public required SlurmSettings Settings { get; set; }

    /// <summary>The decisions of the latest submission (chunk size, arrays, and why).</summary>
    public SlurmSizing? Sizing { get; set; }

    /// <summary>The cluster's limits as read at the latest submission.</summary>
    public SlurmLimits? Limits { get; set; }

    public List<SlurmArray> Arrays { get; init; } = new();

    /// <summary>False for a dry run (-WhatIf): nothing was submitted and nothing saved as sweep-job.json.</summary>
    [JsonIgnore] public bool Submitted { get; set; } = true;

    [JsonIgnore] public string PlanPath => Path.Combine(Directory, "plan.json");
    [JsonIgnore] public string ResultsDirectory => Path.Combine(Directory, "results");
    [JsonIgnore] public string LogDirectory => Path.Combine(Directory, "logs");
    [JsonIgnore] public string ChunkDirectory => Path.Combine(Directory, "chunks");
    [JsonIgnore] public string PlanArchive => Path.Combine(Directory, "plans");
    [JsonIgnore] public string ChunkScriptPath => Path.Combine(Directory, "run-chunk.ps1");
    [JsonIgnore] public IEnumerable<string> JobIds => Arrays.Where(a => a.JobId is not null).Select(a => a.JobId!);
    [JsonIgnore] public int HeldArrays => Arrays.Count(a => a.IsHeld);

    public string ResultsPath(SlurmArray array, int task) => Path.Combine(ResultsDirectory, $"{array.JobId}_{task}.jsonl");

    public string StandardErrorPath(SlurmArray array, int task) => Path.Combine(LogDirectory, $"{array.JobId}_{task}.err");

    /// <summary>Where a plan version is kept (plans/HEX.json).</summary>
    public string ArchivedPlanPath(string identity) => Path.Combine(PlanArchive, SweepPlanIdentity.FileName(identity) + ".json");

    public void Save()
    {
        var path = Path.Combine(Directory, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, SweepJson.Indented));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static SlurmSweepJob Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new FeatureLearningException("FeatureLearning.SweepJobNotFound",
                $"'{directory}' holds no {FileName}; give the -Directory that Submit-Sweep wrote.", ErrorKind.InvalidArgument);
        var text = File.ReadAllText(path);
        int version = 0;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("format", out var format)
                || format.GetString() != FormatName)
                throw new FeatureLearningException("FeatureLearning.InvalidSweepJob", $"'{path}' is not a sweep job written by Submit-Sweep.", ErrorKind.InvalidData);
            if (document.RootElement.TryGetProperty("version", out var v)) v.TryGetInt32(out version);
        }
        catch (JsonException ex)
        {
            throw new FeatureLearningException("FeatureLearning.InvalidSweepJob", $"'{path}' is not a readable sweep job: {ex.Message}", ErrorKind.InvalidData, ex);
        }
        if (version != CurrentVersion)
            throw new FeatureLearningException("FeatureLearning.UnsupportedSweepJobVersion",
                $"'{path}' is a version {version} sweep job but this build reads version {CurrentVersion}" +
                (version < CurrentVersion
                    ? "; collect it with the FeatureLearning version that submitted it (its results files stay readable by Invoke-Sweep -Resume's reader), or submit the plan again into a new -Directory."
                    : "; update the module."),
                ErrorKind.InvalidData);
        SlurmSweepJob? job;
        try { job = JsonSerializer.Deserialize<SlurmSweepJob>(text, SweepJson.Indented); }
        catch (JsonException ex)
        {
            throw new FeatureLearningException("FeatureLearning.InvalidSweepJob", $"'{path}' is not a readable sweep job: {ex.Message}", ErrorKind.InvalidData, ex);
        }
        return job ?? throw new FeatureLearningException("FeatureLearning.InvalidSweepJob", $"'{path}' is empty.", ErrorKind.InvalidData);
    }

    public override string ToString() =>
        $"Slurm sweep in {Directory}: {Arrays.Count(a => !a.IsHeld)} arrays submitted ({string.Join(", ", JobIds)})" +
        (HeldArrays > 0 ? $", {HeldArrays} held" : "");
}
