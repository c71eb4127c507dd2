using System.Management.Automation;
using FeatureLearning.Core.Sweeps;
using FeatureLearning.Core.Sweeps.Slurm;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>Where Submit-Sweep sends a sweep.</summary>
public enum SweepBackend
{
    Slurm,
}

/// <summary>
/// <para type="synopsis">Submits a sweep plan to a Slurm cluster as one job array (one array task per chunk of trials).</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "Sweep", DefaultParameterSetName = "Plan")]
[OutputType(typeof(SlurmSweepJob))]
public sealed class SubmitSweepCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0, ParameterSetName = "Plan")]
    public SweepPlan Plan { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    public string Path { get; set; } = null!;

    [Parameter]
    public SweepBackend Backend { get; set; } = SweepBackend.Slurm;

    /// <summary>A new directory on a file system the compute nodes share.</summary>
    [Parameter(Mandatory = true)]
    public string Directory { get; set; } = null!;

    [Parameter]
    public string? Partition { get; set; }

    /// <summary>Time limit of each array task, in sbatch's format ("30", "01:00:00", "1-00:00:00").</summary>
    [Parameter]
    public string? TimeLimit { get; set; }

    [Parameter]
    [ValidateRange(1, 4096)]
    public int CpusPerTask { get; set; } = 1;

    /// <summary>Trials per array task.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ChunkSize { get; set; } = 10;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxRunningTasks { get; set; }

    [Parameter]
    public string JobName { get; set; } = "fl-sweep";

    [Parameter]
    public string[] ExtraSbatchArgument { get; set; } = Array.Empty<string>();

    /// <summary>How the compute nodes start PowerShell; by default the PowerShell running this command.</summary>
    [Parameter]
    public string? PowerShellPath { get; set; }

    /// <summary>FeatureLearning.psd1 as the compute nodes see it; by default the module loaded here.</summary>
    [Parameter]
    public string? ModulePath { get; set; }

    /// <summary>Shell lines each array task runs before PowerShell (module loads, environment).</summary>
    [Parameter]
    public string[] SetupCommand { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        string directory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Directory);
        string module = ModulePath is null ? DefaultModulePath() : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ModulePath);
        Guard(() =>
        {
            var plan = ParameterSetName == "Path" ? SweepPlan.Load(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path)) : Plan;
            var settings = new SlurmSettings
            {
                PowerShell = PowerShellPath ?? DefaultPowerShell(),
                ModulePath = module,
                Partition = Partition,
                TimeLimit = TimeLimit,
                CpusPerTask = CpusPerTask,
                ChunkSize = ChunkSize,
                MaxRunningTasks = MaxRunningTasks > 0 ? MaxRunningTasks : null,
                JobName = JobName,
                ExtraSbatchArguments = ExtraSbatchArgument,
                SetupCommands = SetupCommand,
            };
            var job = SlurmBackend.Create(plan, directory, settings);
            var submission = new SlurmBackend().Submit(job, plan.Trials.Select(t => t.Id).ToList());
            WriteVerbose($"Submitted job array {submission.JobId} with {submission.Chunks.Count} tasks for {plan.TrialCount} trials; plan and results in {job.Directory}.");
            WriteObject(job);
        }, Plan);
    }

    private string DefaultModulePath()
    {
        var module = MyInvocation.MyCommand.Module;
        if (module is null) return "FeatureLearning";
        var manifest = System.IO.Path.Combine(module.ModuleBase, module.Name + ".psd1");
        return File.Exists(manifest) ? manifest : module.Path;
    }

    /// <summary>The PowerShell running now; a 'dotnet pwsh' tool runs as dotnet plus pwsh.dll in $PSHOME.</summary>
    private string DefaultPowerShell()
    {
        string process = Environment.ProcessPath ?? "pwsh";
        static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
        if (System.IO.Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            string home = SessionState.PSVariable.GetValue("PSHOME") as string ?? "";
            return $"{Quote(process)} {Quote(System.IO.Path.Combine(home, "pwsh.dll"))}";
        }
        return Quote(process);
    }
}
