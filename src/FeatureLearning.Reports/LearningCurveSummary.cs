using System.Globalization;
using FeatureLearning.Core;

namespace FeatureLearning.Reports;

/// <summary>Mean, sample standard deviation and count of Y over the rows (seeds) that share one curve and one X.</summary>
public sealed record SummaryPoint(double X, double Mean, double StandardDeviation, int Count);

/// <summary>One curve: its name, its value of each grouping column (in <see cref="LearningCurveSummary.GroupColumns"/> order) and its points in increasing X.</summary>
public sealed record SeriesCurve(string Name, IReadOnlyList<object?> Keys, IReadOnlyList<SummaryPoint> Points);

/// <summary>
/// Groups a table's rows into curves by the grouping columns (every text column other than X and Y, or the
/// columns the user names, with the Series column first) and, within a curve, by X; averages Y over the rest (the
/// seeds). Text keys compare case-insensitively and exactly (no wildcards), as the workbook's formulas do. Rows
/// whose X or Y is empty or not finite are left out and counted in <see cref="SkippedRows"/>.
/// </summary>
public sealed class LearningCurveSummary
{
    private LearningCurveSummary(IReadOnlyList<int> groupIndexes, IReadOnlyList<string> groupColumns, int? nameColumn,
        IReadOnlyList<SeriesCurve> curves, int skipped, IReadOnlyList<string> warnings)
    {
        GroupColumnIndexes = groupIndexes;
        GroupColumns = groupColumns;
        NameColumn = nameColumn;
        Curves = curves;
        SkippedRows = skipped;
        Warnings = warnings;
    }

    /// <summary>Names of the grouping columns as the table spells them, the Series column first.</summary>
    public IReadOnlyList<string> GroupColumns { get; }

    /// <summary>Their indexes in the table.</summary>
    public IReadOnlyList<int> GroupColumnIndexes { get; }

    /// <summary>Position in <see cref="GroupColumns"/> of the one column whose values are the curve names, or null when names combine several columns (or there is none).</summary>
    public int? NameColumn { get; }

    /// <summary>Curves in the order their first row appears.</summary>
    public IReadOnlyList<SeriesCurve> Curves { get; }

    public int SkippedRows { get; }

    /// <summary>Grouping that probably is not what the user meant (a text column that differs in every row).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public static LearningCurveSummary Compute(ReportTable table, LearningCurveOptions options, CancellationToken cancel = default)
    {
        if (table.Rows.Count == 0)
            throw new FeatureLearningException("FeatureLearning.EmptyInput", "There are no rows to report: pipe result rows (e.g. from Compare-Learner) into the command.");
        int x = RequireColumn(table, options.X, "-X");
        int y = RequireColumn(table, options.Y, "-Y");
        int series = string.IsNullOrEmpty(options.Series) ? -1 : table.IndexOf(options.Series);
        var groups = GroupingColumns(table, options, x, y, series);

        // Curves in order of first appearance; X values keyed exactly (the same alpha from every seed is the same double).
        var curves = new Dictionary<string, (object?[] Keys, SortedDictionary<double, List<double>> ByX)>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        int skipped = 0;
        for (int r = 0; r < table.Rows.Count; r++)
        {
            if ((r & 4095) == 0) cancel.ThrowIfCancellationRequested();
            double xNumber = Number(table.Value(r, x), r, options.X, "-X"), yNumber = Number(table.Value(r, y), r, options.Y, "-Y");
            if (!double.IsFinite(xNumber) || !double.IsFinite(yNumber)) { skipped++; continue; }
            var keys = groups.Select(g => Key(table.Value(r, g))).ToArray();
            string id = string.Join('\u001f', keys.Select(KeyText));
            if (!curves.TryGetValue(id, out var curve))
            {
                curves[id] = curve = (keys, new SortedDictionary<double, List<double>>());
                order.Add(id);
            }
            if (!curve.ByX.TryGetValue(xNumber, out var ys)) curve.ByX[xNumber] = ys = new List<double>();
            ys.Add(yNumber);
        }
        if (order.Count == 0)
            throw new FeatureLearningException("FeatureLearning.EmptyInput",
                $"All {table.Rows.Count} rows have an empty or non-finite {options.X} or {options.Y}; there is nothing to average.", ErrorKind.InvalidData);

        var keysOfCurves = order.Select(id => curves[id].Keys).ToList();
        var nameColumns = NameColumns(keysOfCurves, groups, series);
        var result = order.Select((id, i) => new SeriesCurve(
            CurveName(keysOfCurves[i], nameColumns, groups.Count, options.Y),
            curves[id].Keys,
            curves[id].ByX.Select(p => Point(p.Key, p.Value)).ToList())).ToList();
        int? nameColumn = nameColumns.Count == 1 ? nameColumns[0] : nameColumns.Count == 0 && groups.Count > 0 ? 0 : null;

        var warnings = new List<string>();
        if (options.GroupBy is null)
            foreach (int g in groups.Where(g => g != series))
            {
                int used = table.Rows.Count - skipped;
                int distinct = keysOfCurves.Select(k => KeyText(k[groups.IndexOf(g)])).Distinct(StringComparer.OrdinalIgnoreCase).Count();
                if (used >= 3 && distinct == used)
                    warnings.Add($"The summary groups by every text column, and '{table.Columns[g]}' differs in every row, so nothing is averaged; name the grouping columns with -GroupBy (e.g. -GroupBy {table.Columns[series >= 0 ? series : g]}).");
            }
        return new LearningCurveSummary(groups, groups.Select(g => table.Columns[g]).ToList(), nameColumn, result, skipped, warnings);
    }

