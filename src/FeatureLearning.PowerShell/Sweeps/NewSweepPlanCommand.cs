using System.Management.Automation;
using FeatureLearning.Core.Sweeps;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>
/// <para type="synopsis">Lists every trial Compare-Learner would run for the same parameters as a sweep plan (and saves it as JSON), for any task and learner.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "SweepPlan", DefaultParameterSetName = "Alpha")]
[OutputType(typeof(SweepPlan))]
public sealed class NewSweepPlanCommand : ComparisonParametersCmdlet
{
    /// <summary>Also save the plan as JSON here.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Overwrite an existing file at -Path.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var comparison = Comparison();
        string? target = Path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (target is not null && File.Exists(target) && !Force)
            Fail("FeatureLearning.SweepPlanExists", $"'{target}' already exists; pass -Force to overwrite it or choose another -Path.", target, ErrorCategory.ResourceExists);

        Guard(() =>
        {
            var plan = SweepPlan.Create(comparison, out var notices);
            foreach (var notice in notices) WriteWarning(notice);
            WriteVerbose($"{plan.TrialCount} trials: {string.Join("; ", plan.Learners)} × n = {string.Join(", ", comparison.SampleCounts)} × seeds {string.Join(", ", Seed)}.");
            if (target is not null) plan.Save(target);
            WriteObject(plan);
        }, Data);
    }
}
