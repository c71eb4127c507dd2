using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Sweeps;

/// <summary>What became of one trial: its row, or the error that stopped it.</summary>
public sealed record TrialOutcome(SweepTrial Trial, ResultRow? Row, TrialError? Error)
{
    public bool Succeeded => Row is not null;
}

/// <summary>A failed trial's stable error id and message.</summary>
public sealed record TrialError(string Id, string Message)
{
    public static TrialError From(Exception ex) => ex is FeatureLearningException fl
        ? new TrialError(fl.ErrorId, fl.Message)
        : new TrialError("FeatureLearning.SweepTrialFailed", $"{ex.GetType().Name}: {ex.Message}");
}
