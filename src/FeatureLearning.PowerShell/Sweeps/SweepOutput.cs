using System.Management.Automation;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>Sweep rows are the trials' row objects (same view, same columns as Compare-Learner) with the trial id added.</summary>
internal static class SweepOutput
{
    public static PSObject Row(int trialId, object row)
    {
        var wrapped = new PSObject(row);
        wrapped.Properties.Add(new PSNoteProperty("TrialId", trialId));
        return wrapped;
    }

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
