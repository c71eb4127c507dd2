using System.Text;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>
/// The files an array task runs: its sbatch script (an #SBATCH header of quoted values, then one command line of
/// quoted words) and run-chunk.ps1, which reads the task's line of the chunk list and runs those trials with Invoke-Sweep.
/// No value from a parameter is ever read by bash unquoted, except -SetupCommand lines, which are shell code by intent.
/// </summary>
public static class SlurmBatchScript
{
    public static string Text(SlurmSweepJob job, SlurmArray array)
    {
        var s = job.Settings;
        string logs = SlurmText.FilePatternFolder(job.LogDirectory, "-Directory");
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append($"#SBATCH --job-name={SlurmText.Directive(SlurmText.Checked(s.JobName, "-JobName"))}\n");
        text.Append($"#SBATCH --array=0-{array.Tasks - 1}{(s.MaxRunningTasks is { } max ? $"%{max}" : "")}\n");
        text.Append("#SBATCH --ntasks=1\n");
        text.Append($"#SBATCH --cpus-per-task={s.CpusPerTask}\n");
        if (!string.IsNullOrWhiteSpace(s.Partition)) text.Append($"#SBATCH --partition={SlurmText.Directive(SlurmText.Checked(s.Partition, "-Partition"))}\n");
        if (!string.IsNullOrWhiteSpace(s.TimeLimit))
        {
            SlurmText.TimeLimitSeconds(s.TimeLimit);
            text.Append($"#SBATCH --time={SlurmText.Directive(s.TimeLimit.Trim())}\n");
        }
        // Preempted or failed nodes put the task back in the queue; it resumes its own results file.
        text.Append("#SBATCH --requeue\n");
        text.Append("#SBATCH --open-mode=append\n");
        text.Append($"#SBATCH --chdir={SlurmText.Directive(SlurmText.Checked(job.Directory, "-Directory"))}\n");
        text.Append($"#SBATCH --output={SlurmText.Directive(Path.Combine(logs, "%A_%a.out"))}\n");
        text.Append($"#SBATCH --error={SlurmText.Directive(Path.Combine(logs, "%A_%a.err"))}\n");
        text.Append($"# FeatureLearning sweep, submission {array.Submission}, array {array.Number}: array task i runs the trials on line i+1 of\n");
        text.Append($"# {array.ChunkFile} ({array.TrialCount} trials: {Abbreviate(array.Trials)}). Submitted with:\n");
        text.Append($"# {array.SbatchCommand}\n");
        text.Append("set -u\n");
        foreach (var line in s.SetupCommands) text.Append(SlurmText.Checked(line, "-SetupCommand")).Append('\n');
        foreach (var word in s.PowerShell) text.Append(SlurmText.Bash(SlurmText.Checked(word, "-PowerShellPath"))).Append(' ');
        text.Append("-NoProfile -NonInteractive -File ").Append(SlurmText.Bash(job.ChunkScriptPath)).Append(" \\\n");
        text.Append("    -Module ").Append(SlurmText.Bash(SlurmText.Checked(s.ModulePath, "-ModulePath")));
        text.Append(" -Plan ").Append(SlurmText.Bash(job.PlanPath)).Append(" \\\n");
        text.Append("    -Chunks ").Append(SlurmText.Bash(Path.Combine(job.Directory, array.ChunkFile))).Append(" -Task \"$SLURM_ARRAY_TASK_ID\" \\\n");
        text.Append("    -Results ").Append(SlurmText.Bash(job.ResultsDirectory + "/")).Append("\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}.jsonl\"");
        text.Append(" -ThrottleLimit \"${SLURM_CPUS_PER_TASK:-1}\"\n");
        return text.ToString();
    }

    private static string Abbreviate(string trials) => trials.Length <= 60 ? trials : trials[..57] + "...";

    /// <summary>run-chunk.ps1: runs one array task's trials with Invoke-Sweep -Resume; failed trials go to stderr and the exit code.</summary>
    public const string ChunkScript = """
        # Written by Submit-Sweep: runs one array task of a FeatureLearning sweep. A requeued task resumes its results file.
        param(
            [Parameter(Mandatory)] [string]$Module,
            [Parameter(Mandatory)] [string]$Plan,
            [Parameter(Mandatory)] [string]$Chunks,
            [Parameter(Mandatory)] [int]$Task,
            [Parameter(Mandatory)] [string]$Results,
            [int]$ThrottleLimit = 1
        )
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        $trials = [FeatureLearning.Core.Sweeps.Slurm.SlurmChunks]::ReadLine($Chunks, $Task)
        $ids = [FeatureLearning.Core.Sweeps.TrialIds]::Parse($trials)
        $restart = if ($env:SLURM_RESTART_COUNT) { " (restart $env:SLURM_RESTART_COUNT)" } else { '' }
        Write-Output "$([DateTime]::UtcNow.ToString('o')) array task $($env:SLURM_ARRAY_JOB_ID)_$Task$restart on $([Environment]::MachineName): trials $trials, $ThrottleLimit at a time."
        $failures = @()
        Invoke-Sweep -Path $Plan -TrialId $ids -ResultsPath $Results -Resume -ThrottleLimit $ThrottleLimit -ThreadsPerTrial 1 `
            -ErrorAction SilentlyContinue -ErrorVariable failures -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { Write-Output $_.Message }
        foreach ($failure in $failures) { [Console]::Error.WriteLine("$($failure.FullyQualifiedErrorId): $failure") }
        if ($failures.Count -gt 0) { exit 1 }
        Write-Output "$([DateTime]::UtcNow.ToString('o')) done."

        """;
}

/// <summary>Chunk lists: line i holds the trial ids of array task i ("0-9", "12,15-17").</summary>
public static class SlurmChunks
{
    public static void Write(string path, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", string.Concat(lines.Select(l => l + "\n")));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>The trial ids of array task <paramref name="task"/> (line task+1).</summary>
    public static string ReadLine(string path, int task)
    {
        int index = 0;
        foreach (var line in File.ReadLines(path))
            if (index++ == task) return line;
        throw new FeatureLearningException("FeatureLearning.InvalidChunk",
            $"'{path}' has {index} lines, so array task {task} has no trials; was the array submitted with a larger --array range by hand?", ErrorKind.InvalidData);
    }

    public static IEnumerable<string> ReadAll(string path) => File.Exists(path) ? File.ReadLines(path) : Enumerable.Empty<string>();
}
