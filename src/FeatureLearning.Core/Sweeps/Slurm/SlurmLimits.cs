using System.Globalization;
using System.Text.Json.Serialization;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>
/// The limits that decide how a sweep can be submitted, as the cluster reports them: array size and array task count
/// (scontrol show config), the controller's job records (MaxJobCount), and the user's submit limit from the accounting
/// database (association MaxSubmitJobs/GrpSubmitJobs and the QOS MaxSubmitJobsPerUser, where sacctmgr answers; each
/// array task counts as one job there), with what the user already has queued.
/// </summary>
public sealed record SlurmLimits
{
    /// <summary>Array indices must be below this (Slurm's default is 1001).</summary>
    public int MaxArraySize { get; init; } = 1001;

    /// <summary>SchedulerParameters max_array_tasks: tasks in one array, if set.</summary>
    public int? MaxArrayTasks { get; init; }

    /// <summary>Job records the controller holds at once (a pending array counts once).</summary>
    public int? MaxJobCount { get; init; }

    /// <summary>Jobs and array tasks one user may have queued or running, if the accounting database says.</summary>
    public int? MaxSubmitJobs { get; init; }

    /// <summary>The user's array tasks and jobs queued or running when the limits were read.</summary>
    public int UserJobs { get; init; }

    /// <summary>Job records of all users when the limits were read (squeue, one line per pending array).</summary>
    public int ClusterJobs { get; init; }

    /// <summary>Where each value came from (and what did not answer).</summary>
    public string Source { get; init; } = "";

    /// <summary>Array tasks in one array (indices 0 to this minus 1).</summary>
    [JsonIgnore]
    public int TasksPerArray => Math.Max(1, Math.Min(MaxArraySize, MaxArrayTasks ?? int.MaxValue));

    /// <summary>Array tasks the user may still queue (null: no known limit).</summary>
    [JsonIgnore]
    public int? SubmitRoom => MaxSubmitJobs is { } max ? Math.Max(0, max - UserJobs) : null;

    /// <summary>Job records (arrays) the controller can still take (null: no known limit).</summary>
    [JsonIgnore]
    public int? JobRoom => MaxJobCount is { } max ? Math.Max(0, max - ClusterJobs - 1) : null;

    public static SlurmLimits Read(SlurmCommands commands, string user, CancellationToken cancel = default)
    {
        var notes = new List<string>();
        int maxArraySize = 1001;
        int? maxArrayTasks = null, maxJobCount = null;
        var config = commands.Run("scontrol", new[] { "show", "config" }, cancel);
        if (config.ExitCode == 0)
        {
            var values = ParseConfig(config.Output);
            if (values.TryGetValue("MaxArraySize", out var a) && int.TryParse(a, CultureInfo.InvariantCulture, out int size)) maxArraySize = size;
            if (values.TryGetValue("MaxJobCount", out var j) && int.TryParse(j, CultureInfo.InvariantCulture, out int jobs)) maxJobCount = jobs;
            if (values.TryGetValue("SchedulerParameters", out var p)) maxArrayTasks = SchedulerParameter(p, "max_array_tasks");
            notes.Add($"scontrol show config: MaxArraySize={maxArraySize}, MaxJobCount={(maxJobCount?.ToString(CultureInfo.InvariantCulture) ?? "?")}" +
                      (maxArrayTasks is { } t ? $", max_array_tasks={t}" : ""));
        }
        else notes.Add($"scontrol show config failed ({FirstLine(config)}); assuming Slurm's default MaxArraySize=1001");

        int? maxSubmit = ReadSubmitLimit(commands, user, notes, cancel);

        int userJobs = 0, clusterJobs = 0;
        var mine = commands.Run("squeue", new[] { "-h", "-r", "-u", user, "-o", "%i" }, cancel);
        if (mine.ExitCode == 0) userJobs = CountLines(mine.Output);
        var all = commands.Run("squeue", new[] { "-h", "-o", "%i" }, cancel);
        if (all.ExitCode == 0) clusterJobs = CountLines(all.Output);
        notes.Add($"squeue: {userJobs} of your jobs/array tasks queued or running, {clusterJobs} job records in all");

        return new SlurmLimits
        {
            MaxArraySize = maxArraySize, MaxArrayTasks = maxArrayTasks, MaxJobCount = maxJobCount, MaxSubmitJobs = maxSubmit,
            UserJobs = userJobs, ClusterJobs = clusterJobs, Source = string.Join("; ", notes),
        };
    }

    /// <summary>The smallest submit limit of the user's associations and their QOS; null when sacctmgr does not answer or sets none.</summary>
    private static int? ReadSubmitLimit(SlurmCommands commands, string user, List<string> notes, CancellationToken cancel)
    {
        var assoc = commands.Run("sacctmgr", new[] { "-n", "-P", "show", "assoc", $"where", $"user={user}", "format=MaxSubmit,GrpSubmit,DefaultQOS,QOS" }, cancel);
        if (assoc.ExitCode != 0)
        {
            notes.Add($"sacctmgr did not answer ({FirstLine(assoc)}): no per-user submit limit known");
            return null;
        }
        int? limit = null;
        var qos = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Lines(assoc.Output))
        {
            var f = line.Split('|');
            limit = Min(limit, Number(f.ElementAtOrDefault(0)));
            limit = Min(limit, Number(f.ElementAtOrDefault(1)));
            if (!string.IsNullOrWhiteSpace(f.ElementAtOrDefault(2))) qos.Add(f[2].Trim());
            else foreach (var q in (f.ElementAtOrDefault(3) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) qos.Add(q);
        }
        string from = limit is { } l ? $"association MaxSubmit={l}" : "no association submit limit";
        if (qos.Count > 0)
        {
            var q = commands.Run("sacctmgr", new[] { "-n", "-P", "show", "qos", "format=Name,MaxSubmitPU" }, cancel);
            if (q.ExitCode == 0)
                foreach (var line in Lines(q.Output))
                {
                    var f = line.Split('|');
                    if (f.Length >= 2 && qos.Contains(f[0].Trim()) && Number(f[1]) is { } perUser)
                    {
                        if (limit is null || perUser < limit) from = $"QOS {f[0].Trim()} MaxSubmitJobsPerUser={perUser}";
                        limit = Min(limit, perUser);
                    }
                }
        }
        notes.Add($"sacctmgr: {from}");
        return limit;
    }

    internal static Dictionary<string, string> ParseConfig(string output)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Lines(output))
        {
            int eq = line.IndexOf('=');
            if (eq > 0) values.TryAdd(line[..eq].Trim(), line[(eq + 1)..].Trim());
        }
        return values;
    }

    internal static int? SchedulerParameter(string parameters, string name)
    {
        foreach (var part in parameters.Split(',', StringSplitOptions.TrimEntries))
            if (part.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(part[(name.Length + 1)..], CultureInfo.InvariantCulture, out int value)) return value;
        return null;
    }

    private static int? Number(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0 ? value : null;

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int CountLines(string text) => Lines(text).Count();

    private static string FirstLine(CommandResult result)
    {
        var text = (result.Error + "\n" + result.Output).Trim();
        int newline = text.IndexOf('\n');
        return (newline < 0 ? text : text[..newline]).Trim() is { Length: > 0 } line ? line : $"exit code {result.ExitCode}";
    }

    public override string ToString() => Source;
}
