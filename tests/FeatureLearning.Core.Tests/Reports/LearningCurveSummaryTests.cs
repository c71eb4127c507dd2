using FeatureLearning.Core;
using FeatureLearning.Reports;

namespace FeatureLearning.Core.Tests.Reports;

public class LearningCurveSummaryTests
{
    private static readonly string[] Columns = { "Learner", "Alpha", "Seed", "TestError" };

    private static ReportTable Table(params object?[][] rows) => new(Columns, rows);

    [Fact]
    public void Summary_matches_hand_computation()
    {
        var table = Table(
            new object?[] { "Net", 2.0, 0, 1.0 },
            new object?[] { "Net", 1.0, 0, 0.5 },
            new object?[] { "Net", 2.0, 1, 2.0 },
            new object?[] { "RF", 1.0, 0, 0.25 },
            new object?[] { "Net", 2.0, 2, 4.0 });
        var summary = LearningCurveSummary.Compute(table, new LearningCurveOptions());

        Assert.Equal(new[] { "Net", "RF" }, summary.Curves.Select(c => c.Name));   // order of first appearance
        var net = summary.Curves[0].Points;
        Assert.Equal(new[] { 1.0, 2.0 }, net.Select(p => p.X));                    // increasing X
        // By hand: ys 1, 2, 4 → mean 7/3, deviations −4/3, −1/3, 5/3, squares sum 42/9, /(n−1) = 7/3.
        Assert.Equal(7.0 / 3.0, net[1].Mean, 14);
        Assert.Equal(Math.Sqrt(7.0 / 3.0), net[1].StandardDeviation, 14);
        Assert.Equal(3, net[1].Count);
        Assert.Equal(0.5, net[0].Mean);
        Assert.True(double.IsNaN(net[0].StandardDeviation));                       // one seed: no sample deviation
        Assert.Equal(1, summary.Curves[1].Points.Single().Count);
    }

    [Fact]
    public void Summary_skips_non_finite_rows_and_reads_numeric_text()
    {
        var table = Table(
            new object?[] { "Net", "1.5", 0, "0.25" },     // Import-Csv rows are text
            new object?[] { "Net", 1.5, 1, 0.75 },
            new object?[] { "Net", 1.5, 2, double.NaN },
            new object?[] { "Net", null, 3, 0.1 });
        var summary = LearningCurveSummary.Compute(table, new LearningCurveOptions());
        var point = summary.Curves.Single().Points.Single();
        Assert.Equal(0.5, point.Mean);
        Assert.Equal(2, point.Count);
        Assert.Equal(2, summary.SkippedRows);
    }

    [Fact]
    public void Missing_series_column_gives_one_curve_named_after_Y()
    {
        var table = new ReportTable(new[] { "Alpha", "TestError" }, new[] { new object?[] { 1, 0.5 }, new object?[] { 1, 0.3 } });
        var summary = LearningCurveSummary.Compute(table, new LearningCurveOptions { Series = "Learner" });
        Assert.Equal("TestError", summary.Curves.Single().Name);
        Assert.Equal(0.4, summary.Curves.Single().Points.Single().Mean, 15);
    }

    [Fact]
    public void Missing_column_error_lists_the_columns_that_exist()
    {
        var ex = Assert.Throws<FeatureLearningException>(() =>
            LearningCurveSummary.Compute(Table(new object?[] { "Net", 1, 0, 0.5 }), new LearningCurveOptions { X = "T" }));
        Assert.Equal("FeatureLearning.MissingColumn", ex.ErrorId);
        Assert.Contains("Learner, Alpha, Seed, TestError", ex.Message);
    }

    [Fact]
    public void Empty_input_and_text_X_are_rejected()
    {
        Assert.Equal("FeatureLearning.EmptyInput",
            Assert.Throws<FeatureLearningException>(() => LearningCurveSummary.Compute(Table(), new LearningCurveOptions())).ErrorId);
        Assert.Equal("FeatureLearning.NonNumericColumn",
            Assert.Throws<FeatureLearningException>(() => LearningCurveSummary.Compute(Table(new object?[] { "Net", 1, 0, 0.5 }),
                new LearningCurveOptions { X = "Learner" })).ErrorId);
    }
}

