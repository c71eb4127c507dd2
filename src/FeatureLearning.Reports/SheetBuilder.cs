using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FeatureLearning.Reports;

/// <summary>A formula cell: its text (without '='), the value it evaluates to now (cached for viewers that do not recalculate), and whether it is an array formula.</summary>
internal sealed record FormulaValue(string Text, object? Cached, bool IsArray = false);

/// <summary>
/// Writes worksheets that hold a single Excel table (header row + typed cells) with per-column number formats
/// (<see cref="ColumnFormat"/>), widths from the content and a frozen header row; and appends rows to such a
/// table in place.
/// </summary>
internal static class SheetBuilder
{
    public const int MaxRows = 1_048_576;
    public const int MaxColumns = 16_384;
    private const int MaxCellText = 32_767;

    /// <summary>Adds a worksheet part holding the table; returns it (to attach a chart and to name in &lt;sheets&gt;).</summary>
    /// <param name="onePage">Print (and export to PDF) on one landscape page: the summary with its chart.</param>
    public static WorksheetPart Add(WorkbookPart workbook, WorkbookStyles styles, string tableName,
        IReadOnlyList<string> headers, IReadOnlyList<object?[]> rows, CancellationToken cancel, bool onePage = false)
    {
        var worksheetPart = workbook.AddNewPart<WorksheetPart>();
        var formats = Formats(headers.Count, rows, cancel);
        var widths = headers.Select(h => (double)h.Length + 3).ToArray(); // room for the filter button

        var sheetData = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (int c = 0; c < headers.Count; c++) header.Append(TextCell(Reference(c, 1), headers[c]));
        sheetData.Append(header);
        for (int r = 0; r < rows.Count; r++)
        {
            if ((r & 1023) == 0) cancel.ThrowIfCancellationRequested();
            sheetData.Append(NewRow((uint)r + 2, rows[r], headers.Count, formats, styles, r < 2000 ? widths : null));
        }

        var columns = new Columns();
        for (int c = 0; c < headers.Count; c++)
            columns.Append(new Column { Min = (uint)c + 1, Max = (uint)c + 1, Width = Math.Clamp(widths[c], 8, 50), CustomWidth = true });

        var frozenHeader = new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        { WorkbookViewId = 0 });

