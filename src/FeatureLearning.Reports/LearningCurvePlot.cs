using FeatureLearning.Core;
using FeatureLearning.Core.IO;
using ScottPlot;

namespace FeatureLearning.Reports;

/// <summary>
/// A PNG or SVG line plot of mean Y vs X per curve (the workbook's summary: the same grouping and names) with ±1
/// standard deviation error bars (ScottPlot, rendered by SkiaSharp, headless). Log axes plot log10 of the values
/// with ticks labelled in the original units. Written atomically and locked like the workbook.
/// </summary>
public static class LearningCurvePlot
{
    // The same colour-blind-safe palette (Okabe–Ito) as the workbook chart.
    private static readonly string[] Palette = { "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442" };

    // Without fontconfig (the NoDependencies native build) Skia falls back to whichever font it finds first, often a
    // serif; ask for a common sans-serif family that is installed.
    private static readonly string? SansSerif = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI" }
        .FirstOrDefault(name => SkiaSharp.SKFontManager.Default.MatchFamily(name) is { } typeface && string.Equals(typeface.FamilyName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Writes the plot (format from the extension: .png or .svg); returns warnings for the caller.</summary>
    public static IReadOnlyList<string> Write(string path, ReportTable table, LearningCurveOptions options, int width = 800, int height = 500,
        CancellationToken cancel = default, FileWriteSettings? settings = null)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
            throw new FeatureLearningException("FeatureLearning.InvalidPath", $"-Path '{path}' must end in .png or .svg (the format is taken from the extension).");
        if (width is < 100 or > 10_000 || height is < 100 or > 10_000)
            throw new FeatureLearningException("FeatureLearning.InvalidSize", $"The image size {width}×{height} must be between 100 and 10000 pixels each way.");
        var summary = LearningCurveSummary.Compute(table.WithNumbersFromText(options.NoNumberConversion), options, cancel);
        var warnings = new List<string>(summary.Warnings);
        if (summary.SkippedRows > 0)
            warnings.Add($"{summary.SkippedRows} rows with an empty or non-finite {options.X} or {options.Y} are not plotted.");

        try
        {
            var plot = Build(summary, options, warnings);
            cancel.ThrowIfCancellationRequested();
            AtomicFile.Write(path, (temporary, _) =>
            {
                if (extension == ".png") plot.SavePng(temporary, width, height);
                else plot.SaveSvg(temporary, width, height);
            }, cancel: cancel, settings: settings);
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException)
        {
            // The module ships SkiaSharp's native library beside its DLL for the platform it was built on.
            throw new FeatureLearningException("FeatureLearning.PlotUnavailable",
                $"The plotting library could not load its native part (libSkiaSharp) on this platform: {ex.GetBaseException().Message} Use Export-LearningCurveReport for an Excel chart instead.",
                ErrorKind.ResourceUnavailable, ex);
        }
        return warnings;
    }

    public static Plot Build(LearningCurveSummary summary, LearningCurveOptions options, List<string> warnings)
    {
        var plot = new Plot();
        int dropped = 0;
        double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        for (int i = 0; i < summary.Curves.Count; i++)
        {
            var curve = summary.Curves[i];
            // A log axis cannot show zero or negative values: those points are dropped (with a warning).
            var points = curve.Points.Where(p => (!options.LogX || p.X > 0) && (!options.LogY || p.Mean > 0)).ToList();
            dropped += curve.Points.Count - points.Count;
            if (points.Count == 0) continue;
            double[] xs = points.Select(p => options.LogX ? Math.Log10(p.X) : p.X).ToArray();
            double[] ys = points.Select(p => options.LogY ? Math.Log10(p.Mean) : p.Mean).ToArray();
            xMin = Math.Min(xMin, xs.Min()); xMax = Math.Max(xMax, xs.Max());
            yMin = Math.Min(yMin, ys.Min()); yMax = Math.Max(yMax, ys.Max());

            var colour = Color.FromHex(Palette[i % Palette.Length]);
            AddErrorBars(plot, points, xs, ys, options.LogY, colour);
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = curve.Name;
            scatter.Color = colour;
            var style = options.StyleOf(curve.Name);
            scatter.LineWidth = style == SeriesStyle.MarkersOnly ? 0 : 2;
            scatter.MarkerSize = style == SeriesStyle.LinesOnly ? 0 : 8;
            scatter.MarkerShape = i % 2 == 0 ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
        }
        if (dropped > 0)
            warnings.Add($"{dropped} points with zero or negative values cannot be shown on the log axis and are not plotted.");

        plot.Title(options.EffectiveTitle);
        plot.XLabel(options.X);
        plot.YLabel($"Mean {options.Y}");
        // Outside the data area, so the legend never hides a curve.
        plot.ShowLegend(Edge.Right);
        if (SansSerif is { } font) plot.Font.Set(font);
        if (options.LogX && double.IsFinite(xMin)) plot.Axes.Bottom.TickGenerator = LogTicks(xMin, xMax);
        if (options.LogY && double.IsFinite(yMin)) plot.Axes.Left.TickGenerator = LogTicks(yMin, yMax);
        return plot;
    }

    /// <summary>± one standard deviation around each mean (on a log axis: log10(mean ± std), the lower end clipped to the plot when mean − std ≤ 0).</summary>
    private static void AddErrorBars(Plot plot, List<SummaryPoint> points, double[] xs, double[] ys, bool logY, Color colour)
    {
        if (!points.Any(p => double.IsFinite(p.StandardDeviation))) return;
        double[] up = new double[points.Count], down = new double[points.Count];
        for (int k = 0; k < points.Count; k++)
        {
            double std = double.IsFinite(points[k].StandardDeviation) ? points[k].StandardDeviation : 0, mean = points[k].Mean;
            up[k] = logY ? Math.Log10(mean + std) - ys[k] : std;
            down[k] = logY ? (mean - std > 0 ? ys[k] - Math.Log10(mean - std) : 0) : std;
        }
        var bars = plot.Add.ErrorBar(xs, ys, up);
        bars.YErrorNegative = down;
        bars.Color = colour;
        bars.LineWidth = 1;
    }

    /// <summary>
    /// Ticks for an axis that plots log10 of the values: labels in original units at 1, 2, 5 × 10^k when the data
    /// span less than three decades (else at powers of ten), minor ticks at every integer multiple of 10^k.
    /// </summary>
    public static ScottPlot.TickGenerators.NumericManual LogTicks(double log10Min, double log10Max)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (position, label) in LogTickPositions(log10Min, log10Max))
        {
            if (label is null) ticks.AddMinor(position);
            else ticks.AddMajor(position, label);
        }
        return ticks;
    }

    /// <summary>Tick positions (log10 of the value) with their labels; minor ticks have a null label.</summary>
    public static List<(double Position, string? Label)> LogTickPositions(double log10Min, double log10Max)
    {
        var ticks = new List<(double, string?)>();
        int first = (int)Math.Floor(log10Min) - 1, last = (int)Math.Ceiling(log10Max) + 1;
        double[] labelled = log10Max - log10Min < 3 ? new[] { 1.0, 2.0, 5.0 } : new[] { 1.0 };
        for (int k = first; k <= last; k++)
            for (int m = 1; m <= 9; m++)
            {
                double value = m * Math.Pow(10, k);
                ticks.Add((Math.Log10(value), labelled.Contains(m) ? value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : null));
            }
        return ticks;
    }
}
