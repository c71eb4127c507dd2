using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>Sweep rows have the columns of Compare-Learner's rows (the plan's diagnostic columns), with the trial id first.</summary>
internal static class SweepOutput
{
    public static PSObject Row(int trialId, ResultRow row, IReadOnlyList<string> diagnosticNames) =>
        ResultRows.Create(row, diagnosticNames, trialId);

    /// <summary>A file-system path from a PowerShell path (relative to the current location); other providers (Env:, Variable:) are refused.</summary>
    public static string FileSystemPath(PSCmdlet cmdlet, string path, string parameter)
    {
        string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-{parameter} '{path}' is on the {provider.Name} provider; give a file-system path."),
                "FeatureLearning.InvalidPath", ErrorCategory.InvalidArgument, path));
        return resolved;
    }
}
