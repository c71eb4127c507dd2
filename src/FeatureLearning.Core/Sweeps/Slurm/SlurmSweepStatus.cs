using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>Where a Slurm sweep stands: rows of finished trials, trials still queued or running, failed and missing trials.</summary>
public sealed class SlurmSweepStatus
{
    public required int Trials { get; init; }

    public required IReadOnlyDictionary<int, ResultRow> Rows { get; init; }

    public required IReadOnlyList<int> Pending { get; init; }

    public required IReadOnlyList<int> Running { get; init; }

    public required IReadOnlyList<SweepTrialFailure> Failures { get; init; }

    public int Completed => Rows.Count;

    public bool IsFinished => Pending.Count == 0 && Running.Count == 0;

    public override string ToString() =>
        $"{Completed} of {Trials} trials done, {Running.Count} running, {Pending.Count} pending, {Failures.Count(f => f.State == "Failed")} failed, {Failures.Count(f => f.State == "Missing")} missing";
}
