using System.Management.Automation;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Comparison;

/// <summary>
/// <para type="synopsis">Runs several learners over sample sizes and seeds on one task (or on user data with a test set); one flat row per (learner, n, seed).</para>
/// </summary>
[Cmdlet(VerbsData.Compare, "Learner", DefaultParameterSetName = "Alpha")]
[OutputType(ResultRows.TypeName)]
public sealed class CompareLearnerCommand : ComparisonParametersCmdlet
{
    protected override void ProcessRecord()
    {
        const string activity = "Comparing learners";
        var comparison = Comparison();
        Guard(() =>
        {
            var grid = comparison.Plan();
            foreach (var notice in grid.Notices) WriteWarning(notice);
            var columns = comparison.DiagnosticNames();
            WriteVerbose($"{grid.Trials.Count} trials: {string.Join("; ", comparison.Learners)} × n = {string.Join(", ", comparison.SampleCounts)} × seeds {string.Join(", ", Seed)}.");
            // One failed trial (a diverging net at one n and seed) is a non-terminating error, as one failed trial of
            // Invoke-Sweep is: the other learners' rows still come, and -ErrorAction decides whether to go on.
            foreach (var row in comparison.Run(grid, Context(activity), (label, ex) =>
                     {
                         var record = RecordOf(ex, label);
                         record.ErrorDetails = new ErrorDetails($"{label}: {ex.Message}");
                         WriteError(record);
                     }))
                WriteObject(ResultRows.Create(row, columns));
            CompleteProgress(activity);
        }, Data);
    }
}
