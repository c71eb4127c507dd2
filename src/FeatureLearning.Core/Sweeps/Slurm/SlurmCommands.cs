using System.ComponentModel;
using System.Diagnostics;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>Output of one Slurm client command.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs sbatch, squeue, sacct, sacctmgr and scontrol (found on PATH; SLURM_CONF and the rest come from the
/// environment). Arguments go to the process as a list: no shell reads them.
/// </summary>
public class SlurmCommands
{
    /// <summary>A command that has not answered after this long is killed and reported as failed (a hung controller must not hang the cmdlet).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public virtual CommandResult Run(string command, IReadOnlyList<string> arguments, CancellationToken cancel = default)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"{command} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new FeatureLearningException("FeatureLearning.SlurmNotFound",
                $"Could not run '{command}' ({ex.Message}); run this on a Slurm login node, or put the Slurm client commands on PATH.",
                ErrorKind.ResourceUnavailable, ex);
        }
        using (process)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                cancel.ThrowIfCancellationRequested();
                return new CommandResult(-1, "", $"{command} did not answer within {Timeout.TotalSeconds:0} s and was stopped.");
            }
            return new CommandResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }
}
