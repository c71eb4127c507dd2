using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace FeatureLearning.Reports;

/// <summary>Where one curve's numbers sit on the summary sheet (a contiguous block of rows); no name cell when the name combines several columns.</summary>
internal sealed record ChartSeriesSource(SeriesCurve Curve, string? NameCell, string XRange, string YRange, string StdRange);

/// <summary>
/// A native Excel XY (scatter) chart of mean Y vs X, one series per curve, with ±1 standard deviation error bars,
/// drawn next to the summary table. The formulas point at the summary cells; the caches hold the same numbers so
/// viewers that do not recalculate still draw the curves.
/// </summary>
internal static class ScatterChartBuilder
{
    private const uint XAxisId = 500_001, YAxisId = 500_002;

    // A colour-blind-safe palette (Okabe–Ito), cycled.
    private static readonly string[] Palette = { "0072B2", "D55E00", "009E73", "CC79A7", "E69F00", "56B4E9", "000000", "F0E442" };

    public static void Add(WorksheetPart sheet, IReadOnlyList<ChartSeriesSource> sources, LearningCurveOptions options,
        int anchorColumn, string xTitle, string yTitle)
    {
        var drawingPart = sheet.AddNewPart<DrawingsPart>();
        var chartPart = drawingPart.AddNewPart<ChartPart>();
        chartPart.ChartSpace = ChartSpace(sources, options, xTitle, yTitle);

        drawingPart.WorksheetDrawing = new Xdr.WorksheetDrawing(new Xdr.TwoCellAnchor(
            new Xdr.FromMarker(new Xdr.ColumnId(anchorColumn.ToString(CultureInfo.InvariantCulture)), new Xdr.ColumnOffset("0"), new Xdr.RowId("1"), new Xdr.RowOffset("0")),
            new Xdr.ToMarker(new Xdr.ColumnId((anchorColumn + 10).ToString(CultureInfo.InvariantCulture)), new Xdr.ColumnOffset("0"), new Xdr.RowId("24"), new Xdr.RowOffset("0")),
            new Xdr.GraphicFrame(
                new Xdr.NonVisualGraphicFrameProperties(new Xdr.NonVisualDrawingProperties { Id = 2, Name = "Learning curve" }, new Xdr.NonVisualGraphicFrameDrawingProperties()),
                new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
                new A.Graphic(new A.GraphicData(new C.ChartReference { Id = drawingPart.GetIdOfPart(chartPart) })
                { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
            { Macro = "" },
            new Xdr.ClientData()));

        // <drawing> must precede <tableParts> in a worksheet.
        var drawing = new DocumentFormat.OpenXml.Spreadsheet.Drawing { Id = sheet.GetIdOfPart(drawingPart) };
        var tableParts = sheet.Worksheet.GetFirstChild<DocumentFormat.OpenXml.Spreadsheet.TableParts>();
        if (tableParts is null) sheet.Worksheet.Append(drawing);
        else sheet.Worksheet.InsertBefore(drawing, tableParts);
    }

    private static C.ChartSpace ChartSpace(IReadOnlyList<ChartSeriesSource> sources, LearningCurveOptions options, string xTitle, string yTitle)
    {
        var scatter = new C.ScatterChart(new C.ScatterStyle { Val = C.ScatterStyleValues.LineMarker }, new C.VaryColors { Val = false });
        for (int i = 0; i < sources.Count; i++) scatter.Append(Series(i, sources[i], options.StyleOf(sources[i].Curve.Name)));
        scatter.Append(new C.AxisId { Val = XAxisId }, new C.AxisId { Val = YAxisId });

        var chart = new C.Chart(
            Title(options.EffectiveTitle, 1400),
            new C.AutoTitleDeleted { Val = false },
            new C.PlotArea(new C.Layout(), scatter,
                Axis(XAxisId, YAxisId, C.AxisPositionValues.Bottom, options.LogX, xTitle),
                Axis(YAxisId, XAxisId, C.AxisPositionValues.Left, options.LogY, yTitle)),
            new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Right }, new C.Overlay { Val = false }),
            new C.PlotVisibleOnly { Val = true },
            new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap });
        return new C.ChartSpace(new C.EditingLanguage { Val = "en-US" }, new C.RoundedCorners { Val = false }, chart);
    }

