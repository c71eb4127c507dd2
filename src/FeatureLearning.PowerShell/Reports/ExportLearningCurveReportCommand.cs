using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.PowerShell.Infrastructure;
using FeatureLearning.Reports;

namespace FeatureLearning.PowerShell.Reports;

/// <summary>
/// <para type="synopsis">Writes result rows to an .xlsx workbook: a data table, a summary of formulas (mean/std/count per curve and X) and a native Excel chart with error bars.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "LearningCurveReport", SupportsShouldProcess = true, DefaultParameterSetName = FileWriterCmdlet.PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportLearningCurveReportCommand : LearningCurveCmdlet
{
    [Parameter]
    public string WorksheetName { get; set; } = "Results";

    /// <summary>Keep the workbook's other sheets and add the rows below a sheet of the same name (same columns).</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    /// <summary>Keep the workbook's other sheets and replace a sheet of the same name.</summary>
    [Parameter]
    public SwitchParameter ReplaceSheet { get; set; }

    protected override void EndProcessing()
    {
        Guard(() =>
        {
            var target = ResolveTarget();
            if (!string.Equals(System.IO.Path.GetExtension(target.FullPath), ".xlsx", StringComparison.OrdinalIgnoreCase))
                throw new FeatureLearningException("FeatureLearning.InvalidPath", $"'{target.Given}' must end in .xlsx.");
            // -ReplaceSheet wins over -Append (clearing a sheet and then appending is replacing it).
            var mode = ReplaceSheet ? WorkbookMode.ReplaceSheet : Append ? WorkbookMode.AppendRows : WorkbookMode.NewFile;
            string sheet = WorksheetName ?? "";
            string action = !target.Exists ? "Create workbook"
                : mode == WorkbookMode.AppendRows ? $"Add rows to sheet '{sheet}' of the workbook"
                : mode == WorkbookMode.ReplaceSheet ? $"Replace sheet '{sheet}' of the workbook"
                : "Replace workbook";
            if (!ShouldWrite(target, action, changesExisting: mode != WorkbookMode.NewFile)) return;

            var table = CollectedTable();
            var options = Options(sheet);
            var result = LearningCurveWorkbook.Write(target.FullPath, table, options, mode, Cancellation, WriteSettings());
            foreach (string warning in result.Warnings) WriteWarning(warning);
            string summary = LearningCurveWorkbook.SummarySheetName(options.WorksheetName);
            string done = result.Action switch
            {
                WorkbookSheetAction.RowsAppended => $"Appended {result.RowsWritten} rows to sheet '{sheet}' of {target.FullPath}; it now holds {result.RowsInSheet} rows, and '{summary}' and its chart cover them all.",
                WorkbookSheetAction.Replaced => $"Replaced sheet '{sheet}' of {target.FullPath} with {result.RowsWritten} rows, and '{summary}'.",
                _ => $"Wrote {result.RowsWritten} rows to sheets '{sheet}' and '{summary}' of {target.FullPath}.",
            };
            WriteVerbose(done);
            if (result.Action == WorkbookSheetAction.RowsAppended) WriteInformation(done, new[] { "FeatureLearning", "Append" });
            Finish(target.FullPath);
        }, GivenPath);
    }
}