        string range = Range(headers.Count, (uint)rows.Count + 1);
        worksheetPart.Worksheet = new Worksheet(new SheetDimension { Reference = range }, frozenHeader, columns, sheetData);
        if (onePage)
        {
            worksheetPart.Worksheet.InsertAt(new SheetProperties(new PageSetupProperties { FitToPage = true }), 0);
            worksheetPart.Worksheet.Append(
                new PageMargins { Left = 0.5, Right = 0.5, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 },
                new PageSetup { Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 1 });
        }
        AddTable(workbook, worksheetPart, tableName, headers, range);
        return worksheetPart;
    }

    /// <summary>
    /// Appends <paramref name="rows"/> (in the sheet's column order) below the table of <paramref name="sheet"/>,
    /// extends the table, and re-chooses each column's number format from all its values (old and new).
    /// </summary>
    public static void AppendRows(WorkbookPart workbook, WorkbookStyles styles, ExistingSheet sheet, IReadOnlyList<object?[]> rows, CancellationToken cancel)
    {
        int columns = sheet.Headers.Count;
        var formats = Formats(columns, sheet.Rows.Concat(rows).ToList(), cancel);
        var sheetData = sheet.Part.Worksheet.GetFirstChild<SheetData>()!;

        // The old rows keep their values and any formulas; their numbers take the column's (new) format.
        foreach (var row in sheetData.Elements<Row>())
        {
            if (row.RowIndex?.Value is not uint index || index <= sheet.HeaderRow || index > sheet.LastRow) continue;
            foreach (var cell in row.Elements<Cell>())
            {
                int column = ColumnIndex(cell.CellReference?.Value);
                if (column < 0 || column >= columns || cell.DataType is not null && cell.DataType.Value != CellValues.Number) continue;
                if (!double.TryParse(cell.CellValue?.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) continue;
                if (cell.StyleIndex?.Value is uint style && WorkbookStyles.IsDateFormat(WorkbookStyles.CodeOf(workbook, style))) continue;
                cell.StyleIndex = StyleOf(styles, formats[column].CodeFor(number));
            }
        }
        for (int r = 0; r < rows.Count; r++)
        {
            if ((r & 1023) == 0) cancel.ThrowIfCancellationRequested();
            sheetData.Append(NewRow(sheet.LastRow + 1 + (uint)r, rows[r], columns, formats, styles, null));
        }

        uint last = sheet.LastRow + (uint)rows.Count;
        string range = Range(columns, last);
        var dimension = sheet.Part.Worksheet.GetFirstChild<SheetDimension>();
        if (dimension is not null) dimension.Reference = Union(dimension.Reference?.Value, range);
        if (sheet.TablePart?.Table is { } table)
        {
            table.Reference = range;
            if (table.AutoFilter is { } filter) filter.Reference = range;
        }
        else AddTable(workbook, sheet.Part, sheet.TableName, sheet.Headers, range);
    }

    private static Row NewRow(uint rowIndex, object?[] values, int columns, ColumnFormat[] formats, WorkbookStyles styles, double[]? widths)
    {
        var row = new Row { RowIndex = rowIndex };
        for (int c = 0; c < columns; c++)
        {
            object? value = c < values.Length ? values[c] : null;
            var cell = Cell(Reference(c, rowIndex), value, formats[c], styles, out int width);
            if (cell is not null) row.Append(cell);
            if (widths is not null) widths[c] = Math.Max(widths[c], width + 1);
        }
        return row;
    }

    /// <summary>Each column's format from its numbers and dates (a formula counts by the value it has now).</summary>
    private static ColumnFormat[] Formats(int columns, IReadOnlyList<object?[]> rows, CancellationToken cancel)
    {
        var formats = new ColumnFormat[columns];
        for (int c = 0; c < columns; c++)
        {
            cancel.ThrowIfCancellationRequested();
            int column = c;
            object? Plain(object?[] r) => column < r.Length ? (r[column] is FormulaValue f ? f.Cached : r[column]) : null;
            formats[c] = ColumnFormat.Choose(
                rows.Select(r => CellValue.TryNumber(Plain(r), out double v) ? v : double.NaN),
                rows.Select(r => Plain(r) is DateTime d ? d : (DateTime?)null).Where(d => d.HasValue).Select(d => d!.Value));
        }
        return formats;
    }

    private static uint? StyleOf(WorkbookStyles styles, string code) => code == ColumnFormat.General ? null : styles[code];

    private static void AddTable(WorkbookPart workbook, WorksheetPart worksheetPart, string tableName, IReadOnlyList<string> headers, string range)
    {
        uint id = 1 + workbook.WorksheetParts.SelectMany(w => w.TableDefinitionParts)
            .Select(t => t.Table?.Id?.Value ?? 0u).DefaultIfEmpty(0u).Max();
        var tablePart = worksheetPart.AddNewPart<TableDefinitionPart>();
        var columns = new TableColumns { Count = (uint)headers.Count };
        for (int c = 0; c < headers.Count; c++) columns.Append(new TableColumn { Id = (uint)c + 1, Name = headers[c] });
        tablePart.Table = new Table(
            new AutoFilter { Reference = range },
            columns,
            new TableStyleInfo { Name = "TableStyleMedium2", ShowRowStripes = true, ShowColumnStripes = false, ShowFirstColumn = false, ShowLastColumn = false })
        { Id = id, Name = tableName, DisplayName = tableName, Reference = range, TotalsRowShown = false };
        var parts = worksheetPart.Worksheet.GetFirstChild<TableParts>();
        if (parts is null) worksheetPart.Worksheet.Append(parts = new TableParts());
        parts.Append(new TablePart { Id = worksheetPart.GetIdOfPart(tablePart) });
        parts.Count = (uint)parts.ChildElements.Count;
    }

    /// <summary>
    /// A typed cell: numbers as numbers (non-finite ones left empty: Excel cannot store NaN), dates as Excel dates,
    /// booleans as booleans, formulas with their current value, the rest as text.
    /// </summary>
    private static Cell? Cell(string reference, object? value, ColumnFormat format, WorkbookStyles styles, out int width)
    {
        width = 0;
        switch (value)
        {
            case null:
                return null;
            case FormulaValue formula:
            {
                var cell = Cell(reference, formula.Cached ?? "", format, styles, out width) ?? new Cell { CellReference = reference };
                if (cell.DataType?.Value == CellValues.InlineString)
                {
                    // A formula's text result is a "str" cell.
                    string result = cell.InlineString!.InnerText;
                    cell.InlineString = null;
                    cell.DataType = CellValues.String;
                    cell.CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(result);
                }
                var f = new CellFormula(formula.Text);
                if (formula.IsArray) { f.FormulaType = CellFormulaValues.Array; f.Reference = reference; }
                cell.InsertAt(f, 0);
                return cell;
            }
            case bool flag:
                width = 5;
                // SpreadsheetML stores a boolean as 1 or 0; CellValue(bool) writes "true", which openpyxl cannot read.
                return new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(flag ? "1" : "0") };
            case DateTime date when CellValue.TryExcelDate(date, out double serial):
                width = format.DateCode.Length + 1;
                return new Cell { CellReference = reference, CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(serial), StyleIndex = styles[format.DateCode] };
        }
        if (CellValue.TryNumber(value, out double number))
        {
            if (!double.IsFinite(number)) return null;
            width = Math.Min(number.ToString("G6", CultureInfo.InvariantCulture).Length + 2, 14);
            return new Cell { CellReference = reference, CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(number), StyleIndex = StyleOf(styles, format.CodeFor(number)) };
        }
        string text = CellValue.Text(value);
        width = text.Length;
        return TextCell(reference, text);
    }

    /// <summary>An inline-string cell (no shared-string table to merge with in append mode).</summary>
    public static Cell TextCell(string reference, string text)
    {
        text = XmlSafe(text);
        if (text.Length > MaxCellText) text = text[..MaxCellText];
        return new Cell
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
        };
    }

    /// <summary>Drops characters XML 1.0 cannot hold (control characters other than tab and newlines).</summary>
    public static string XmlSafe(string text)
    {
        if (text.All(XmlConvertIsValid)) return text;
        var sb = new StringBuilder(text.Length);
        foreach (char ch in text) if (XmlConvertIsValid(ch)) sb.Append(ch);
        return sb.ToString();
    }

    private static bool XmlConvertIsValid(char ch) => ch >= 0x20 ? ch is not ('\uFFFE' or '\uFFFF') : ch is '\t' or '\n' or '\r';

    /// <summary>"A1"-style reference of a 0-based column and 1-based row.</summary>
    public static string Reference(int column, uint row) => ColumnName(column) + row;

    public static string Range(int columns, uint lastRow) => $"A1:{Reference(columns - 1, lastRow)}";

    public static string ColumnName(int column)
    {
        var name = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) name.Insert(0, (char)('A' + (c - 1) % 26));
        return name.ToString();
    }

    /// <summary>0-based column of an "A1"-style reference, or -1.</summary>
    public static int ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return -1;
        int column = 0, i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++) column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        return i == 0 ? -1 : column - 1;
    }

    /// <summary>1-based row of an "A1"-style reference, or 0.</summary>
    public static uint RowIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return 0;
        int i = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i])) i++;
        return uint.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out uint row) ? row : 0;
    }

    /// <summary>The smallest "A1:B2" range covering both (a sheet's dimension after rows were added).</summary>
    private static string Union(string? existing, string added)
    {
        if (string.IsNullOrEmpty(existing)) return added;
        var parts = existing.Split(':').Concat(added.Split(':')).ToList();
        int maxColumn = parts.Max(ColumnIndex);
        uint maxRow = parts.Max(RowIndex);
        string first = existing.Split(':')[0];
        return $"{first}:{Reference(maxColumn, maxRow)}";
    }

    /// <summary>An absolute range on a sheet for chart formulas: 'Sheet name'!$B$2:$B$5.</summary>
    public static string AbsoluteRange(string sheet, int column, uint firstRow, uint lastRow) =>
        $"{QuoteSheet(sheet)}!${ColumnName(column)}${firstRow}:${ColumnName(column)}${lastRow}";

    public static string AbsoluteCell(string sheet, int column, uint row) => $"{QuoteSheet(sheet)}!${ColumnName(column)}${row}";

    private static string QuoteSheet(string sheet) => "'" + sheet.Replace("'", "''") + "'";
}
