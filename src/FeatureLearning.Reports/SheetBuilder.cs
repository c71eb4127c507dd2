using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace FeatureLearning.Reports;

/// <summary>
/// Writes one worksheet holding a single Excel table (header row + typed cells) with per-column number formats,
/// widths from the content, and a frozen header row.
/// </summary>
internal static class SheetBuilder
{
    public const int MaxRows = 1_048_576;
    public const int MaxColumns = 16_384;
    private const int MaxCellText = 32_767;

    /// <summary>Adds the sheet and its table; returns the worksheet part (to attach a chart to).</summary>
    public static WorksheetPart Add(WorkbookPart workbook, WorkbookStyles styles, string sheetName, string tableName,
        IReadOnlyList<string> headers, IReadOnlyList<object?[]> rows, CancellationToken cancel)
    {
        var worksheetPart = workbook.AddNewPart<WorksheetPart>();
        var styleOfColumn = new uint?[headers.Count];
        var widths = new double[headers.Count];
        for (int c = 0; c < headers.Count; c++)
        {
            var numbers = rows.Select(r => c < r.Length && CellValue.TryNumber(r[c], out double v) ? v : double.NaN);
            var style = WorkbookStyles.Choose(numbers);
            styleOfColumn[c] = style == NumberStyle.General ? null : styles[style];
            widths[c] = headers[c].Length + 3; // room for the filter button
        }

        var sheetData = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (int c = 0; c < headers.Count; c++) header.Append(TextCell(Reference(c, 1), headers[c]));
        sheetData.Append(header);
        for (int r = 0; r < rows.Count; r++)
        {
            if ((r & 1023) == 0) cancel.ThrowIfCancellationRequested();
            uint rowIndex = (uint)r + 2;
            var row = new Row { RowIndex = rowIndex };
            for (int c = 0; c < headers.Count; c++)
            {
                object? value = c < rows[r].Length ? rows[r][c] : null;
                var cell = Cell(Reference(c, rowIndex), value, styleOfColumn[c], out int width);
                if (cell is not null) row.Append(cell);
                if (r < 2000) widths[c] = Math.Max(widths[c], width + 1); // a sample is enough for widths
            }
            sheetData.Append(row);
        }

        var columns = new Columns();
        for (int c = 0; c < headers.Count; c++)
            columns.Append(new Column { Min = (uint)c + 1, Max = (uint)c + 1, Width = Math.Clamp(widths[c], 8, 50), CustomWidth = true });

        var frozenHeader = new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
        { WorkbookViewId = 0 });

        string range = $"A1:{Reference(headers.Count - 1, (uint)rows.Count + 1)}";
        worksheetPart.Worksheet = new Worksheet(new SheetDimension { Reference = range }, frozenHeader, columns, sheetData);
        AddTable(workbook, worksheetPart, tableName, headers, range);
        return worksheetPart;
    }

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
        worksheetPart.Worksheet.Append(new TableParts(new TablePart { Id = worksheetPart.GetIdOfPart(tablePart) }) { Count = 1 });
    }

    /// <summary>A typed cell: numbers as numbers (non-finite ones left empty: Excel cannot store NaN), booleans as booleans, the rest as text.</summary>
    private static Cell? Cell(string reference, object? value, uint? numberStyle, out int width)
    {
        width = 0;
        if (value is null) return null;
        if (CellValue.TryNumber(value, out double number))
        {
            if (!double.IsFinite(number)) return null;
            width = Math.Min(number.ToString("G6", System.Globalization.CultureInfo.InvariantCulture).Length + 2, 14);
            return new Cell { CellReference = reference, CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(number), StyleIndex = numberStyle };
        }
        if (value is bool flag)
        {
            width = 5;
            // SpreadsheetML stores a boolean as 1 or 0; CellValue(bool) writes "true", which openpyxl cannot read.
            return new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(flag ? "1" : "0") };
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

    public static string ColumnName(int column)
    {
        var name = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) name.Insert(0, (char)('A' + (c - 1) % 26));
        return name.ToString();
    }

    /// <summary>An absolute range on a sheet for chart formulas: 'Sheet name'!$B$2:$B$5.</summary>
    public static string AbsoluteRange(string sheet, int column, uint firstRow, uint lastRow) =>
        $"{QuoteSheet(sheet)}!${ColumnName(column)}${firstRow}:${ColumnName(column)}${lastRow}";

    public static string AbsoluteCell(string sheet, int column, uint row) => $"{QuoteSheet(sheet)}!${ColumnName(column)}${row}";

    private static string QuoteSheet(string sheet) => "'" + sheet.Replace("'", "''") + "'";
}
