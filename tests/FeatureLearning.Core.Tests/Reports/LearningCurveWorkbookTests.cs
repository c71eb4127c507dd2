using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using FeatureLearning.Core;
using FeatureLearning.Core.IO;
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

    private static ReportTable Seeds(int firstSeed, int seeds) => new(new[] { "Learner", "Alpha", "Seed", "TestError" },
        (from learner in new[] { "Net", "RF" } from alpha in new[] { 1.0, 4.0 } from seed in Enumerable.Range(firstSeed, seeds)
         select new object?[] { learner, alpha, seed, (learner == "Net" ? 0.1 : 0.2) + 0.01 * seed / alpha }).ToList());

    private static string[][] SheetText(WorksheetPart part) =>
        part.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToArray()).ToArray();

    [Fact]
    public void Append_adds_rows_below_the_sheet_and_the_summary_covers_all_of_them()
    {
        string path = PathOf("a.xlsx");
        LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions { WorksheetName = "Other" });
        var first = LearningCurveWorkbook.Write(path, Seeds(0, 2), new LearningCurveOptions { WorksheetName = "Xor" }, WorkbookMode.AppendRows);
        var second = LearningCurveWorkbook.Write(path, Seeds(2, 1), new LearningCurveOptions { WorksheetName = "Xor" }, WorkbookMode.AppendRows);
        // Columns in another order are matched by name.
        var reordered = Seeds(3, 1);
        var third = LearningCurveWorkbook.Write(path, new ReportTable(new[] { "TestError", "Seed", "Alpha", "Learner" },
            reordered.Rows.Select(r => new[] { r[3], r[2], r[1], r[0] }).ToList()), new LearningCurveOptions { WorksheetName = "Xor" }, WorkbookMode.AppendRows);
        Assert.Equal(WorkbookSheetAction.Created, first.Action);
        Assert.Equal((WorkbookSheetAction.RowsAppended, 4, 12), (second.Action, second.RowsWritten, second.RowsInSheet));
        Assert.Equal(16, third.RowsInSheet);

        using var document = SpreadsheetDocument.Open(path, false);
        Assert.Equal(new[] { "Other", "Other Summary", "Xor", "Xor Summary" }, document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var data = Sheet(document, "Xor");
        Assert.Equal("A1:D17", data.TableDefinitionParts.Single().Table!.Reference!.Value);
        var text = SheetText(data);
        Assert.Equal(new[] { "Learner", "Alpha", "Seed", "TestError" }, text[0]);
        Assert.Equal(new[] { "RF", "4", "3" }, text[16][..3]);   // the last appended row, in the sheet's column order

        // Summary: per (learner, alpha) 4 seeds 0..3; Net at alpha 4: 0.1 + 0.01·(0+1+2+3)/4/4.
        var summary = SheetText(Sheet(document, "Xor Summary"));
        Assert.Equal(new[] { "Learner", "Alpha", "Mean TestError", "Std TestError", "Count" }, summary[0]);
        Assert.Equal(5, summary.Length);
        Assert.Equal(0.1 + 0.01 * 1.5 / 4, double.Parse(summary[2][2], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("4", summary[2][4]);
        var chart = Sheet(document, "Xor Summary").DrawingsPart!.ChartParts.Single().ChartSpace;
        Assert.Equal(2, chart.Descendants<C.ScatterChartSeries>().Count());
        Assert.Equal(4, document.WorkbookPart.WorksheetParts.SelectMany(w => w.TableDefinitionParts).Select(t => t.Table!.Name!.Value).Distinct().Count());
    }

    [Fact]
    public void Append_with_other_columns_names_them_and_leaves_the_file()
    {
        string path = PathOf("m.xlsx");
        LearningCurveWorkbook.Write(path, Seeds(0, 1), new LearningCurveOptions());
        byte[] before = File.ReadAllBytes(path);
        var other = new ReportTable(new[] { "Learner", "Alpha", "TestError", "Width" }, new[] { new object?[] { "Net", 1.0, 0.2, 8 } });
        var ex = Assert.Throws<FeatureLearningException>(() => LearningCurveWorkbook.Write(path, other, new LearningCurveOptions(), WorkbookMode.AppendRows));
        Assert.Equal("FeatureLearning.ColumnMismatch", ex.ErrorId);
        Assert.Contains("lack Seed", ex.Message);
        Assert.Contains("no column Width", ex.Message);
        Assert.Contains("-ReplaceSheet", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void ReplaceSheet_replaces_the_sheet_in_its_place_and_keeps_the_others()
    {
        string path = PathOf("r.xlsx");
        LearningCurveWorkbook.Write(path, Seeds(0, 2), new LearningCurveOptions { WorksheetName = "Xor" });
        LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions { WorksheetName = "Second" }, WorkbookMode.ReplaceSheet);
        var result = LearningCurveWorkbook.Write(path, Seeds(5, 1), new LearningCurveOptions { WorksheetName = "Xor" }, WorkbookMode.ReplaceSheet);
        Assert.Equal(WorkbookSheetAction.Replaced, result.Action);

        using var document = SpreadsheetDocument.Open(path, false);
        Assert.Equal(new[] { "Xor", "Xor Summary", "Second", "Second Summary" }, document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        Assert.Equal("A1:D5", Sheet(document, "Xor").TableDefinitionParts.Single().Table!.Reference!.Value);
        Assert.Equal("Xor", Sheet(document, "Xor").TableDefinitionParts.Single().Table!.Name!.Value);   // the name is free again
        Assert.Empty(new OpenXmlValidator().Validate(document));
        Assert.Equal(1u, document.WorkbookPart.Workbook.BookViews!.Elements<WorkbookView>().Single().ActiveTab!.Value);   // opens on the summary just written
    }

    [Fact]
    public void Concurrent_appends_take_turns_and_keep_every_row()
    {
        string path = PathOf("c.xlsx");
        const int writers = 4, appends = 3;
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            for (int k = 0; k < appends; k++)
                LearningCurveWorkbook.Write(path, Seeds(10 * w + k, 1), new LearningCurveOptions(), WorkbookMode.AppendRows);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        using var document = SpreadsheetDocument.Open(path, false);
        var seeds = SheetText(Sheet(document, "Results")).Skip(1).Select(r => r[2]).Distinct().Count();
        Assert.Equal(writers * appends, seeds);
        Assert.Equal($"A1:D{writers * appends * 4 + 1}", Sheet(document, "Results").TableDefinitionParts.Single().Table!.Reference!.Value);
        Assert.Single(Directory.GetFiles(_folder, "*", SearchOption.TopDirectoryOnly));   // no lock or temporary file left
    }

    [Fact]
    public void A_held_lock_makes_a_writer_wait_and_then_fail_clearly_leaving_the_file()
    {
        string path = PathOf("l.xlsx");
        LearningCurveWorkbook.Write(path, Seeds(0, 1), new LearningCurveOptions());
        byte[] before = File.ReadAllBytes(path);
        var told = new List<string>();
        using (FileLock.Acquire(path, TimeSpan.Zero))
        {
            var ex = Assert.Throws<FeatureLearningException>(() => LearningCurveWorkbook.Write(path, Seeds(1, 1), new LearningCurveOptions(), WorkbookMode.AppendRows,
                settings: new FileWriteSettings { LockTimeout = TimeSpan.FromMilliseconds(200), Waiting = told.Add }));
            Assert.Equal("FeatureLearning.FileLocked", ex.ErrorId);
            Assert.Contains(FileLock.LockPathFor(path), ex.Message);
        }
        Assert.Single(told);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "l.xlsx" }, Directory.GetFiles(_folder).Select(Path.GetFileName));   // the lock file went with the lock
        LearningCurveWorkbook.Write(path, Seeds(1, 1), new LearningCurveOptions(), WorkbookMode.AppendRows);   // free again
    }

    [Fact]
    public void A_lock_file_left_by_a_killed_process_holds_nothing()
    {
        string path = PathOf("k.xlsx");
        File.WriteAllText(FileLock.LockPathFor(path), "");
        LearningCurveWorkbook.Write(path, Seeds(0, 1), new LearningCurveOptions(), settings: new FileWriteSettings { LockTimeout = TimeSpan.Zero });
        Assert.Equal(new[] { "k.xlsx" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Temporary_files_of_a_killed_write_are_removed_by_the_next_write_and_no_others()
    {
        string path = PathOf("t.xlsx");
        string stale = PathOf($".t.{Guid.NewGuid():N}.tmp.xlsx"), unrelated = PathOf(".t.notes.tmp.xlsx"), otherTarget = PathOf($".u.{Guid.NewGuid():N}.tmp.xlsx");
        foreach (string f in new[] { stale, unrelated, otherTarget }) File.WriteAllText(f, "partial");
        var notes = new List<string>();
        LearningCurveWorkbook.Write(path, Seeds(0, 1), new LearningCurveOptions(), settings: new FileWriteSettings { Note = notes.Add });
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(unrelated) && File.Exists(otherTarget));
        Assert.Contains(notes, n => n.Contains(stale));
    }

    [Fact]
    public void Cancelling_in_the_middle_of_an_append_leaves_the_old_file()
    {
        string path = PathOf("x.xlsx");
        var columns = new[] { "Learner", "Alpha", "Seed", "TestError", "Note" };
        LearningCurveWorkbook.Write(path, new ReportTable(columns, Seeds(0, 1).Rows.Select(r => r.Append("first").ToArray()).ToList()), new LearningCurveOptions());
        byte[] before = File.ReadAllBytes(path);
        using var stop = new CancellationTokenSource();
        // Ctrl+C arrives while the new rows' cells are written: the note of row 3000 of 5000 presses it as it is written.
        var note = new PressesCtrlC(stop, at: 3000);
        var rows = Seeds(1, 1250).Rows.Select(r => r.Append(note).ToArray()).ToList();
        Assert.Throws<OperationCanceledException>(() => LearningCurveWorkbook.Write(path, new ReportTable(columns, rows),
            new LearningCurveOptions { GroupBy = new[] { "Learner" } }, WorkbookMode.AppendRows, stop.Token));
        Assert.InRange(note.Calls, 3000, 3000 + 1024);   // the row loop checks every 1024 rows: it stopped at the next check
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "x.xlsx" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    /// <summary>A cell value whose text, the <paramref name="at"/>-th time it is asked for, presses Ctrl+C.</summary>
    private sealed class PressesCtrlC(CancellationTokenSource stop, int at) : IFormattable
    {
        public int Calls { get; private set; }

        public string ToString(string? format, IFormatProvider? provider)
        {
            if (++Calls == at) stop.Cancel();
            return "note";
        }
    }

    [Fact]
    public void A_replaced_file_keeps_its_permissions_read_only_included()
    {
        if (OperatingSystem.IsWindows()) return;
        string path = PathOf("p.xlsx");
        LearningCurveWorkbook.Write(path, Seeds(0, 1), new LearningCurveOptions());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        LearningCurveWorkbook.Write(path, Seeds(1, 1), new LearningCurveOptions(), WorkbookMode.AppendRows);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Summary_cells_are_formulas_over_the_data_table_with_exact_criteria()
    {
        var f = new SummaryFormulas("Xor", new[] { "Learner" }, "Alpha", "TestError");
        Assert.Equal("AVERAGEIFS(Xor[TestError],Xor[Learner],$A2,Xor[Alpha],$B2)", f.Mean(2, new object?[] { "Net" }));
        Assert.Equal("COUNTIFS(Xor[Learner],$A3,Xor[Alpha],$B3,Xor[TestError],\"<>\")", f.Count(3, new object?[] { "Net" }));
        Assert.Equal("IFERROR(STDEV(IF((Xor[Learner]=$A2)*(Xor[Alpha]=$B2)*ISNUMBER(Xor[TestError]),Xor[TestError])),\"\")", f.StandardDeviation(2, new object?[] { "Net" }));
        // Criteria wildcards and operators are escaped; an empty key matches empty cells.
        Assert.Equal("AVERAGEIFS(Xor[TestError],Xor[Learner],\"=a~*b~?\"\"c\",Xor[Alpha],$B2)", f.Mean(2, new object?[] { "a*b?\"c" }));
        Assert.Equal("AVERAGEIFS(Xor[TestError],Xor[Learner],\"=<1\",Xor[Alpha],$B2)", f.Mean(2, new object?[] { "<1" }));
        Assert.Equal("AVERAGEIFS(Xor[TestError],Xor[Learner],\"\",Xor[Alpha],$B2)", f.Mean(2, new object?[] { null }));
        Assert.Equal("T[a'[1'] ''x'']", new SummaryFormulas("T", Array.Empty<string>(), "x", "y").Column("a[1] 'x'"));
    }

    [Fact]
    public void Dates_are_Excel_dates_numeric_text_becomes_numbers_and_codes_stay_text()
    {
        string path = PathOf("d.xlsx");
        var table = new ReportTable(new[] { "Alpha", "TestError", "When", "Code", "Kept" }, new[]
        {
            new object?[] { "1", "0.25", new DateTime(2024, 5, 1, 13, 30, 0), "007", "2" },
            new object?[] { "2", "0.125", new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.FromHours(2)), "008", "3" },
        });
        LearningCurveWorkbook.Write(path, table, new LearningCurveOptions { NoNumberConversion = new[] { "Kept" } });
        using var document = SpreadsheetDocument.Open(path, false);
        var cells = Sheet(document, "Results").Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        Assert.Null(cells["A2"].DataType);
        Assert.Equal(new DateTime(2024, 5, 1, 13, 30, 0).ToOADate(), double.Parse(cells["C2"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(new DateTime(2024, 5, 2).ToOADate(), double.Parse(cells["C3"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(ColumnFormat.DateTime, WorkbookStylesCode(document, cells["C2"]));
        Assert.Equal(CellValues.InlineString, cells["D2"].DataType!.Value);
        Assert.Equal(CellValues.InlineString, cells["E2"].DataType!.Value);
    }

    private static string? WorkbookStylesCode(SpreadsheetDocument document, Cell cell)
    {
        var styles = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet!;
        uint id = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value).NumberFormatId!.Value;
        return styles.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(f => f.NumberFormatId!.Value == id)?.FormatCode?.Value;
    }

    [Fact]
    public void Appending_to_a_file_that_is_not_a_workbook_is_a_clear_error()
    {
        string path = PathOf("text.xlsx");
        File.WriteAllText(path, "not a zip");
        var ex = Assert.Throws<FeatureLearningException>(() => LearningCurveWorkbook.Write(path, Rows(), new LearningCurveOptions(), mode: WorkbookMode.AppendRows));
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
