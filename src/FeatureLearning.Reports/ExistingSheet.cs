using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FeatureLearning.Core;

namespace FeatureLearning.Reports;

/// <summary>
/// A data sheet already in the workbook, read back for -Append: its headers (the table's columns, or the first
/// row of a sheet without a table, as Export-Excel writes without -TableName) and the values of its rows (numbers,
/// text, booleans, dates; a formula counts by its cached value), so the summary can cover old and new rows.
/// </summary>
internal sealed class ExistingSheet
{
    private ExistingSheet(Sheet sheet, WorksheetPart part, TableDefinitionPart? tablePart, string tableName,
        List<string> headers, uint lastRow, List<object?[]> rows)
    {
        Sheet = sheet;
        Part = part;
        TablePart = tablePart;
        TableName = tableName;
        Headers = headers;
        LastRow = lastRow;
        Rows = rows;
    }

    public Sheet Sheet { get; }

    public WorksheetPart Part { get; }

    /// <summary>The sheet's table (anchored at A1), or null for a sheet without one (a table is added when rows are appended).</summary>
    public TableDefinitionPart? TablePart { get; }

    public string TableName { get; }

    public List<string> Headers { get; }

    public uint HeaderRow => 1;

    public uint LastRow { get; }

    public List<object?[]> Rows { get; }

    public static ExistingSheet Read(WorkbookPart workbook, Sheet sheet, Func<string> newTableName, CancellationToken cancel)
    {
        string name = sheet.Name?.Value ?? "";
        if (workbook.GetPartById(sheet.Id!.Value!) is not WorksheetPart part) throw NotAppendable(name, "it is a chart sheet");
        var strings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? new List<string>();
        var rows = part.Worksheet.GetFirstChild<SheetData>()?.Elements<Row>().ToList() ?? new List<Row>();
        var tablePart = part.TableDefinitionParts.FirstOrDefault(t => t.Table?.Reference?.Value?.StartsWith("A1:", StringComparison.OrdinalIgnoreCase) == true);

        List<string> headers;
        uint lastRow;
        if (tablePart?.Table is { } table)
        {
            if ((table.TotalsRowCount?.Value ?? 0) > 0)
                throw NotAppendable(name, $"its table '{table.Name}' has a totals row");
            headers = table.TableColumns!.Elements<TableColumn>().Select(c => c.Name?.Value ?? "").ToList();
            lastRow = SheetBuilder.RowIndex(table.Reference!.Value!.Split(':')[1]);
        }
        else
        {
            var first = rows.FirstOrDefault(r => r.RowIndex?.Value == 1);
            var byColumn = first?.Elements<Cell>().ToDictionary(c => SheetBuilder.ColumnIndex(c.CellReference?.Value), c => Value(c, strings, workbook))
                ?? new Dictionary<int, object?>();
            headers = new List<string>();
            for (int c = 0; byColumn.TryGetValue(c, out var header) && header is string text && text.Length > 0; c++) headers.Add(text);
            if (headers.Count == 0 || headers.Distinct(StringComparer.OrdinalIgnoreCase).Count() != headers.Count)
                throw NotAppendable(name, "its first row is not a header of distinct column names");
            lastRow = rows.Where(r => r.Elements<Cell>().Any(c => SheetBuilder.ColumnIndex(c.CellReference?.Value) < headers.Count))
                .Select(r => r.RowIndex?.Value ?? 0).DefaultIfEmpty(1u).Max();
        }

        var values = new List<object?[]>();
        foreach (var row in rows)
        {
            uint index = row.RowIndex?.Value ?? 0;
            if (index <= 1) continue;
            if (index > lastRow)
            {
                if (row.Elements<Cell>().Any(c => c.CellValue is not null || c.CellFormula is not null || c.InlineString is not null))
                    throw NotAppendable(name, $"it has cells below its table (row {index}); move them, or write to another -WorksheetName");
                continue;
            }
            if ((values.Count & 1023) == 0) cancel.ThrowIfCancellationRequested();
            var line = new object?[headers.Count];
            foreach (var cell in row.Elements<Cell>())
            {
                int column = SheetBuilder.ColumnIndex(cell.CellReference?.Value);
                if (column >= 0 && column < headers.Count) line[column] = Value(cell, strings, workbook);
            }
            while (values.Count < index - 2) values.Add(new object?[headers.Count]);   // rows the file leaves out are empty
            values.Add(line);
        }
        while (values.Count < lastRow - 1) values.Add(new object?[headers.Count]);
        return new ExistingSheet(sheet, part, tablePart, tablePart?.Table?.Name?.Value ?? newTableName(), headers, lastRow, values);
    }

    /// <summary>A cell's value: numbers (dates by their number format), text (shared, inline or a formula's), booleans; errors as empty.</summary>
    private static object? Value(Cell cell, List<string> strings, WorkbookPart workbook)
    {
        string? raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText;
        if (raw is null) return null;
        if (type == CellValues.SharedString)
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < strings.Count ? strings[i] : null;
        if (type == CellValues.String) return raw;
        if (type == CellValues.Boolean) return raw == "1" || raw.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (type == CellValues.Error) return null;
        if (type == CellValues.Date)
            return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso) ? iso : null;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return raw;
        if (cell.StyleIndex?.Value is uint style && WorkbookStyles.IsDateFormat(WorkbookStyles.CodeOf(workbook, style)))
        {
            try { return DateTime.FromOADate(number); }
            catch (ArgumentException) { return number; }
        }
        return number;
    }

    private static FeatureLearningException NotAppendable(string sheet, string why) =>
        new("FeatureLearning.SheetNotAppendable",
            $"-Append: sheet '{sheet}' cannot take more rows: {why}. Use -ReplaceSheet to replace it, or another -WorksheetName.", ErrorKind.InvalidData);
}
