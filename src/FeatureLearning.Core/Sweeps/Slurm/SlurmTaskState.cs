namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>What Slurm says about one array task: "PENDING", "RUNNING", "COMPLETED", "FAILED", "TIMEOUT", ... and the exit code.</summary>
public sealed record SlurmTaskState(string JobId, int Task, string State, string ExitCode)
{
    public bool IsActive => State is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "REQUEUED" or "RESIZING" or "SUSPENDED"
        or "REQUEUE_HOLD" or "REQUEUE_FED" or "SIGNALING" or "STAGE_OUT" or "STOPPED";

    /// <summary>Waiting to start (again, after a requeue), as opposed to running.</summary>
    public bool IsQueued => State is "PENDING" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED";

    /// <summary>squeue -h -r -o "%F|%K|%T" lines.</summary>
    public static IEnumerable<SlurmTaskState> ParseSqueue(string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length >= 3 && int.TryParse(parts[1], out int task)) yield return new SlurmTaskState(parts[0], task, parts[2], "");
        }
    }

    /// <summary>sacct -n -P -X -o JobID,State,ExitCode lines ("12_3|FAILED|1:0"; a state may read "CANCELLED by 0").</summary>
    public static IEnumerable<SlurmTaskState> ParseSacct(string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length < 3) continue;
            int underscore = parts[0].IndexOf('_');
            if (underscore < 0 || !int.TryParse(parts[0][(underscore + 1)..], out int task)) continue;
            yield return new SlurmTaskState(parts[0][..underscore], task, parts[1].Split(' ')[0], parts[2]);
        }
    }

    /// <summary>scontrol -o show job lines (one per array task: "JobId=3 ArrayJobId=1 ArrayTaskId=0 ... JobState=FAILED ... ExitCode=1:0").</summary>
    public static IEnumerable<SlurmTaskState> ParseScontrol(string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = new Dictionary<string, string>();
            foreach (var token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = token.IndexOf('=');
                if (eq > 0) fields.TryAdd(token[..eq], token[(eq + 1)..]);
            }
            if (fields.TryGetValue("ArrayJobId", out var job) && fields.TryGetValue("ArrayTaskId", out var taskText)
                && int.TryParse(taskText, out int task) && fields.TryGetValue("JobState", out var state))
                yield return new SlurmTaskState(job, task, state, fields.GetValueOrDefault("ExitCode", ""));
        }
    }
}