    private static C.ScatterChartSeries Series(int index, ChartSeriesSource source, SeriesStyle style)
    {
        string colour = Palette[index % Palette.Length];
        var points = source.Curve.Points;
        var line = style == SeriesStyle.MarkersOnly
            ? new A.Outline(new A.NoFill())
            : new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = colour })) { Width = 28575, CapType = A.LineCapValues.Round };
        var marker = style == SeriesStyle.LinesOnly
            ? new C.Marker(new C.Symbol { Val = C.MarkerStyleValues.None })
            : new C.Marker(
                new C.Symbol { Val = index % 2 == 0 ? C.MarkerStyleValues.Circle : C.MarkerStyleValues.Square },
                new C.Size { Val = 7 },
                new C.ChartShapeProperties(new A.SolidFill(new A.RgbColorModelHex { Val = colour }),
                    new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = colour }))));

        string name = SheetBuilder.XmlSafe(source.Curve.Name);
        var title = source.NameCell is null
            ? new C.SeriesText(new C.NumericValue(name))
            : new C.SeriesText(new C.StringReference(new C.Formula(source.NameCell),
                new C.StringCache(new C.PointCount { Val = 1 }, new C.StringPoint(new C.NumericValue(name)) { Index = 0 })));

        return new C.ScatterChartSeries(
            new C.Index { Val = (uint)index },
            new C.Order { Val = (uint)index },
            title,
            new C.ChartShapeProperties(line),
            marker,
            ErrorBars(source, colour),
            new C.XValues(NumberReference(source.XRange, points.Select(p => p.X).ToList())),
            new C.YValues(NumberReference(source.YRange, points.Select(p => p.Mean).ToList())),
            new C.Smooth { Val = false });
    }

    /// <summary>Vertical bars of ± the standard deviation cells (empty for a single seed: no bar).</summary>
    private static C.ErrorBars ErrorBars(ChartSeriesSource source, string colour)
    {
        var std = source.Curve.Points.Select(p => p.StandardDeviation).ToList();
        return new C.ErrorBars(
            new C.ErrorDirection { Val = C.ErrorBarDirectionValues.Y },
            new C.ErrorBarType { Val = C.ErrorBarValues.Both },
            new C.ErrorBarValueType { Val = C.ErrorValues.Custom },
            new C.NoEndCap { Val = false },
            new C.Plus(NumberReference(source.StdRange, std)),
            new C.Minus(NumberReference(source.StdRange, std)),
            new C.ChartShapeProperties(new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = colour })) { Width = 12700 }));
    }

    /// <summary>A reference with its cache; non-finite values are left out of the cache (a gap, as an empty cell).</summary>
    private static C.NumberReference NumberReference(string formula, IReadOnlyList<double> values)
    {
        var cache = new C.NumberingCache(new C.FormatCode("General"), new C.PointCount { Val = (uint)values.Count });
        for (int i = 0; i < values.Count; i++)
            if (double.IsFinite(values[i]))
                cache.Append(new C.NumericPoint(new C.NumericValue(values[i].ToString("R", CultureInfo.InvariantCulture))) { Index = (uint)i });
        return new C.NumberReference(new C.Formula(formula), cache);
    }

    private static C.ValueAxis Axis(uint id, uint crossing, C.AxisPositionValues position, bool log, string title)
    {
        var scaling = new C.Scaling();
        if (log) scaling.Append(new C.LogBase { Val = 10 });
        scaling.Append(new C.Orientation { Val = C.OrientationValues.MinMax });
        var axis = new C.ValueAxis(
            new C.AxisId { Val = id },
            scaling,
            new C.Delete { Val = false },
            new C.AxisPosition { Val = position });
        if (position == C.AxisPositionValues.Left) axis.Append(new C.MajorGridlines(new C.ChartShapeProperties(new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "D9D9D9" })))));
        axis.Append(
            Title(title, 1100),
            new C.NumberingFormat { FormatCode = "General", SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = log ? C.TickMarkValues.Outside : C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.Low },
            new C.CrossingAxis { Val = crossing },
            // Cross the other axis at its minimum: keeps the axes at the bottom/left, also on a log scale.
            new C.Crosses { Val = C.CrossesValues.Minimum },
            new C.CrossBetween { Val = C.CrossBetweenValues.MidpointCategory });
        return axis;
    }

    private static C.Title Title(string text, int size) => new(
        new C.ChartText(new C.RichText(
            new A.BodyProperties(),
            new A.ListStyle(),
            new A.Paragraph(
                new A.ParagraphProperties(new A.DefaultRunProperties { FontSize = size, Bold = true }),
                new A.Run(new A.RunProperties { Language = "en-US", FontSize = size, Bold = true }, new A.Text(SheetBuilder.XmlSafe(text)))))),
        new C.Overlay { Val = false });
}
