using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FeatureLearning.Core;
using FeatureLearning.Core.IO;

namespace FeatureLearning.Reports;

/// <summary>What to do with a workbook that exists.</summary>
public enum WorkbookMode
{
    /// <summary>Replace the file.</summary>
    NewFile,

    /// <summary>Keep the other sheets; add the rows below a data sheet of the same name (same columns), or add the sheet.</summary>
    AppendRows,

    /// <summary>Keep the other sheets; replace a data sheet of the same name (in its place), or add the sheet.</summary>
    ReplaceSheet,
}

/// <summary>What a write did, for the cmdlet to report.</summary>
public sealed record WorkbookWriteResult(IReadOnlyList<string> Warnings, int RowsWritten, int RowsInSheet, WorkbookSheetAction Action);

public enum WorkbookSheetAction
{
    /// <summary>A new workbook, or a new sheet in an existing one.</summary>
    Created,
    RowsAppended,
    Replaced,
}

/// <summary>
/// Writes a learning-curve report into an .xlsx workbook: a data sheet (all rows as an Excel table) and a summary
/// sheet (per curve and X: mean, standard deviation and count of Y as formulas over the data table, each curve a
/// contiguous block, as a second table) carrying a native XY chart of mean Y vs X with standard-deviation error
/// bars. With <see cref="WorkbookMode.AppendRows"/> rows are added below an existing data sheet of the same name
/// and the summary and chart are rebuilt over all its rows. Writes are atomic and locked (<see cref="AtomicFile"/>).
/// </summary>
public static class LearningCurveWorkbook
{
    private const string SummarySuffix = " Summary";
    private static readonly char[] InvalidSheetCharacters = { '[', ']', ':', '*', '?', '/', '\\' };

    public static WorkbookWriteResult Write(string path, ReportTable table, LearningCurveOptions options, WorkbookMode mode = WorkbookMode.NewFile,
        CancellationToken cancel = default, FileWriteSettings? settings = null)
    {
        string dataSheet = CheckSheetName(options.WorksheetName);
        string summarySheet = SummarySheetName(dataSheet);
        if (table.Columns.Count > SheetBuilder.MaxColumns)
            throw new FeatureLearningException("FeatureLearning.TooManyColumns", $"The rows have {table.Columns.Count} columns; a worksheet holds at most {SheetBuilder.MaxColumns}. Select fewer properties.");
        table = new ReportTable(UniqueHeaders(table.Columns), table.Rows).WithNumbersFromText(options.NoNumberConversion);
        // Checks the columns and values of the new rows before the file is touched.
        LearningCurveSummary.Compute(table, options, cancel);

        string full = AtomicFile.CheckedPath(path);
        WorkbookWriteResult? result = null;
        AtomicFile.Write(full, (temporary, existed) =>
        {
            bool keep = mode != WorkbookMode.NewFile && existed;
            using var document = keep ? Open(temporary, full) : SpreadsheetDocument.Create(temporary, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook);
            var workbook = document.WorkbookPart ?? document.AddWorkbookPart();
            workbook.Workbook ??= new Workbook();
            workbook.Workbook.Sheets ??= new Sheets();
            var styles = new WorkbookStyles(workbook);

            var existing = FindSheet(workbook, dataSheet);
            ReportTable all;
            string tableName;
            WorkbookSheetAction action;
            Sheet dataElement;
            if (existing is not null && mode == WorkbookMode.AppendRows)
            {
                var sheet = ExistingSheet.Read(workbook, existing, () => UniqueTableName(workbook, dataSheet), cancel);
                var rows = InSheetOrder(table, sheet.Headers, existing.Name!.Value!);
                if (sheet.Rows.Count + rows.Count + 1 > SheetBuilder.MaxRows)
                    throw TooManyRows(sheet.Rows.Count + rows.Count);
                SheetBuilder.AppendRows(workbook, styles, sheet, rows, cancel);
                all = new ReportTable(sheet.Headers, sheet.Rows.Concat(rows).ToList());
                tableName = sheet.TableName;
                action = WorkbookSheetAction.RowsAppended;
                dataElement = existing;
            }
            else
            {
                if (table.Rows.Count + 1 > SheetBuilder.MaxRows) throw TooManyRows(table.Rows.Count);
                if (existing is not null) RemoveTables(workbook, existing);
                tableName = UniqueTableName(workbook, dataSheet);
                var part = SheetBuilder.Add(workbook, styles, tableName, table.Columns, table.Rows, cancel);
                dataElement = PlaceSheet(workbook, existing, part, dataSheet, after: null);
                all = table;
                action = existing is null ? WorkbookSheetAction.Created : WorkbookSheetAction.Replaced;
            }
            cancel.ThrowIfCancellationRequested();

            var summary = LearningCurveSummary.Compute(all, options, cancel);
            var oldSummary = FindSheet(workbook, summarySheet);
            if (oldSummary is not null) RemoveTables(workbook, oldSummary);
            var summaryPart = WriteSummary(workbook, styles, summarySheet, tableName, all, summary, options, cancel);
            var summaryElement = PlaceSheet(workbook, oldSummary, summaryPart, summarySheet, after: dataElement);
            Activate(workbook, summaryElement);
            styles.Save();
            // Excel recalculates the formulas on opening and rebuilds its calculation chain (a stale one is "corrupt").
            if (workbook.CalculationChainPart is { } chain) workbook.DeletePart(chain);
            var calculation = workbook.Workbook.GetFirstChild<CalculationProperties>();
            if (calculation is null)
            {
                calculation = new CalculationProperties { CalculationId = 191029 };
                // <calcPr> follows <sheets>, <functionGroups>, <externalReferences> and <definedNames>.
                var before = workbook.Workbook.ChildElements.Last(e => e is Sheets or FunctionGroups or ExternalReferences or DefinedNames);
                workbook.Workbook.InsertAfter(calculation, before);
            }
            calculation.FullCalculationOnLoad = true;
            workbook.Workbook.Save();
            result = new WorkbookWriteResult(Warnings(summary, options), table.Rows.Count, all.Rows.Count, action);
        }, seedWithTarget: mode != WorkbookMode.NewFile, cancel, settings);
        return result!;
    }

