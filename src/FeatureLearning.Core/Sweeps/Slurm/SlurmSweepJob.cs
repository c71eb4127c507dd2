using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>How array tasks are started: sbatch options and the command line that runs PowerShell with the module.</summary>
public sealed record SlurmSettings
{
    /// <summary>Command that starts PowerShell on a compute node, inserted as is (e.g. "pwsh" or "dotnet /opt/pwsh/pwsh.dll").</summary>
    public required string PowerShell { get; init; }

    /// <summary>Path of FeatureLearning.psd1 as the compute nodes see it.</summary>
    public required string ModulePath { get; init; }

    public string? Partition { get; init; }

    /// <summary>sbatch --time, e.g. "01:00:00".</summary>
    public string? TimeLimit { get; init; }

    public int CpusPerTask { get; init; } = 1;

    public int ChunkSize { get; init; } = 10;

    /// <summary>Array tasks allowed to run at once (sbatch --array=...%N); null for no limit.</summary>
    public int? MaxRunningTasks { get; init; }

    public string JobName { get; init; } = "fl-sweep";

    /// <summary>Passed to sbatch as they are, before the script.</summary>
    public IReadOnlyList<string> ExtraSbatchArguments { get; init; } = Array.Empty<string>();

    /// <summary>Shell lines run before PowerShell in each array task (e.g. "module load dotnet").</summary>
    public IReadOnlyList<string> SetupCommands { get; init; } = Array.Empty<string>();
}

/// <summary>One sbatch job array: array task i runs the trials of chunk i.</summary>
public sealed record SlurmSubmission(int Number, string JobId, DateTimeOffset Submitted, IReadOnlyList<string> Chunks)
{
    /// <summary>The Slurm id of array task <paramref name="task"/>, as squeue and sacct print it.</summary>
    public string TaskJobId(int task) => $"{JobId}_{task}";
}

/// <summary>
/// A sweep submitted to Slurm, stored as sweep-job.json in its shared directory next to plan.json, the generated
/// sbatch scripts, logs/ (stdout and stderr per array task) and results/ (one results file per array task).
/// </summary>
public sealed class SlurmSweepJob
{
    public const string FormatName = "FeatureLearning.SlurmSweepJob";
    public const int CurrentVersion = 1;
    public const string FileName = "sweep-job.json";

    public string Format { get; init; } = FormatName;

    public int Version { get; init; } = CurrentVersion;

    public required string Directory { get; init; }

    public required SlurmSettings Settings { get; init; }

    public List<SlurmSubmission> Submissions { get; init; } = new();

    [JsonIgnore] public string PlanPath => Path.Combine(Directory, "plan.json");
    [JsonIgnore] public string ResultsDirectory => Path.Combine(Directory, "results");
    [JsonIgnore] public string LogDirectory => Path.Combine(Directory, "logs");
    [JsonIgnore] public string ChunkScriptPath => Path.Combine(Directory, "run-chunk.ps1");
    [JsonIgnore] public IEnumerable<string> JobIds => Submissions.Select(s => s.JobId);

    public string StandardErrorPath(SlurmSubmission submission, int task) => Path.Combine(LogDirectory, $"{submission.JobId}_{task}.err");

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
        SlurmSweepJob? job;
        try { job = JsonSerializer.Deserialize<SlurmSweepJob>(File.ReadAllText(path), SweepJson.Indented); }
        catch (JsonException ex)
        {
            throw new FeatureLearningException("FeatureLearning.InvalidSweepJob", $"'{path}' is not a readable sweep job: {ex.Message}", ErrorKind.InvalidData, ex);
        }
        if (job is null || job.Format != FormatName)
            throw new FeatureLearningException("FeatureLearning.InvalidSweepJob", $"'{path}' is not a sweep job written by Submit-Sweep.", ErrorKind.InvalidData);
        if (job.Version != CurrentVersion)
            throw new FeatureLearningException("FeatureLearning.UnsupportedSweepJobVersion",
                $"'{path}' is a version {job.Version} sweep job but this build reads version {CurrentVersion}.", ErrorKind.InvalidData);
        return job;
    }

    public override string ToString() => $"Slurm sweep in {Directory}: jobs {string.Join(", ", JobIds)}";
}
