using System.Globalization;

namespace FeatureLearning.Reports;

/// <summary>
/// The summary's formulas over the data table, in structured references (Xor[TestError]) so that editing the
/// data, or adding rows to the table in Excel, updates the summary and the chart:
/// mean = AVERAGEIFS, count = COUNTIFS (both skip empty Y cells), standard deviation = the array formula
/// STDEV(IF(...)) (empty for a single value). A text key is matched exactly: a cell reference as the criterion
/// where the text is plain, an escaped literal where it holds the criteria wildcards * ? ~ or starts with a
/// comparison operator, and "" for an empty key. Excel compares text case-insensitively, as the summary groups.
/// </summary>
public sealed class SummaryFormulas
{
    private readonly string _table;
    private readonly IReadOnlyList<string> _groupColumns;
    private readonly string _x, _y;

    /// <param name="table">The data table's name.</param>
    /// <param name="groupColumns">Data columns of the summary's key columns, in the summary's column order (the X column follows them).</param>
    public SummaryFormulas(string table, IReadOnlyList<string> groupColumns, string x, string y)
    {
        _table = table;
        _groupColumns = groupColumns;
        _x = x;
        _y = y;
    }

    /// <summary>A column of the data table as a structured reference ('-escaped [ ] # ').</summary>
    public string Column(string name)
    {
        var escaped = new System.Text.StringBuilder();
        foreach (char ch in name)
        {
            if (ch is '[' or ']' or '#' or '\'') escaped.Append('\'');
            escaped.Append(ch);
        }
        return $"{_table}[{escaped}]";
    }

    public string Mean(uint row, IReadOnlyList<object?> keys) => $"AVERAGEIFS({Column(_y)},{Criteria(row, keys)})";

    public string Count(uint row, IReadOnlyList<object?> keys) => $"COUNTIFS({Criteria(row, keys)},{Column(_y)},\"<>\")";

    /// <summary>An array formula (it must be written with t="array").</summary>
    public string StandardDeviation(uint row, IReadOnlyList<object?> keys)
    {
        var mask = new List<string>();
        for (int k = 0; k < _groupColumns.Count; k++)
            mask.Add($"({Column(_groupColumns[k])}={(keys[k] is null ? "\"\"" : Cell(k, row))})");
        mask.Add($"({Column(_x)}={Cell(_groupColumns.Count, row)})");
        mask.Add($"ISNUMBER({Column(_y)})");
        return $"IFERROR(STDEV(IF({string.Join("*", mask)},{Column(_y)})),\"\")";
    }

    private string Criteria(uint row, IReadOnlyList<object?> keys)
    {
        var pairs = new List<string>();
        for (int k = 0; k < _groupColumns.Count; k++)
            pairs.Add($"{Column(_groupColumns[k])},{Criterion(keys[k], k, row)}");
        pairs.Add($"{Column(_x)},{Cell(_groupColumns.Count, row)}");
        return string.Join(",", pairs);
    }

    private static string Criterion(object? key, int column, uint row) => key switch
    {
        null => "\"\"",
        string text when text.IndexOfAny(new[] { '*', '?', '~' }) >= 0 || text.StartsWith('<') || text.StartsWith('>') || text.StartsWith('=')
            => Literal("=" + text.Replace("~", "~~").Replace("*", "~*").Replace("?", "~?")),
        _ => Cell(column, row),
    };

    private static string Cell(int column, uint row) => "$" + SheetBuilder.ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);

    private static string Literal(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";
}
