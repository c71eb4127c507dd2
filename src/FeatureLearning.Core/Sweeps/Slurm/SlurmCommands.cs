using System.ComponentModel;
using System.Diagnostics;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>Output of one Slurm client command.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error);

/// <summary>Runs sbatch, squeue, sacct and scontrol (found on PATH; SLURM_CONF and the rest come from the environment).</summary>
public class SlurmCommands
{
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
            var output = process.StandardOutput.ReadToEndAsync(cancel);
            var error = process.StandardError.ReadToEndAsync(cancel);
            process.WaitForExitAsync(cancel).GetAwaiter().GetResult();
            return new CommandResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }
}