    /// <summary>The summary sheet of a data sheet: "<name> Summary", shortened to Excel's 31 characters.</summary>
    public static string SummarySheetName(string dataSheet) =>
        (dataSheet.Length + SummarySuffix.Length > 31 ? dataSheet[..(31 - SummarySuffix.Length)] : dataSheet) + SummarySuffix;

    /// <summary>The new rows in the sheet's column order; the same set of columns (case-insensitively) is required.</summary>
    private static List<object?[]> InSheetOrder(ReportTable table, List<string> headers, string sheet)
    {
        var missing = headers.Where(h => table.IndexOf(h) < 0).ToList();
        var extra = table.Columns.Where(c => !headers.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"the new rows lack {string.Join(", ", missing)}");
            if (extra.Count > 0) parts.Add($"the sheet has no column {string.Join(", ", extra)}");
            throw new FeatureLearningException("FeatureLearning.ColumnMismatch",
                $"-Append adds rows to sheet '{sheet}' only with its columns ({string.Join(", ", headers)}), but {string.Join(" and ", parts)}. " +
                "Select the sheet's columns (Select-Object), use -ReplaceSheet to replace the sheet, or choose another -WorksheetName.", ErrorKind.InvalidData);
        }
        var map = headers.Select(table.IndexOf).ToArray();
        return table.Rows.Select(r => map.Select(c => c < r.Length ? r[c] : null).ToArray()).ToList();
    }

    private static WorksheetPart WriteSummary(WorkbookPart workbook, WorkbookStyles styles, string sheetName, string dataTable,
        ReportTable data, LearningCurveSummary summary, LearningCurveOptions options, CancellationToken cancel)
    {
        // The data table's own spelling of -X and -Y (the parameters match case-insensitively).
        string xName = data.Columns[data.IndexOf(options.X)], yName = data.Columns[data.IndexOf(options.Y)];
        var headers = UniqueHeaders(summary.GroupColumns.Concat(new[] { xName, $"Mean {yName}", $"Std {yName}", "Count" }));
        int keys = summary.GroupColumns.Count, xColumn = keys, meanColumn = keys + 1, stdColumn = keys + 2;
        var formulas = new SummaryFormulas(dataTable, summary.GroupColumns, xName, yName);
        var rows = new List<object?[]>();
        var sources = new List<ChartSeriesSource>();
        foreach (var curve in summary.Curves)
        {
            uint first = (uint)rows.Count + 2, last = first + (uint)curve.Points.Count - 1;
            sources.Add(new ChartSeriesSource(curve,
                summary.NameColumn is int n ? SheetBuilder.AbsoluteCell(sheetName, n, first) : null,
                SheetBuilder.AbsoluteRange(sheetName, xColumn, first, last),
                SheetBuilder.AbsoluteRange(sheetName, meanColumn, first, last),
                SheetBuilder.AbsoluteRange(sheetName, stdColumn, first, last)));
            foreach (var p in curve.Points)
            {
                uint row = (uint)rows.Count + 2;
                var line = new object?[keys + 4];
                for (int k = 0; k < keys; k++) line[k] = curve.Keys[k];
                line[xColumn] = p.X;
                line[meanColumn] = new FormulaValue(formulas.Mean(row, curve.Keys), p.Mean);
                line[stdColumn] = new FormulaValue(formulas.StandardDeviation(row, curve.Keys), double.IsFinite(p.StandardDeviation) ? p.StandardDeviation : "", IsArray: true);
                line[keys + 3] = new FormulaValue(formulas.Count(row, curve.Keys), p.Count);
                rows.Add(line);
            }
        }
        var part = SheetBuilder.Add(workbook, styles, UniqueTableName(workbook, sheetName), headers, rows, cancel, onePage: true);
        ScatterChartBuilder.Add(part, sources, options, anchorColumn: headers.Count + 1, xTitle: xName, yTitle: $"Mean {yName}");
        return part;
    }

    private static List<string> Warnings(LearningCurveSummary summary, LearningCurveOptions options)
    {
        var warnings = new List<string>(summary.Warnings);
        if (summary.SkippedRows > 0)
            warnings.Add($"{summary.SkippedRows} rows with an empty or non-finite {options.X} or {options.Y} are in the data sheet but not in the summary.");
        var points = summary.Curves.SelectMany(c => c.Points).ToList();
        if (options.LogX && points.Any(p => p.X <= 0))
            warnings.Add($"-LogX: some {options.X} values are zero or negative; a log axis cannot show them.");
        if (options.LogY && points.Any(p => p.Mean <= 0))
            warnings.Add($"-LogY: some mean {options.Y} values are zero or negative; a log axis cannot show them.");
        return warnings;
    }

    private static FeatureLearningException TooManyRows(int rows) =>
        new("FeatureLearning.TooManyRows", $"{rows} rows do not fit in a worksheet (at most {SheetBuilder.MaxRows - 1} below the header); split them over several -WorksheetName.");

    private static SpreadsheetDocument Open(string temporary, string original)
    {
        try { return SpreadsheetDocument.Open(temporary, true); }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException)
        {
            throw new FeatureLearningException("FeatureLearning.CorruptFile",
                $"'{original}' is not a readable .xlsx workbook ({ex.Message}); choose another -Path, or drop -Append/-ReplaceSheet to replace it.", ErrorKind.InvalidData, ex);
        }
    }

    private static Sheet? FindSheet(WorkbookPart workbook, string name) =>
        workbook.Workbook.Sheets!.Elements<Sheet>().FirstOrDefault(s => string.Equals(s.Name?.Value, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Puts a new worksheet part under a sheet name: in place of <paramref name="existing"/> (its position, id
    /// and the names that refer to it stay; its old part, tables and charts go), or as a new sheet after
    /// <paramref name="after"/> (or at the end).
    /// </summary>
    private static Sheet PlaceSheet(WorkbookPart workbook, Sheet? existing, WorksheetPart part, string name, Sheet? after)
    {
        if (existing is not null)
        {
            if (existing.Id?.Value is string old && workbook.TryGetPartById(old, out var oldPart)) workbook.DeletePart(oldPart);
            existing.Id = workbook.GetIdOfPart(part);
            return existing;
        }
        var sheets = workbook.Workbook.Sheets!;
        uint id = 1 + sheets.Elements<Sheet>().Select(s => s.SheetId?.Value ?? 0u).DefaultIfEmpty(0u).Max();
        var sheet = new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name };
        if (after is null || after.NextSibling() is null) { sheets.Append(sheet); return sheet; }
        // Names local to a sheet refer to it by position: shift those after the insertion point.
        int position = sheets.Elements<Sheet>().ToList().IndexOf(after) + 1;
        if (workbook.Workbook.DefinedNames is { } names)
            foreach (var definedName in names.Elements<DefinedName>())
                if (definedName.LocalSheetId?.Value is uint local && local >= position) definedName.LocalSheetId = local + 1;
        sheets.InsertAfter(sheet, after);
        return sheet;
    }

    /// <summary>Before a sheet's part is replaced: its table names become free (the part itself goes in <see cref="PlaceSheet"/>).</summary>
    private static void RemoveTables(WorkbookPart workbook, Sheet sheet)
    {
        if (sheet.Id?.Value is string id && workbook.TryGetPartById(id, out var part) && part is WorksheetPart worksheet)
            foreach (var table in worksheet.TableDefinitionParts.ToList()) worksheet.DeletePart(table);
    }

    /// <summary>Opens the workbook on the summary (its chart); exactly one sheet is selected, or Excel groups them.</summary>
    private static void Activate(WorkbookPart workbook, Sheet summary)
    {
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        var views = workbook.Workbook.BookViews;
        if (views is null)
        {
            views = new BookViews(new WorkbookView());
            workbook.Workbook.InsertBefore(views, workbook.Workbook.Sheets);
        }
        foreach (var view in views.Elements<WorkbookView>()) { view.ActiveTab = (uint)sheets.IndexOf(summary); view.FirstSheet = 0; }
        foreach (var sheet in sheets)
        {
            if (sheet.Id?.Value is not string id || !workbook.TryGetPartById(id, out var part) || part is not WorksheetPart worksheet) continue;
            bool selected = sheet == summary;
            // (The summary is ours and has a sheet view; a sheet without one is not selected.)
            foreach (var view in worksheet.Worksheet.GetFirstChild<SheetViews>()?.Elements<SheetView>() ?? Enumerable.Empty<SheetView>())
                if ((view.TabSelected?.Value ?? false) != selected) view.TabSelected = selected ? true : null;
        }
    }

    private static string CheckSheetName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 31 || name.IndexOfAny(InvalidSheetCharacters) >= 0
            || name.StartsWith('\'') || name.EndsWith('\'') || string.Equals(name, "History", StringComparison.OrdinalIgnoreCase)
            || name.Any(char.IsControl))
            throw new FeatureLearningException("FeatureLearning.InvalidWorksheetName",
                $"-WorksheetName '{name}' is not a valid Excel sheet name: use 1 to 31 characters, none of [ ] : * ? / \\, no leading or trailing apostrophe, and not 'History'.");
        return name;
    }

    /// <summary>Table headers must be non-empty, single-line and unique (case-insensitively).</summary>
    private static List<string> UniqueHeaders(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var headers = new List<string>();
        foreach (string raw in names)
        {
            string name = SheetBuilder.XmlSafe(raw.Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ')).Trim();
            if (name.Length == 0) name = $"Column{headers.Count + 1}";
            if (name.Length > 255) name = name[..255];
            string unique = name;
            for (int k = 2; !seen.Add(unique); k++) unique = $"{name}{k}";
            headers.Add(unique);
        }
        return headers;
    }

    /// <summary>A table name from the sheet name: letters, digits, '_' and '.', starting with a letter or '_', unique in the workbook.</summary>
    private static string UniqueTableName(WorkbookPart workbook, string sheetName)
    {
        var sb = new StringBuilder();
        foreach (char ch in sheetName) sb.Append(char.IsLetterOrDigit(ch) || ch is '_' or '.' ? ch : '_');
        string baseName = sb.ToString();
        if (baseName.Length == 0 || !(char.IsLetter(baseName[0]) || baseName[0] == '_')) baseName = "T_" + baseName;
        // Names that look like cell references (R1C1, A1) are not allowed.
        if (System.Text.RegularExpressions.Regex.IsMatch(baseName, @"^([A-Za-z]{1,3}\d+|[RrCc]\d*([Cc]\d*)?)$")) baseName = "T_" + baseName;
        var taken = new HashSet<string>(workbook.WorksheetParts.SelectMany(w => w.TableDefinitionParts)
            .Select(t => t.Table?.Name?.Value ?? ""), StringComparer.OrdinalIgnoreCase);
        // Defined names share the namespace of table names.
        if (workbook.Workbook.DefinedNames is { } names)
            foreach (var definedName in names.Elements<DefinedName>()) taken.Add(definedName.Name?.Value ?? "");
        string name = baseName;
        for (int k = 2; taken.Contains(name); k++) name = $"{baseName}_{k}";
        return name;
    }
}
