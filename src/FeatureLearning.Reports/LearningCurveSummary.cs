using FeatureLearning.Core;

namespace FeatureLearning.Reports;

/// <summary>Mean, sample standard deviation and count of Y over the rows (seeds) that share one (series, X).</summary>
public sealed record SummaryPoint(double X, double Mean, double StandardDeviation, int Count);

/// <summary>One curve: a Series value and its points in increasing X.</summary>
public sealed record SeriesCurve(string Name, IReadOnlyList<SummaryPoint> Points);

/// <summary>
/// Groups a table's rows by (Series, X) and averages Y over the rest (seeds). Rows whose X or Y is empty or not
/// finite (NaN test errors of tasks without a test set) are left out and counted in <see cref="SkippedRows"/>.
/// </summary>
public sealed class LearningCurveSummary
{
    private LearningCurveSummary(string seriesColumn, IReadOnlyList<SeriesCurve> curves, int skipped)
    {
        SeriesColumn = seriesColumn;
        Curves = curves;
        SkippedRows = skipped;
    }

    /// <summary>Header of the series column ("Series" when the table has no series column).</summary>
    public string SeriesColumn { get; }

    /// <summary>Curves in the order their Series value first appears in the rows.</summary>
    public IReadOnlyList<SeriesCurve> Curves { get; }

    public int SkippedRows { get; }

    public static LearningCurveSummary Compute(ReportTable table, LearningCurveOptions options)
    {
        if (table.Rows.Count == 0)
            throw new FeatureLearningException("FeatureLearning.EmptyInput", "There are no rows to report: pipe result rows (e.g. from Compare-Learner) into the command.");
        int x = RequireColumn(table, options.X, "-X");
        int y = RequireColumn(table, options.Y, "-Y");
        int series = string.IsNullOrEmpty(options.Series) ? -1 : table.IndexOf(options.Series);

        // Series in order of first appearance; X values keyed exactly (the same alpha from every seed is the same double).
        var groups = new Dictionary<string, SortedDictionary<double, List<double>>>(StringComparer.Ordinal);
        var order = new List<string>();
        int skipped = 0;
        for (int r = 0; r < table.Rows.Count; r++)
        {
            object? xValue = table.Value(r, x), yValue = table.Value(r, y);
            double xNumber = Number(xValue, r, options.X, "-X"), yNumber = Number(yValue, r, options.Y, "-Y");
            if (!double.IsFinite(xNumber) || !double.IsFinite(yNumber)) { skipped++; continue; }
            string name = series < 0 ? options.Y : CellValue.Text(table.Value(r, series));
            if (name.Length == 0) name = "(blank)";
            if (!groups.TryGetValue(name, out var byX))
            {
                groups[name] = byX = new SortedDictionary<double, List<double>>();
                order.Add(name);
            }
            if (!byX.TryGetValue(xNumber, out var ys)) byX[xNumber] = ys = new List<double>();
            ys.Add(yNumber);
        }
        if (order.Count == 0)
            throw new FeatureLearningException("FeatureLearning.EmptyInput",
                $"All {table.Rows.Count} rows have an empty or non-finite {options.X} or {options.Y}; there is nothing to average.", ErrorKind.InvalidData);

        var curves = order.Select(name => new SeriesCurve(name, groups[name].Select(p => Point(p.Key, p.Value)).ToList())).ToList();
        return new LearningCurveSummary(series < 0 ? "Series" : table.Columns[series], curves, skipped);
    }

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
