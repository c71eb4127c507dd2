namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>A trial of a Slurm sweep that ran and threw: its error, and the array task that ran it.</summary>
public sealed record SweepTrialFailure(
    int TrialId,
    string Trial,
    string ErrorId,
    string Message,
    string SlurmJobId,
    string SlurmState,
    string SlurmExitCode,
    string StandardErrorPath,
    string StandardError);

/// <summary>
/// Trials of one array task that ended without a result (time limit, node failure, cancelled, preempted without
/// requeue, PowerShell did not start), or that were never submitted, or whose only row was computed under an earlier
/// plan.json that differs for them (<see cref="Reason"/> says which).
/// </summary>
public sealed record SweepTaskLoss(
    string SlurmJobId,
    string SlurmState,
    string SlurmExitCode,
    string Trials,
    int TrialCount,
    string Reason,
    string StandardErrorPath,
    string StandardError);
