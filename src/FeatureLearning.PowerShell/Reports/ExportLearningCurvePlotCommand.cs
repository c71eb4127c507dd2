using System.Management.Automation;
using FeatureLearning.PowerShell.Infrastructure;
using FeatureLearning.Reports;

namespace FeatureLearning.PowerShell.Reports;

/// <summary>
/// <para type="synopsis">Draws mean Y vs X per curve, with standard-deviation error bars, from result rows into a PNG or SVG image.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "LearningCurvePlot", SupportsShouldProcess = true, DefaultParameterSetName = FileWriterCmdlet.PathSet)]
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
            var target = ResolveTarget();
            if (!ShouldWrite(target, target.Exists ? "Replace image" : "Create image")) return;
            var table = CollectedTable();
            foreach (string warning in LearningCurvePlot.Write(target.FullPath, table, Options(), Width, Height, Cancellation, WriteSettings()))
                WriteWarning(warning);
            WriteVerbose($"Plotted {table.Rows.Count} rows to {target.FullPath}.");
            Finish(target.FullPath);
        }, GivenPath);
    }
}
