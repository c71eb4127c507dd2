namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>
/// A trial of a Slurm sweep without a row: State "Failed" (the trial threw; Message is its error) or "Missing" (its array
/// task ended without writing a result: time limit, node failure, cancelled, PowerShell could not start).
/// </summary>
public sealed record SweepTrialFailure(
    int TrialId,
    string Learner,
    int N,
    long Seed,
    string State,
    string ErrorId,
    string Message,
    string SlurmJobId,
    string SlurmState,
    string SlurmExitCode,
    string StandardErrorPath,
    string StandardError);
