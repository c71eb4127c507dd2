namespace FeatureLearning.Reports;

/// <summary>
/// A neutral table: column names and rows of plain values (numbers, strings, booleans, dates or null), in column
/// order. The PowerShell layer builds it from pipeline objects; the report writers never see PowerShell types.
/// </summary>
public sealed class ReportTable
{
    public ReportTable(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>Index of a column, case-insensitively (PowerShell property names are), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    public object? Value(int row, int column) => column < Rows[row].Length ? Rows[row][column] : null;

    /// <summary>
    /// The table with numeric text turned into numbers (as ImportExcel's Export-Excel does, so rows from Import-Csv
    /// become numeric cells that formulas can average), except in the <paramref name="keepText"/> columns; text
    /// such as "007" stays text (<see cref="CellValue.TryNumberFromText"/>). Empty text becomes an empty cell.
    /// </summary>
    public ReportTable WithNumbersFromText(IReadOnlyCollection<string> keepText)
    {
        var keep = new bool[Columns.Count];
        for (int c = 0; c < Columns.Count; c++) keep[c] = keepText.Contains(Columns[c], StringComparer.OrdinalIgnoreCase) || keepText.Contains("*");
        var rows = new List<object?[]>(Rows.Count);
        foreach (var source in Rows)
        {
            var row = new object?[Columns.Count];
            for (int c = 0; c < row.Length && c < source.Length; c++)
            {
                object? value = source[c];
                if (value is string { Length: 0 }) value = null;
                else if (value is string text && !keep[c] && CellValue.TryNumberFromText(text, out double number)) value = number;
                else if (value is DateTimeOffset offset) value = offset.DateTime;
                row[c] = value;
            }
            rows.Add(row);
        }
        return new ReportTable(Columns, rows);
    }

    /// <summary>What a column holds, from its non-empty values.</summary>
    public ColumnKind KindOf(int column)
    {
        ColumnKind kind = ColumnKind.Empty;
        for (int r = 0; r < Rows.Count; r++)
        {
            ColumnKind one = Value(r, column) switch
            {
                null => ColumnKind.Empty,
                bool => ColumnKind.Boolean,
                DateTime => ColumnKind.Date,
                var v when CellValue.TryNumber(v, out _) => ColumnKind.Number,
                _ => ColumnKind.Text,
            };
            if (one == ColumnKind.Empty || one == kind) continue;
            if (one == ColumnKind.Text) return ColumnKind.Text;   // any text makes a column a text (grouping) column
            kind = kind == ColumnKind.Empty ? one : ColumnKind.Mixed;
        }
        return kind;
    }
}

/// <summary>The kind of values a column holds; any text makes it <see cref="Text"/>.</summary>
public enum ColumnKind
{
    Empty,
    Number,
    Text,
    Boolean,
    Date,
    Mixed,
}
