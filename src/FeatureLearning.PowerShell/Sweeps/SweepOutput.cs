using System.Management.Automation;
using FeatureLearning.Core.Comparison;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>Sweep rows are ComparisonRows (same view, same columns as Compare-Learner) with the trial id added.</summary>
internal static class SweepOutput
{
    public static PSObject Row(int trialId, ComparisonRow row)
    {
        var wrapped = new PSObject(row);
        wrapped.Properties.Add(new PSNoteProperty("TrialId", trialId));
        return wrapped;
    }
}
