namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>
/// Where a Slurm sweep stands, trial by trial: done (a row), queued (array task pending, or array held back by the
/// submit limit), running, failed (the trial threw) or lost (its task ended without a result). Rows stay on disk and
/// are streamed by <see cref="Rows"/> in trial order; dispose the status to close the files.
/// </summary>
public sealed class SlurmSweepStatus : IDisposable
{
    public required int Trials { get; init; }

    public required int Done { get; init; }

    /// <summary>Pending in Slurm, or held back in the sweep directory (<see cref="Held"/> of them).</summary>
    public required int Queued { get; init; }

    public required int Held { get; init; }

    public required int Running { get; init; }

    public required int Failed { get; init; }

    public required int Lost { get; init; }

    /// <summary>Of the lost trials, those whose row was computed under an earlier plan.json that differs for them.</summary>
    public required int Stale { get; init; }

    /// <summary>Complete lines of results files that were not valid results (skipped; their trials count as lost).</summary>
    public required int CorruptLines { get; init; }

    public required IReadOnlyList<SweepTrialFailure> Failures { get; init; }

    public required IReadOnlyList<SweepTaskLoss> Losses { get; init; }

    /// <summary>Slurm ids (JOB_TASK) of the array tasks with failed or lost trials.</summary>
    public required IReadOnlyList<string> FailedTaskIds { get; init; }

    /// <summary>Arrays submitted while collecting (held ones that now had room).</summary>
    public required int ArraysSubmitted { get; init; }

    /// <summary>Results files and lines read, and how long reading took.</summary>
    public required int FilesRead { get; init; }

    public required long LinesRead { get; init; }

    public required TimeSpan ReadTime { get; init; }

    /// <summary>Ids of the failed and lost trials (what -Resubmit sends).</summary>
    public required IReadOnlyList<int> Missing { get; init; }

    internal SweepResultIndex Index { get; init; } = null!;

    internal IReadOnlyList<int> TrialIdsInOrder { get; init; } = Array.Empty<int>();

    public bool IsFinished => Queued == 0 && Running == 0;

    /// <summary>Rows of finished trials as JSON, in trial order (each memory valid until the next item).</summary>
    public IEnumerable<(int Trial, ReadOnlyMemory<byte> Row)> Rows(CancellationToken cancel = default) => Index.Rows(TrialIdsInOrder, cancel);

    public void Dispose() => Index?.Dispose();

    public override string ToString() =>
        $"{Done} of {Trials} trials done, {Queued} queued{(Held > 0 ? $" ({Held} held back by the submit limit)" : "")}, {Running} running, " +
        $"{Failed} failed, {Lost} lost{(Stale > 0 ? $" ({Stale} with rows of an earlier plan.json)" : "")}" +
        (FailedTaskIds.Count > 0 ? $"; failed or lost in array tasks {string.Join(", ", FailedTaskIds.Take(10))}{(FailedTaskIds.Count > 10 ? $" and {FailedTaskIds.Count - 10} more" : "")}" : "");
}
