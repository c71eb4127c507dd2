using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Reports;

namespace FeatureLearning.PowerShell.Reports;

/// <summary>
/// <para type="synopsis">Writes result rows to an .xlsx workbook: a data table, a mean/std/count summary per (Series, X) and a native Excel chart.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "LearningCurveReport")]
[OutputType(typeof(FileInfo))]
public sealed class ExportLearningCurveReportCommand : LearningCurveCmdlet
{
    [Parameter]
    public string WorksheetName { get; set; } = "Results";

    /// <summary>Add the sheets to an existing workbook (sheets of the same names are replaced).</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    protected override void EndProcessing()
    {
        Guard(() =>
        {
            string full = ResolvedPath();
            if (!string.Equals(System.IO.Path.GetExtension(full), ".xlsx", StringComparison.OrdinalIgnoreCase))
                throw new FeatureLearningException("FeatureLearning.InvalidPath", $"-Path '{Path}' must end in .xlsx.");
            var table = CollectedTable();
            var options = Options(WorksheetName ?? "");
            foreach (string warning in LearningCurveWorkbook.Write(full, table, options, Append, Cancellation))
                WriteWarning(warning);
            WriteVerbose($"Wrote {table.Rows.Count} rows to sheets '{options.WorksheetName}' and '{LearningCurveWorkbook.SummarySheetName(options.WorksheetName)}' of {full}.");
            Finish(full);
        }, Path);
    }
}
