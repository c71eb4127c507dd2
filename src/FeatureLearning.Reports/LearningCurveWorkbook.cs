using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FeatureLearning.Core;

namespace FeatureLearning.Reports;

/// <summary>
/// Writes a learning-curve report into an .xlsx workbook: a data sheet (all rows as an Excel table), and a summary
/// sheet (mean / standard deviation / count of Y per (Series, X), each series a contiguous block, as a second table)
/// carrying a native XY chart of mean Y vs X. Writes are atomic (temporary file + move).
/// </summary>
public static class LearningCurveWorkbook
{
    private const string SummarySuffix = " Summary";
    private static readonly char[] InvalidSheetCharacters = { '[', ']', ':', '*', '?', '/', '\\' };

    /// <summary>Writes the report; returns warnings for the caller to show (rows left out, values a log axis cannot show).</summary>
    /// <param name="append">Keep the other sheets of an existing workbook (sheets of the same names are replaced).</param>
    public static IReadOnlyList<string> Write(string path, ReportTable table, LearningCurveOptions options, bool append = false, CancellationToken cancel = default)
    {
        string dataSheet = CheckSheetName(options.WorksheetName);
        string summarySheet = SummarySheetName(dataSheet);
        if (table.Columns.Count > SheetBuilder.MaxColumns)
            throw new FeatureLearningException("FeatureLearning.TooManyColumns", $"The rows have {table.Columns.Count} columns; a worksheet holds at most {SheetBuilder.MaxColumns}. Select fewer properties.");
        if (table.Rows.Count + 1 > SheetBuilder.MaxRows)
            throw new FeatureLearningException("FeatureLearning.TooManyRows", $"{table.Rows.Count} rows do not fit in a worksheet (at most {SheetBuilder.MaxRows - 1} below the header); split them over several -WorksheetName.");
        var summary = LearningCurveSummary.Compute(table, options);
        var warnings = Warnings(summary, options);
        var headers = UniqueHeaders(table.Columns);

        string full = AtomicFile.CheckedPath(path);
        bool appending = append && File.Exists(full);
        AtomicFile.Write(full, temporary =>
        {
            using var document = appending ? Open(temporary, full) : SpreadsheetDocument.Create(temporary, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook);
            var workbook = document.WorkbookPart ?? document.AddWorkbookPart();
            workbook.Workbook ??= new Workbook();
            var sheets = workbook.Workbook.Sheets ??= new Sheets();
            RemoveSheet(workbook, dataSheet);
            RemoveSheet(workbook, summarySheet);
            var styles = new WorkbookStyles(workbook);

            var dataPart = SheetBuilder.Add(workbook, styles, dataSheet, UniqueTableName(workbook, dataSheet), headers, table.Rows, cancel);
            AppendSheet(workbook, dataPart, dataSheet);
            cancel.ThrowIfCancellationRequested();
            WriteSummary(workbook, styles, summarySheet, summary, options, cancel);
            workbook.Workbook.Save();
        }, seedWithTarget: appending, cancel);
        return warnings;
    }

    /// <summary>The summary sheet of a data sheet: "<name> Summary", shortened to Excel's 31 characters.</summary>
    public static string SummarySheetName(string dataSheet) =>
        (dataSheet.Length + SummarySuffix.Length > 31 ? dataSheet[..(31 - SummarySuffix.Length)] : dataSheet) + SummarySuffix;