public class LearningCurveGroupingTests
{
    private static readonly string[] Columns = { "Learner", "Task", "D", "Alpha", "Seed", "TestError" };

    /// <summary>Two learners × two tasks × seeds 0, 1 at alpha 1; TestError = 0.1·learner + 0.01·task + 0.001·seed.</summary>
    private static ReportTable Rows()
    {
        var rows = new List<object?[]>();
        foreach (var (learner, l) in new[] { ("Net", 1), ("RF", 2) })
            foreach (var (task, t) in new[] { ("Xor", 1), ("Two", 2) })
                foreach (int seed in new[] { 0, 1 })
                    rows.Add(new object?[] { learner, task, 10, 1.0, seed, 0.1 * l + 0.01 * t + 0.001 * seed });
        return new ReportTable(Columns, rows);
    }

    [Fact]
    public void Series_Task_does_not_blend_learners_because_every_text_column_groups()
    {
        var summary = LearningCurveSummary.Compute(Rows(), new LearningCurveOptions { Series = "Task" });
        Assert.Equal(new[] { "Task", "Learner" }, summary.GroupColumns);
        Assert.Equal(new[] { "Xor, Net", "Two, Net", "Xor, RF", "Two, RF" }, summary.Curves.Select(c => c.Name));
        Assert.Null(summary.NameColumn);   // two columns name the curves
        // RF on Two: seeds give 0.2 + 0.02 + 0 and + 0.001.
        var rfTwo = summary.Curves[3].Points.Single();
        Assert.Equal(0.2205, rfTwo.Mean, 12);
        Assert.Equal(2, rfTwo.Count);
        Assert.Equal(new object?[] { "Two", "RF" }, summary.Curves[3].Keys);
    }

    [Fact]
    public void Default_names_use_the_Series_column_alone_when_it_tells_the_curves_apart()
    {
        var rows = Rows().Rows.Where(r => (string)r[1]! == "Xor").ToList();
        var summary = LearningCurveSummary.Compute(new ReportTable(Columns, rows), new LearningCurveOptions());
        Assert.Equal(new[] { "Learner", "Task" }, summary.GroupColumns);
        Assert.Equal(new[] { "Net", "RF" }, summary.Curves.Select(c => c.Name));
        Assert.Equal(0, summary.NameColumn);
    }

    [Fact]
    public void GroupBy_names_the_grouping_columns_numeric_ones_included_and_refuses_X()
    {
        var summary = LearningCurveSummary.Compute(Rows(), new LearningCurveOptions { Series = null, GroupBy = new[] { "Learner", "D" } });
        Assert.Equal(new[] { "Learner", "D" }, summary.GroupColumns);
        Assert.Equal(new[] { "Net", "RF" }, summary.Curves.Select(c => c.Name));
        Assert.Equal(4, summary.Curves[0].Points.Single().Count);   // both tasks averaged, as asked
        Assert.Equal(10.0, summary.Curves[0].Keys[1]);

        var none = LearningCurveSummary.Compute(Rows(), new LearningCurveOptions { Series = null, GroupBy = Array.Empty<string>() });
        Assert.Equal("TestError", none.Curves.Single().Name);
        Assert.Equal(8, none.Curves.Single().Points.Single().Count);

        Assert.Equal("FeatureLearning.InvalidGroupBy", Assert.Throws<FeatureLearningException>(() =>
            LearningCurveSummary.Compute(Rows(), new LearningCurveOptions { GroupBy = new[] { "Alpha" } })).ErrorId);
        Assert.Equal("FeatureLearning.MissingColumn", Assert.Throws<FeatureLearningException>(() =>
            LearningCurveSummary.Compute(Rows(), new LearningCurveOptions { GroupBy = new[] { "Nope" } })).ErrorId);
    }

