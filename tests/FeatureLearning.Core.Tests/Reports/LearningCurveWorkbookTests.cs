using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using FeatureLearning.Core;
using FeatureLearning.Reports;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace FeatureLearning.Core.Tests.Reports;

public sealed class LearningCurveWorkbookTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fl-reports-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Three learners × alphas 1, 4, 16 × seeds 0, 1 (Theory has one "seed").</summary>
    private static ReportTable Rows()
    {
        var rows = new List<object?[]>();
        foreach (string learner in new[] { "TwoLayerNet", "RandomFeatures" })
            foreach (double alpha in new[] { 1.0, 4.0, 16.0 })
                foreach (int seed in new[] { 0, 1 })
                    rows.Add(new object?[] { learner, alpha, seed, 0.4 / Math.Sqrt(alpha) + 0.01 * seed, seed == 0 });
        foreach (double alpha in new[] { 1.0, 4.0, 16.0 })
            rows.Add(new object?[] { "Theory", alpha, 0, 0.3 / alpha, true });
        return new ReportTable(new[] { "Learner", "Alpha", "Seed", "TestError", "Flag" }, rows);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static WorksheetPart Sheet(SpreadsheetDocument document, string name)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return (WorksheetPart)workbook.GetPartById(sheet.Id!);
    }

    [Fact]
    public void Workbook_has_data_and_summary_tables_and_a_chart_over_the_summary_blocks()
    {
        string path = PathOf("r.xlsx");
        LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions { WorksheetName = "Xor", LogX = true, LineSeries = new[] { "Theory" }, MarkerSeries = new[] { "RandomFeatures" } });

        using var document = SpreadsheetDocument.Open(path, false);
        Assert.Equal(new[] { "Xor", "Xor Summary" }, document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));

        var data = Sheet(document, "Xor");
        Assert.Equal("A1:E16", data.TableDefinitionParts.Single().Table!.Reference!.Value);   // 15 rows + header, 5 columns
        var cells = data.Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        Assert.Null(cells["B2"].DataType);                                  // numbers are numeric cells
        Assert.Equal(1.0, double.Parse(cells["B2"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(CellValues.InlineString, cells["A2"].DataType!.Value);
        Assert.Equal(CellValues.Boolean, cells["E2"].DataType!.Value);

        var summary = Sheet(document, "Xor Summary");
        Assert.Equal("A1:E10", summary.TableDefinitionParts.Single().Table!.Reference!.Value); // 3 series × 3 alphas + header
        var chart = summary.DrawingsPart!.ChartParts.Single().ChartSpace;
        var series = chart.Descendants<C.ScatterChartSeries>().ToList();
        Assert.Equal(3, series.Count);
        Assert.Equal("'Xor Summary'!$B$2:$B$4", series[0].GetFirstChild<C.XValues>()!.Descendants<C.Formula>().Single().Text);
        Assert.Equal("'Xor Summary'!$C$5:$C$7", series[1].GetFirstChild<C.YValues>()!.Descendants<C.Formula>().Single().Text);
        Assert.Equal("'Xor Summary'!$A$8", series[2].SeriesText!.Descendants<C.Formula>().Single().Text);
        // Theory: no markers; RandomFeatures: no line; TwoLayerNet: both.
        Assert.Equal(C.MarkerStyleValues.None, series[2].Marker!.Symbol!.Val!.Value);
        Assert.NotNull(series[1].GetFirstChild<C.ChartShapeProperties>()!.Descendants<DocumentFormat.OpenXml.Drawing.NoFill>().SingleOrDefault());
        Assert.NotEqual(C.MarkerStyleValues.None, series[0].Marker!.Symbol!.Val!.Value);
        Assert.Empty(series[0].GetFirstChild<C.ChartShapeProperties>()!.Descendants<DocumentFormat.OpenXml.Drawing.NoFill>());
        // -LogX only: log base on the X axis.
        var axes = chart.Descendants<C.ValueAxis>().ToList();
        Assert.Equal(10, axes[0].Scaling!.LogBase!.Val!.Value);
        Assert.Null(axes[1].Scaling!.LogBase);

        // Summary cells agree with a direct average of the data rows (TwoLayerNet at alpha 4: seeds 0 and 1).
        var summaryCells = summary.Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        double expected = (0.4 / 2 + 0.4 / 2 + 0.01) / 2;
        Assert.Equal(expected, double.Parse(summaryCells["C3"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void Append_keeps_other_sheets_and_replaces_a_sheet_of_the_same_name()
    {
        string path = PathOf("a.xlsx");
        LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions { WorksheetName = "First" });
        LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions { WorksheetName = "Second" }, append: true);
        var fewer = new ReportTable(Rows().Columns, Rows().Rows.Take(4).ToList());
        LearningCurveWorkbook.Write(path, fewer, new LearningCurveOptions { WorksheetName = "First" }, append: true);

        using var document = SpreadsheetDocument.Open(path, false);
        Assert.Equal(new[] { "Second", "Second Summary", "First", "First Summary" },
            document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        Assert.Equal("A1:E5", Sheet(document, "First").TableDefinitionParts.Single().Table!.Reference!.Value);
        var tables = document.WorkbookPart.WorksheetParts.SelectMany(w => w.TableDefinitionParts).Select(t => t.Table!).ToList();
        Assert.Equal(4, tables.Count);
        Assert.Equal(4, tables.Select(t => t.Id!.Value).Distinct().Count());
        Assert.Equal(4, tables.Select(t => t.Name!.Value).Distinct().Count());
        Assert.Empty(new OpenXmlValidator().Validate(document));
    }

    [Fact]
    public void A_failing_write_leaves_the_old_file_and_no_temporary_file()
    {
        string path = PathOf("keep.xlsx");
        LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions());
        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<FeatureLearningException>(() => LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions { Y = "Nope" }));
        Assert.Equal("FeatureLearning.MissingColumn", ex.ErrorId);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions(), cancel: cancelled.Token));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "keep.xlsx" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Appending_to_a_file_that_is_not_a_workbook_is_a_clear_error()
    {
        string path = PathOf("text.xlsx");
        File.WriteAllText(path, "not a zip");
        var ex = Assert.Throws<FeatureLearningException>(() => LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions(), append: true));
        Assert.Equal("FeatureLearning.CorruptFile", ex.ErrorId);
        Assert.Equal("not a zip", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("History")]
    [InlineData("A name that is much longer than thirty-one")]
    public void Invalid_sheet_names_are_rejected(string name)
    {
        var ex = Assert.Throws<FeatureLearningException>(() => LearningCurveWorkbook.Write(PathOf("n.xlsx"), Rows(), new LearningCurveOptions { WorksheetName = name }));
        Assert.Equal("FeatureLearning.InvalidWorksheetName", ex.ErrorId);
    }

    [Fact]
    public void Plot_writes_png_and_svg_and_labels_log_ticks_in_original_units()
    {
        LearningCurvePlot.Write(PathOf("p.png"), Rows(), new LearningCurveOptions { LogX = true, LogY = true });
        LearningCurvePlot.Write(PathOf("p.svg"), Rows(), new LearningCurveOptions());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(PathOf("p.png"))[..4]);
        Assert.Contains("<svg", File.ReadAllText(PathOf("p.svg")));

        var ticks = LearningCurvePlot.LogTickPositions(Math.Log10(1), Math.Log10(16));
        var major = ticks.Where(t => t.Label is not null).ToList();
        Assert.Contains((Math.Log10(5), "5"), major);
        Assert.Contains((1.0, "10"), major);
        Assert.Contains((Math.Log10(30), null), ticks);                           // minor tick, unlabelled
        Assert.DoesNotContain(LearningCurvePlot.LogTickPositions(0, 4), t => t.Label == "20");  // wide range: powers of ten only
        Assert.Equal("FeatureLearning.InvalidPath",
            Assert.Throws<FeatureLearningException>(() => LearningCurvePlot.Write(PathOf("p.gif"), Rows(), new LearningCurveOptions())).ErrorId);
    }
}
