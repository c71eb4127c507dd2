using System.Management.Automation;
using FeatureLearning.Reports;

namespace FeatureLearning.PowerShell.Reports;

/// <summary>
/// <para type="synopsis">Draws mean Y vs X per series from result rows into a PNG or SVG image.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "LearningCurvePlot")]
[OutputType(typeof(FileInfo))]
public sealed class ExportLearningCurvePlotCommand : LearningCurveCmdlet
{
    [Parameter]
    [ValidateRange(100, 10_000)]
    public int Width { get; set; } = 800;

    [Parameter]
    [ValidateRange(100, 10_000)]
    public int Height { get; set; } = 500;

    protected override void EndProcessing()
    {
        Guard(() =>
        {
            string full = ResolvedPath();
            var table = CollectedTable();
            foreach (string warning in LearningCurvePlot.Write(full, table, Options(), Width, Height, Cancellation))
                WriteWarning(warning);
            WriteVerbose($"Plotted {table.Rows.Count} rows to {full}.");
            Finish(full);
        }, Path);
    }
}