    [Fact]
    public void Text_keys_group_case_insensitively_as_Excel_criteria_match()
    {
        var table = new ReportTable(new[] { "Learner", "Alpha", "TestError" },
            new[] { new object?[] { "Net", 1, 0.2 }, new object?[] { "NET", 1, 0.4 }, new object?[] { "", 1, 0.5 }, new object?[] { null, 1, 0.7 } });
        var summary = LearningCurveSummary.Compute(table, new LearningCurveOptions());
        Assert.Equal(new[] { "Net", "(blank)" }, summary.Curves.Select(c => c.Name));
        Assert.Equal(0.3, summary.Curves[0].Points.Single().Mean, 15);
        Assert.Equal(0.6, summary.Curves[1].Points.Single().Mean, 15);
        Assert.Null(summary.Curves[1].Keys[0]);
    }

    [Fact]
    public void A_text_column_that_differs_in_every_row_is_warned_about()
    {
        var table = new ReportTable(new[] { "Alpha", "TestError", "Note" },
            Enumerable.Range(1, 4).Select(i => new object?[] { 1.0, 0.1 * i, $"run {i}" }).ToList());
        var summary = LearningCurveSummary.Compute(table, new LearningCurveOptions());
        Assert.Equal(4, summary.Curves.Count);
        Assert.Contains(summary.Warnings, w => w.Contains("'Note' differs in every row") && w.Contains("-GroupBy"));
        Assert.Empty(LearningCurveSummary.Compute(table, new LearningCurveOptions { GroupBy = Array.Empty<string>() }).Warnings);
    }
}

public class ColumnFormatTests
{
    [Fact]
    public void One_tiny_value_gets_scientific_format_alone_and_the_column_keeps_four_significant_digits()
    {
        var format = ColumnFormat.Choose(new[] { 0.1404, 0.2213, 0.35, 1e-6, 0.0 }, Array.Empty<DateTime>());
        Assert.Equal("0.0000", format.Code);
        Assert.Equal("0.0000", format.CodeFor(0.1404));
        Assert.Equal("0.0000", format.CodeFor(0));
        Assert.Equal(ColumnFormat.Scientific, format.CodeFor(1e-6));
        Assert.Equal(ColumnFormat.Scientific, format.CodeFor(3e8));
    }

    [Theory]
    [InlineData(new[] { 1.0, 2.0, 30.0 }, "0")]
    [InlineData(new[] { 12.25, 13.5, 15.75 }, "0.00")]              // median 13.5: 4 significant digits
    [InlineData(new[] { 0.0123, 0.0456, 0.0789 }, "0.00000")]
    [InlineData(new[] { 1234.5, 2000.25 }, "0")]
    [InlineData(new[] { 1e-5, 2e-5, 0.5 }, ColumnFormat.Scientific)] // most values tiny: the whole column
    [InlineData(new[] { 1e-9, 0.5, 0.25 }, "0.0000")]
    public void Column_format_follows_the_typical_value(double[] values, string expected) =>
        Assert.Equal(expected, ColumnFormat.Choose(values, Array.Empty<DateTime>()).Code);

    [Fact]
    public void Dates_show_a_time_only_when_some_value_has_one()
    {
        Assert.Equal(ColumnFormat.Date, ColumnFormat.Choose(Array.Empty<double>(), new[] { new DateTime(2024, 5, 1) }).DateCode);
        Assert.Equal(ColumnFormat.DateTime, ColumnFormat.Choose(Array.Empty<double>(), new[] { new DateTime(2024, 5, 1, 13, 5, 0) }).DateCode);
    }

    [Theory]
    [InlineData("0.1404", 0.1404)]
    [InlineData("1e-05", 1e-5)]
    [InlineData("-3", -3.0)]
    [InlineData("0", 0.0)]
    [InlineData("0.5", 0.5)]
    public void Numeric_text_is_read_in_the_invariant_culture(string text, double expected)
    {
        Assert.True(CellValue.TryNumberFromText(text, out double number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("007")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("")]
    public void Codes_and_other_text_stay_text(string text) => Assert.False(CellValue.TryNumberFromText(text, out _));
}
