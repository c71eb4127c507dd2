namespace FeatureLearning.Reports;

/// <summary>How a series is drawn: theory curves as lines, simulations as markers, the rest as both.</summary>
public enum SeriesStyle
{
    LinesAndMarkers,
    LinesOnly,
    MarkersOnly,
}

/// <summary>What to plot and summarise: mean of column <see cref="Y"/> against <see cref="X"/>, one curve per <see cref="Series"/> value.</summary>
public sealed class LearningCurveOptions
{
    public string WorksheetName { get; init; } = "Results";

    public string X { get; init; } = "Alpha";

    public string Y { get; init; } = "TestError";

    /// <summary>Column whose values name the curves first; it is always a grouping column when present (null or absent: ignored).</summary>
    public string? Series { get; init; } = "Learner";

    /// <summary>
    /// Columns whose values split the rows into curves (each distinct combination is one curve, averaged over the
    /// other rows, i.e. the seeds). Null: every text column other than X and Y, plus <see cref="Series"/>.
    /// </summary>
    public IReadOnlyList<string>? GroupBy { get; init; }

    /// <summary>Columns whose numeric text stays text ("*" for all); in the others numeric text becomes numbers, as Export-Excel does.</summary>
    public IReadOnlyCollection<string> NoNumberConversion { get; init; } = Array.Empty<string>();

    /// <summary>Chart title; a default "Y vs X" when null or empty.</summary>
    public string? Title { get; init; }

    public bool LogX { get; init; }

    public bool LogY { get; init; }

    public IReadOnlyCollection<string> LineSeries { get; init; } = Array.Empty<string>();

    public IReadOnlyCollection<string> MarkerSeries { get; init; } = Array.Empty<string>();

    public string EffectiveTitle => string.IsNullOrWhiteSpace(Title) ? $"{Y} vs {X}" : Title!;

    public SeriesStyle StyleOf(string series) =>
        LineSeries.Contains(series, StringComparer.OrdinalIgnoreCase) ? SeriesStyle.LinesOnly
        : MarkerSeries.Contains(series, StringComparer.OrdinalIgnoreCase) ? SeriesStyle.MarkersOnly
        : SeriesStyle.LinesAndMarkers;
}
