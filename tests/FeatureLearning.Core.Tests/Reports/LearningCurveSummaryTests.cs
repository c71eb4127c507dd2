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
