namespace FeatureLearning.Core.Learning;

/// <summary>
/// A learner's training history as a table of named numeric columns (one row per checkpoint), the same shape for every
/// learner: a two-layer net's time, losses and order parameters R, Q, v; a wide net's epochs, MSEs and alignment; a
/// parity net's steps, accuracy and subset mass.
/// </summary>
public sealed class HistoryTable
{
    public static readonly HistoryTable Empty = new(Array.Empty<string>(), Array.Empty<double[]>());

    public HistoryTable(IReadOnlyList<string> columns, IReadOnlyList<double[]> rows)
    {
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
            throw new ArgumentException($"History columns must be distinct: {string.Join(", ", columns)}.", nameof(columns));
        foreach (var row in rows)
            if (row.Length != columns.Count)
                throw new ArgumentException($"A history row has {row.Length} values for {columns.Count} columns.", nameof(rows));
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<double[]> Rows { get; }

    public int Count => Rows.Count;

    /// <summary>Index of <paramref name="name"/> among the columns, or −1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>The values of one column, in checkpoint order.</summary>
    public double[] Column(string name)
    {
        int index = IndexOf(name);
        if (index < 0) throw new KeyNotFoundException($"The history has no column '{name}'; it has {string.Join(", ", Columns)}.");
        return Rows.Select(r => r[index]).ToArray();
    }

    /// <summary>
    /// A table from records that flatten to (name, value) pairs; the first record fixes the columns (records of one
    /// history share their shape).
    /// </summary>
    public static HistoryTable From<T>(IEnumerable<T> records, Func<T, IEnumerable<KeyValuePair<string, double>>> flatten)
    {
        string[]? columns = null;
        var rows = new List<double[]>();
        foreach (var record in records)
        {
            var pairs = flatten(record).ToList();
            columns ??= pairs.Select(p => p.Key).ToArray();
            rows.Add(pairs.Select(p => p.Value).ToArray());
        }
        return columns is null ? Empty : new HistoryTable(columns, rows);
    }
}
