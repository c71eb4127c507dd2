using System.Globalization;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>
/// How a batch of trials is cut into array tasks and arrays, and why: tasks of about the target duration (from the
/// estimated cost of a trial and the trials a task runs at once), within the time limit, few enough for the user's
/// submit limit, in arrays no larger than the cluster allows.
/// </summary>
public sealed record SlurmSizing
{
    public required int Trials { get; init; }

    /// <summary>Trials per array task.</summary>
    public required int ChunkSize { get; init; }

    public required int Tasks { get; init; }

    /// <summary>Array tasks per array (the last array may have fewer).</summary>
    public required int TasksPerArray { get; init; }

    public required int Arrays { get; init; }

    /// <summary>Estimated seconds of one trial on one core (null when -ChunkSize was given and no estimate was needed).</summary>
    public double? TrialSeconds { get; init; }

    /// <summary>Where <see cref="TrialSeconds"/> came from ("-TrialSeconds", "measured on 3 trials here", "the earlier submission").</summary>
    public required string TrialSecondsSource { get; init; }

    public required double TargetTaskMinutes { get; init; }

    /// <summary>Estimated minutes of one full array task (null without a trial cost).</summary>
    public double? TaskMinutes { get; init; }

    /// <summary>Array tasks that can be queued now; the others wait in the sweep directory for Receive-Sweep to submit.</summary>
    public required int TasksSubmittableNow { get; init; }

    /// <summary>What was chosen and why, one sentence a decision.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    public override string ToString() => string.Join(" ", Reasons);

    /// <summary>
    /// Chooses the chunk size: an explicit <paramref name="chunkSize"/>, else
    /// <paramref name="cpusPerTask"/> × ⌊target / trial seconds⌋ (at least one round of parallel trials); then lowered to
    /// fit 80 % of the time limit, then raised so that all tasks fit the user's submit room where the time limit allows.
    /// </summary>
    public static SlurmSizing Choose(int trials, int cpusPerTask, double? trialSeconds, string trialSecondsSource, double targetTaskMinutes,
        int? chunkSize, double? timeLimitSeconds, SlurmLimits limits)
    {
        if (trials < 1) throw new FeatureLearningException("FeatureLearning.NothingToSubmit", "There are no trials to submit.", ErrorKind.InvalidOperation);
        if (trialSeconds is null && chunkSize is null)
            throw new FeatureLearningException("FeatureLearning.TrialCostUnknown", "Give -ChunkSize or an estimate of a trial's cost (-TrialSeconds).");
        if (trialSeconds is { } c0 && (!(c0 > 0) || double.IsInfinity(c0)))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-TrialSeconds must be positive and finite, got {trialSeconds}.");
        if (!(targetTaskMinutes > 0) || double.IsInfinity(targetTaskMinutes))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-TargetTaskMinutes must be positive and finite, got {targetTaskMinutes}.");
        int p = Math.Max(1, cpusPerTask);
        var reasons = new List<string>();
        if (trialSeconds is { } c1) reasons.Add($"Trials take about {SlurmText.Minutes(c1)} each ({trialSecondsSource}), {p} at a time per task.");
        double cost = trialSeconds ?? 0;

        long k;
        if (chunkSize is { } given)
        {
            k = given;
            reasons.Add($"-ChunkSize {given} asked for.");
        }
        else
        {
            k = p * Math.Max(1L, (long)Math.Floor(targetTaskMinutes * 60 / cost));
            reasons.Add($"{k} trials a task make tasks of about {SlurmText.Minutes(Rounds(k, p) * cost)} (target {Fmt(targetTaskMinutes)} min, -TargetTaskMinutes).");
        }
        long kTime = long.MaxValue;
        if (timeLimitSeconds is { } limit && trialSeconds is not null)
        {
            kTime = p * Math.Max(1L, (long)Math.Floor(0.8 * limit / cost));
            if (k > kTime)
            {
                reasons.Add($"Lowered to {kTime} so that a task fits in 80 % of -TimeLimit ({SlurmText.Minutes(limit)}).");
                k = kTime;
            }
        }
        k = Math.Min(k, trials);
        long tasks = Ceiling(trials, k);
        int tasksNow = (int)Math.Min(tasks, int.MaxValue);
        if (limits.SubmitRoom is { } room && tasks > room)
        {
            long kRoom = Ceiling(trials, Math.Max(1, room));
            if (room > 0 && kRoom <= kTime)
            {
                reasons.Add($"Raised to {kRoom} so that the {trials} trials fit in the {room} array tasks you may still queue " +
                            $"(submit limit {limits.MaxSubmitJobs}, {limits.UserJobs} queued now).");
                k = kRoom;
                tasks = Ceiling(trials, k);
                tasksNow = (int)tasks;
            }
            else
            {
                tasksNow = room;
                reasons.Add($"{tasks} tasks are needed but you may queue only {room} more (submit limit {limits.MaxSubmitJobs}, " +
                            $"{limits.UserJobs} queued now){(kRoom > kTime ? " and -TimeLimit forbids larger tasks" : "")}: {room} are submitted now and " +
                            "the rest wait in the sweep directory; Receive-Sweep submits them as queued tasks finish.");
            }
        }
        // An array is submitted whole, so it must fit the submit limit; when tasks wait for room, smaller arrays let
        // Receive-Sweep top the queue up as tasks finish instead of waiting for a whole large array's worth.
        int perArray = limits.TasksPerArray;
        if (limits.MaxSubmitJobs is { } maxSubmit)
            perArray = Math.Max(1, Math.Min(perArray, tasksNow < tasks ? Math.Max(1, maxSubmit / 4) : maxSubmit));
        long arrays = Ceiling(tasks, perArray);
        if (arrays > 1)
            reasons.Add($"{tasks} tasks are split into {arrays} arrays of at most {perArray} (MaxArraySize {limits.MaxArraySize}" +
                        $"{(limits.MaxArrayTasks is { } m ? $", max_array_tasks {m}" : "")}" +
                        $"{(perArray < limits.TasksPerArray ? $", submit limit {limits.MaxSubmitJobs}" : "")}).");
        if (chunkSize is { } asked && k != asked && !reasons.Any(r => r.StartsWith("Lowered", StringComparison.Ordinal) || r.StartsWith("Raised", StringComparison.Ordinal)))
            reasons.Add($"Used {k} (all trials in one task).");
        return new SlurmSizing
        {
            Trials = trials, ChunkSize = (int)k, Tasks = (int)tasks, TasksPerArray = perArray, Arrays = (int)arrays,
            TrialSeconds = trialSeconds, TrialSecondsSource = trialSecondsSource, TargetTaskMinutes = targetTaskMinutes,
            TaskMinutes = trialSeconds is null ? null : Rounds(k, p) * cost / 60, TasksSubmittableNow = tasksNow, Reasons = reasons,
        };
    }

    private static long Rounds(long k, int p) => Ceiling(k, p);

    private static long Ceiling(long a, long b) => (a + b - 1) / b;

    private static string Fmt(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