    /// <summary>The Series column first (when present), then the named -GroupBy columns, or every other text column.</summary>
    private static List<int> GroupingColumns(ReportTable table, LearningCurveOptions options, int x, int y, int series)
    {
        var groups = new List<int>();
        if (series >= 0 && series != x && series != y) groups.Add(series);
        if (options.GroupBy is { } named)
        {
            foreach (string name in named)
            {
                int column = RequireColumn(table, name, "-GroupBy");
                if (column == x || column == y)
                    throw new FeatureLearningException("FeatureLearning.InvalidGroupBy",
                        $"-GroupBy '{name}' is the {(column == x ? "-X" : "-Y")} column; group by other columns (the summary averages -Y per -X within each group).");
                if (!groups.Contains(column)) groups.Add(column);
            }
        }
        else
        {
            for (int c = 0; c < table.Columns.Count; c++)
                if (c != x && c != y && !groups.Contains(c) && table.KindOf(c) == ColumnKind.Text) groups.Add(c);
        }
        return groups;
    }

    /// <summary>
    /// The grouping columns (positions in <paramref name="groups"/>) whose values name the curves: the Series column
    /// when it tells the curves apart, and each further column that tells more of them apart.
    /// </summary>
    private static List<int> NameColumns(List<object?[]> keys, List<int> groups, int series)
    {
        var chosen = new List<int>();
        int Distinct(IEnumerable<int> columns) => keys.Select(k => string.Join('\u001f', columns.Select(c => KeyText(k[c]))))
            .Distinct(StringComparer.OrdinalIgnoreCase).Count();
        int current = 1;
        for (int g = 0; g < groups.Count && current < keys.Count; g++)
        {
            int count = Distinct(chosen.Append(g));
            if (count > current) { chosen.Add(g); current = count; }
        }
        return chosen;
    }

    /// <summary>A single curve is named by its first grouping column (the Series column when present), or after Y without any.</summary>
    private static string CurveName(object?[] keys, List<int> nameColumns, int groups, string y)
    {
        if (nameColumns.Count == 0) return groups > 0 ? Display(keys[0]) : y;
        return string.Join(", ", nameColumns.Select(c => Display(keys[c])));
    }

    private static string Display(object? key) => key is null ? "(blank)" : CellValue.Text(key);

    /// <summary>A grouping value as the sheet stores it: numbers as double, text, booleans, dates; empty text as null.</summary>
    private static object? Key(object? value) => value switch
    {
        null or string { Length: 0 } => null,
        string or bool or DateTime => value,
        _ when CellValue.TryNumber(value, out double number) => number,
        _ => CellValue.Text(value),
    };

    private static string KeyText(object? key) => key switch
    {
        null => "e",
        bool b => b ? "b1" : "b0",
        double d => "n" + d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => "d" + t.Ticks.ToString(CultureInfo.InvariantCulture),
        _ => "s" + key,
    };

    /// <summary>Two-pass mean and sample (n − 1) standard deviation; NaN deviation for a single value.</summary>
    public static SummaryPoint Point(double x, IReadOnlyList<double> ys)
    {
        double mean = 0;
        foreach (double v in ys) mean += v;
        mean /= ys.Count;
        double squares = 0;
        foreach (double v in ys) squares += (v - mean) * (v - mean);
        double std = ys.Count > 1 ? Math.Sqrt(squares / (ys.Count - 1)) : double.NaN;
        return new SummaryPoint(x, mean, std, ys.Count);
    }

    private static int RequireColumn(ReportTable table, string name, string parameter)
    {
        int index = string.IsNullOrEmpty(name) ? -1 : table.IndexOf(name);
        if (index < 0)
            throw new FeatureLearningException("FeatureLearning.MissingColumn",
                $"The rows have no column '{name}' for {parameter}; the columns are: {string.Join(", ", table.Columns)}.");
        return index;
    }

    private static double Number(object? value, int row, string column, string parameter)
    {
        if (value is null || value is string { Length: 0 }) return double.NaN;
        if (CellValue.TryNumberOrNumericText(value, out double number)) return number;
        throw new FeatureLearningException("FeatureLearning.NonNumericColumn",
            $"{parameter} column '{column}' must hold numbers, but row {row + 1} has '{CellValue.Text(value)}'; choose a numeric column for {parameter}.", ErrorKind.InvalidData);
    }
}
