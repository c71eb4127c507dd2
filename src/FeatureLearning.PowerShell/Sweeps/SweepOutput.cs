using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>Sweep rows have the columns of Compare-Learner's rows (the plan's diagnostic columns) with the trial id first.</summary>
internal static class SweepOutput
{
    public static PSObject Row(int trialId, ResultRow row, IReadOnlyList<string> diagnosticNames) =>
        ResultRows.Create(row, diagnosticNames, trialId);
}
