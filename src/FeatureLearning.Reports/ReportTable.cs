namespace FeatureLearning.Reports;

/// <summary>
/// A neutral table: column names and rows of plain values (numbers, strings, booleans or null), in column order.
/// The PowerShell layer builds it from pipeline objects; the report writers never see PowerShell types.
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
}
