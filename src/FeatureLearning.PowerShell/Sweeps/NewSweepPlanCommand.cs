using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.IO;
using FeatureLearning.Core.Sweeps;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>
/// <para type="synopsis">Lists every trial Compare-Learner would run for the same parameters as a sweep plan (and saves it as JSON), for any task and learner.</para>
/// </summary>
/// <remarks>
/// The file is written as Export-Csv writes (<see cref="FileWriterTarget"/>: -Path or -LiteralPath through the provider,
/// -WhatIf/-Confirm, -NoClobber, a read-only file only with -Force, atomic), with one difference kept on purpose: an
/// existing plan is replaced only with -Force. Results files and Slurm sweep directories are checked against the plan
/// they were run from, so replacing a plan by accident orphans them. -Path and -LiteralPath are optional and belong to
/// both the Alpha and the Samples parameter sets, so they exclude each other by a check here rather than by sets.
/// </remarks>
[Cmdlet(VerbsCommon.New, "SweepPlan", SupportsShouldProcess = true, DefaultParameterSetName = "Alpha")]
[OutputType(typeof(SweepPlan))]
public sealed class NewSweepPlanCommand : ComparisonParametersCmdlet
{
    /// <summary>Also save the plan as JSON here (wildcards resolved to one file).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Also save the plan as JSON here, taken literally.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("PSPath", "LP")]
    public string? LiteralPath { get; set; }

    /// <summary>Replace an existing file at -Path (also a read-only one, which stays read-only).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Never replace an existing file, even with -Force.</summary>
    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    protected override void ProcessRecord()
    {
        if (Path is not null && LiteralPath is not null)
            Fail("FeatureLearning.InvalidPath", "Give -Path or -LiteralPath, not both.", Path);
        string? given = Path ?? LiteralPath;
        var comparison = Comparison();
        FileWriterTarget? target = null;
        if (given is not null)
        {
            Guard(() => target = FileWriterTarget.Resolve(this, given, literal: LiteralPath is not null), given);
            if (target!.Exists && !Force && !NoClobber)
                Fail("FeatureLearning.SweepPlanExists",
                    $"'{target.FullPath}' already exists; pass -Force to replace it (results run from the old plan will no longer match it) or choose another path.",
                    target.FullPath, ErrorCategory.ResourceExists);
        }

        Guard(() =>
        {
            var plan = SweepPlan.Create(comparison, out var notices);
            foreach (var notice in notices) WriteWarning(notice);
            WriteVerbose($"{plan.TrialCount} trials: {string.Join("; ", plan.Learners)} × n = {string.Join(", ", comparison.SampleCounts)} × seeds {string.Join(", ", Seed)}.");
            if (target is not null && ShouldWrite(target))
            {
                plan.Save(target.FullPath, Cancellation, new FileWriteSettings { Waiting = WriteVerbose, Note = WriteVerbose });
                WriteVerbose($"Saved the plan to {target.FullPath}.");
            }
            WriteObject(plan);
        }, Data);
    }

    /// <summary>-NoClobber, read-only unless -Force, then -WhatIf/-Confirm (false: the plan is returned but not saved).</summary>
    private bool ShouldWrite(FileWriterTarget target) =>
        target.ShouldWrite(this, Force, NoClobber, changesExisting: false, target.Exists ? "Replace sweep plan" : "Create sweep plan");
}
