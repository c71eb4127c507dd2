using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Comparison;

/// <summary>
/// <para type="synopsis">Fits learners for every ridge of a grid on Compare-Learner's data (same training rows and test set per n and seed); one flat row per (learner, n, seed, ridge) with the best ridge flagged.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "RidgePath", DefaultParameterSetName = "Alpha")]
[OutputType(TypeName)]
public sealed class MeasureRidgePathCommand : ComparisonParametersCmdlet
{
    public const string TypeName = "FeatureLearning.RidgePathRow";

    /// <summary>The grid: unnormalised λ values (as -Ridge of the learner cmdlets), each finite and non-negative.</summary>
    [Parameter(Mandatory = true)]
    public double[] Ridge { get; set; } = Array.Empty<double>();

    /// <summary>Also one row per (n, seed) at the ridge the learner chooses itself on its validation split (Validated = true; never Best); none for learners whose ridge is a fixed setting.</summary>
    [Parameter]
    public SwitchParameter IncludeValidated { get; set; }

    protected override void ProcessRecord()
    {
        const string activity = "Measuring ridge paths";
        var comparison = Comparison();
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(Learner)) && !MyInvocation.BoundParameters.ContainsKey(nameof(Spec)))
        {
            // The task's comparison, without the learners that have no ridge to vary (the net).
            var withRidge = comparison.Learners.Where(l => l.WithRidge(null) is not null).ToList();
            comparison = new Core.Comparison.LearnerComparison
            {
                Data = comparison.Data, TestData = comparison.TestData, Learners = withRidge,
                SampleCounts = comparison.SampleCounts, Seeds = comparison.Seeds, TestSamples = comparison.TestSamples,
            };
        }
        Guard(() =>
        {
            var grid = comparison.Plan();
            foreach (var notice in grid.Notices) WriteWarning(notice);
            var columns = comparison.DiagnosticNames();
            WriteVerbose($"{grid.Trials.Count} paths of {Ridge.Length} ridges: {string.Join("; ", comparison.Learners)} × n = {string.Join(", ", comparison.SampleCounts)} × seeds {string.Join(", ", Seed)}.");
            foreach (var row in comparison.RunRidgePath(grid, Ridge, IncludeValidated, Context(activity), (label, ex) =>
                     {
                         var record = RecordOf(ex, label);
                         record.ErrorDetails = new ErrorDetails($"{label}: {ex.Message}");
                         WriteError(record);
                     }))
                WriteObject(Create(row, columns));
            CompleteProgress(activity);
        }, Data);
    }

    /// <summary>Compare-Learner's row (<see cref="ResultRows"/>) with Ridge (when the learner reports none), Validated and Best.</summary>
    private static PSObject Create(RidgePathRow row, IReadOnlyList<string> columns)
    {
        var o = ResultRows.Create(row.Row, columns);
        o.TypeNames.Insert(0, TypeName);
        if (o.Properties["Ridge"] is null) o.Properties.Add(new PSNoteProperty("Ridge", row.Ridge));
        o.Properties.Add(new PSNoteProperty("Validated", row.Validated));
        o.Properties.Add(new PSNoteProperty("Best", row.Best));
        return o;
    }
}