    private static void WriteSummary(WorkbookPart workbook, WorkbookStyles styles, string sheetName, LearningCurveSummary summary,
        LearningCurveOptions options, CancellationToken cancel)
    {
        var yName = options.Y;
        var headers = UniqueHeaders(new[] { summary.SeriesColumn, options.X, $"Mean {yName}", $"Std {yName}", "Count" });
        var rows = new List<object?[]>();
        var sources = new List<ChartSeriesSource>();
        foreach (var curve in summary.Curves)
        {
            uint first = (uint)rows.Count + 2, last = first + (uint)curve.Points.Count - 1;
            sources.Add(new ChartSeriesSource(curve,
                SheetBuilder.AbsoluteCell(sheetName, 0, first),
                SheetBuilder.AbsoluteRange(sheetName, 1, first, last),
                SheetBuilder.AbsoluteRange(sheetName, 2, first, last)));
            foreach (var p in curve.Points) rows.Add(new object?[] { curve.Name, p.X, p.Mean, p.StandardDeviation, p.Count });
        }
        var part = SheetBuilder.Add(workbook, styles, sheetName, UniqueTableName(workbook, sheetName), headers, rows, cancel);
        ScatterChartBuilder.Add(part, sources, options, anchorColumn: headers.Count + 1, xTitle: options.X, yTitle: $"Mean {yName}");
        AppendSheet(workbook, part, sheetName);
    }

    private static List<string> Warnings(LearningCurveSummary summary, LearningCurveOptions options)
    {
        var warnings = new List<string>();
        if (summary.SkippedRows > 0)
            warnings.Add($"{summary.SkippedRows} rows with an empty or non-finite {options.X} or {options.Y} are in the data sheet but not in the summary.");
        var points = summary.Curves.SelectMany(c => c.Points).ToList();
        if (options.LogX && points.Any(p => p.X <= 0))
            warnings.Add($"-LogX: some {options.X} values are zero or negative; a log axis cannot show them.");
        if (options.LogY && points.Any(p => p.Mean <= 0))
            warnings.Add($"-LogY: some mean {options.Y} values are zero or negative; a log axis cannot show them.");
        return warnings;
    }

    private static SpreadsheetDocument Open(string temporary, string original)
    {
        try { return SpreadsheetDocument.Open(temporary, true); }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException)
        {
            throw new FeatureLearningException("FeatureLearning.CorruptFile",
                $"-Append: '{original}' is not a readable .xlsx workbook ({ex.Message}); choose another -Path or drop -Append to replace it.", ErrorKind.InvalidData, ex);
        }
    }

    private static void AppendSheet(WorkbookPart workbook, WorksheetPart part, string name)
    {
        var sheets = workbook.Workbook.Sheets!;
        uint id = 1 + sheets.Elements<Sheet>().Select(s => s.SheetId?.Value ?? 0u).DefaultIfEmpty(0u).Max();
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }

    /// <summary>Removes a sheet (and its tables, drawings and charts) and fixes what pointed at sheets by position.</summary>
    private static void RemoveSheet(WorkbookPart workbook, string name)
    {
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        int position = sheets.FindIndex(s => string.Equals(s.Name?.Value, name, StringComparison.OrdinalIgnoreCase));
        if (position < 0) return;
        var sheet = sheets[position];
        if (sheet.Id?.Value is string relationship && workbook.TryGetPartById(relationship, out var part)) workbook.DeletePart(part);
        sheet.Remove();

        // Names local to a sheet refer to it by position.
        if (workbook.Workbook.DefinedNames is { } names)
        {
            foreach (var definedName in names.Elements<DefinedName>().ToList())
            {
                if (definedName.LocalSheetId?.Value is not uint local) continue;
                if (local == position) definedName.Remove();
                else if (local > position) definedName.LocalSheetId = local - 1;
            }
            if (!names.HasChildren) names.Remove();
        }
        if (workbook.Workbook.BookViews is { } views)
            foreach (var view in views.Elements<WorkbookView>()) { view.ActiveTab = 0; view.FirstSheet = 0; }
        // Excel rebuilds the calculation chain; a stale one pointing at the removed sheet would be reported as corrupt.
        if (workbook.CalculationChainPart is { } chain) workbook.DeletePart(chain);
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
        string name = baseName;
        for (int k = 2; taken.Contains(name); k++) name = $"{baseName}_{k}";
        return name;
    }
}
