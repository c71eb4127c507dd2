using System.Management.Automation;
using FeatureLearning.Core;
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
/// <para type="synopsis">Submits a sweep plan to a Slurm cluster as job arrays sized to the cluster's limits and a target task duration.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "Sweep", DefaultParameterSetName = "Plan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
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
    [ValidateNotNullOrEmpty]
    public string Directory { get; set; } = null!;

    [Parameter]
    public string? Partition { get; set; }

    /// <summary>Time limit of each array task, in sbatch's format ("30", "01:00:00", "1-00:00:00").</summary>
    [Parameter]
    public string? TimeLimit { get; set; }

    [Parameter]
    [ValidateRange(1, 4096)]
    public int CpusPerTask { get; set; } = 1;

    /// <summary>Trials per array task; by default chosen for -TargetTaskMinutes from the trials' cost.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ChunkSize { get; set; }

    /// <summary>How long an array task should run when the chunk size is chosen (default 15 minutes).</summary>
    [Parameter]
    [ValidateRange(0.01, 100000)]
    public double TargetTaskMinutes { get; set; } = 15;

    /// <summary>Estimated seconds of one trial on one core; measured on three trials here when left out.</summary>
    [Parameter]
    [ValidateRange(1e-6, 1e9)]
    public double TrialSeconds { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxRunningTasks { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string JobName { get; set; } = "fl-sweep";

    [Parameter]
    public string[] ExtraSbatchArgument { get; set; } = Array.Empty<string>();

    /// <summary>The command that starts PowerShell on a compute node, one word per element (e.g. 'pwsh', or 'dotnet', '/opt/pwsh/pwsh.dll'); by default the PowerShell running this command.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? PowerShellPath { get; set; }

    /// <summary>FeatureLearning.psd1 as the compute nodes see it; by default the module loaded here.</summary>
    [Parameter]
    public string? ModulePath { get; set; }

    /// <summary>Shell lines each array task runs before PowerShell (module loads, environment).</summary>
    [Parameter]
    public string[] SetupCommand { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        string directory = SweepOutput.FileSystemPath(this, Directory, nameof(Directory));
        string module = ModulePath is null ? DefaultModulePath() : SweepOutput.FileSystemPath(this, ModulePath, nameof(ModulePath));
        Guard(() =>
        {
            var plan = ParameterSetName == "Path" ? SweepPlan.Load(SweepOutput.FileSystemPath(this, Path, nameof(Path))) : Plan;
            var settings = new SlurmSettings
            {
                PowerShell = PowerShellPath ?? DefaultPowerShell(),
                ModulePath = module,
                Partition = Partition,
                TimeLimit = TimeLimit,
                CpusPerTask = CpusPerTask,
                ChunkSize = ChunkSize > 0 ? ChunkSize : null,
                TargetTaskMinutes = TargetTaskMinutes,
                TrialSeconds = TrialSeconds > 0 ? TrialSeconds : null,
                MaxRunningTasks = MaxRunningTasks > 0 ? MaxRunningTasks : null,
                JobName = JobName,
                ExtraSbatchArguments = ExtraSbatchArgument,
                SetupCommands = SetupCommand,
            };
            settings.Validate();
            SlurmText.Checked(directory, "-Directory");
            SlurmText.FilePatternFolder(directory, "-Directory");
            string identity = SweepPlanIdentity.Of(plan);
            var backend = new SlurmBackend();
            bool dryRun = MyInvocation.BoundParameters.ContainsKey("WhatIf") && ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent;

            SlurmLimits limits;
            try { limits = SlurmLimits.Read(backend.Commands, backend.User, Cancellation); }
            catch (FeatureLearningException ex) when (dryRun && ex.ErrorId == "FeatureLearning.SlurmNotFound")
            {
                limits = new SlurmLimits { Source = $"no Slurm commands here ({ex.Message}); Slurm's defaults assumed for this dry run" };
            }
            WriteVerbose($"Cluster limits: {limits.Source}.");

            // With -ChunkSize and no estimate there is nothing to measure for: the chunk size is taken as given.
            var (seconds, source) = settings.TrialSeconds is { } given ? (given, "-TrialSeconds")
                : settings.ChunkSize is not null ? ((double?)null, "not estimated: -ChunkSize given")
                : SweepCost.Measure(plan, 3, TimeSpan.FromSeconds(60), Cancellation);
            var sizing = SlurmSizing.Choose(plan.TrialCount, CpusPerTask, seconds, source, TargetTaskMinutes, settings.ChunkSize,
                TimeLimit is null ? null : SlurmText.TimeLimitSeconds(TimeLimit), limits);
            foreach (var reason in sizing.Reasons) WriteVerbose(reason);
            if (settings.ChunkSize is { } asked && asked != sizing.ChunkSize)
                WriteWarning($"-ChunkSize {asked} changed to {sizing.ChunkSize}: {sizing.Reasons[^1]}");

            var job = SlurmBackend.Create(plan, identity, directory, settings);
            SlurmPlanView.Remember(job, plan, identity);
            job.Limits = limits;
            job.Sizing = sizing;
            var arrays = backend.Prepare(job, plan.Trials.Select(t => t.Id).ToList(), sizing, identity);
            var declined = new List<SlurmArray>();
            int submitted = 0;
            bool completed = false;
            try
            {
                submitted = backend.SubmitHeld(job, sizing.TasksSubmittableNow, limits.JobRoom, array =>
                {
                    if (ShouldProcess(array.SbatchCommand, $"Submit job array {array.Number} of {arrays.Count} ({array.Tasks} tasks, {array.TrialCount} trials)")) return true;
                    declined.Add(array);
                    return false;
                }, WriteWarning, Cancellation);
                completed = true;
            }
            finally
            {
                // Whatever was submitted is recorded, even if a later sbatch failed or Ctrl+C came in between; a sweep
                // held back entirely by the submit limit is recorded too (Receive-Sweep submits it); a first sbatch that
                // failed leaves the directory reusable.
                foreach (var array in declined) job.Arrays.Remove(array);
                job.Submitted = !dryRun && job.Arrays.Count > 0 && (job.Arrays.Any(a => !a.IsHeld) || (completed && declined.Count == 0));
                if (job.Submitted) job.Save();
            }
            if (!job.Submitted)
                WriteVerbose($"Nothing submitted; the scripts and chunk lists are in {job.Directory}.");
            else
                WriteVerbose($"Submitted {submitted} job arrays ({string.Join(", ", job.JobIds)}) for {plan.TrialCount} trials in chunks of {sizing.ChunkSize}" +
                             (job.HeldArrays > 0 ? $"; {job.HeldArrays} arrays wait for room and are submitted by Receive-Sweep" : "") + $"; plan and results in {job.Directory}.");
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
    private string[] DefaultPowerShell()
    {
        string process = Environment.ProcessPath ?? "pwsh";
        if (System.IO.Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            string home = SessionState.PSVariable.GetValue("PSHOME") as string ?? "";
            return new[] { process, System.IO.Path.Combine(home, "pwsh.dll") };
        }
        return new[] { process };
    }
}
