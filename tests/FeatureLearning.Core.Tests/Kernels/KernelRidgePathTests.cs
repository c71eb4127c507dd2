using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

public class KernelRidgePathTests
{
    private static readonly IDataGenerator Xor = new GaussianMixtureGenerator(20, 4.0, MixtureKind.Xor, 5);
    private static readonly double[] Grid = { 1e-3, 0.1, 3.0, 100.0 };

    private static KernelRidgeOptions Dense => new() { Solver = KernelRidgeSolver.Dense };

    private static KernelRidgeOptions Nystrom => new() { Solver = KernelRidgeSolver.Nystrom, Centers = 80, Seed = 7 };

    public static TheoryData<KernelKind, bool> Cases => new()
    {
        { KernelKind.Rbf, false }, { KernelKind.Ntk, false }, { KernelKind.Rbf, true }, { KernelKind.Ntk, true },
    };

    private static double[] PredictionsOf(IModel model, Dataset data)
    {
        var p = new double[data.Count];
        model.Predict(data, p);
        return p;
    }

    private static void AssertClose(double[] expected, double[] actual, double relative, string what)
    {
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale, $"{what}[{i}]: {actual[i]} vs {expected[i]} (scale {scale})");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_path_model_is_the_individual_fit_with_that_ridge(KernelKind kind, bool nystrom)
    {
        var train = Xor.Sample(300, new Rng(1));
        var test = Xor.Sample(150, new Rng(2));
        var options = nystrom ? Nystrom : Dense;
        var kernel = new KernelSpec(kind);
        var path = KernelRidgePath.Fit(train, kernel, Grid, options);
        var onTest = path.Predict(test);
        Assert.Equal(Grid.Length, path.Models.Count);
        for (int k = 0; k < Grid.Length; k++)
        {
            var single = KernelRidgeLearner.Fit(train, kernel, Grid[k], options);
            Assert.Equal(single.Ridge, path.Models[k].Ridge);
            Assert.Equal(single.Kernel, path.Models[k].Kernel); // the RBF width of the median heuristic too
            Assert.Equal(single.Solver, path.Models[k].Solver);
            AssertClose(single.Alpha, path.Models[k].Alpha, 1e-10, $"alpha at ridge {Grid[k]}");
            AssertClose(PredictionsOf(single, test), onTest[k], 1e-10, $"test predictions at ridge {Grid[k]}");
            AssertClose(PredictionsOf(single, train), path.TrainingPredictions[k], 1e-10, $"training predictions at ridge {Grid[k]}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_validated_model_is_the_fit_without_a_ridge(KernelKind kind, bool nystrom)
    {
        var train = Xor.Sample(250, new Rng(3));
        var options = nystrom ? Nystrom : Dense;
        var kernel = new KernelSpec(kind);
        var path = KernelRidgePath.Fit(train, kernel, Grid, options, includeValidated: true);
        var automatic = KernelRidgeLearner.Fit(train, kernel, null, options);
        Assert.Equal(Grid.Length + 1, path.Models.Count);
        Assert.Equal(Grid.Length, path.GridCount);
        Assert.Equal(automatic.Ridge, path.ValidatedRidge);
        AssertClose(automatic.Alpha, path.Models[^1].Alpha, 1e-10, "alpha at the validated ridge");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_best_of_the_path_is_the_least_test_error_of_the_individual_fits(bool nystrom)
    {
        var train = Xor.Sample(400, new Rng(4));
        var test = Xor.Sample(300, new Rng(5));
        var spec = new KernelRidgeSpec { Solver = nystrom ? KernelRidgeSolver.Nystrom : KernelRidgeSolver.Dense, Centers = 80 };
        double[] grid = { 1e-4, 1e-2, 1.0, 10.0, 1e3, 1e5 };
        var rows = RidgePath.Run(spec, train, test, 7, grid, includeValidated: false, FitContext.None);
        var errors = grid.Select(r => Trial.Run(spec.WithRidge(r)!, train, test, 7, FitContext.None).ToRow().TestError).ToArray();
        int best = rows.ToList().FindIndex(r => r.Best);
        Assert.Equal(errors.Min(), errors[best]);
        // The grid reaches both sides of the optimum on this data, so the test can tell a best from an end of the grid.
        Assert.True(errors[^1] > errors.Min(), $"errors {string.Join(", ", errors)}");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void A_bad_ridge_is_refused(double ridge)
    {
        var train = Xor.Sample(50, new Rng(6));
        var e = Assert.Throws<FeatureLearningException>(() => KernelRidgePath.Fit(train, new KernelSpec(KernelKind.Rbf), new[] { 1.0, ridge }, Dense));
        Assert.Equal("FeatureLearning.InvalidHyperParameter", e.ErrorId);
        var e2 = Assert.Throws<FeatureLearningException>(() =>
            RidgePath.Run(new KernelRidgeSpec(), train, null, 0, new[] { ridge }, false, FitContext.None));
        Assert.Equal("FeatureLearning.InvalidHyperParameter", e2.ErrorId);
    }

    [Fact]
    public void An_empty_ridge_list_is_refused()
    {
        var train = Xor.Sample(50, new Rng(6));
        var e = Assert.Throws<FeatureLearningException>(() => KernelRidgePath.Fit(train, new KernelSpec(KernelKind.Rbf), Array.Empty<double>(), Dense));
        Assert.Equal("FeatureLearning.InvalidHyperParameter", e.ErrorId);
        var e2 = Assert.Throws<FeatureLearningException>(() =>
            RidgePath.Run(new RandomFeaturesSpec(), train, null, 0, Array.Empty<double>(), false, FitContext.None));
        Assert.Equal("FeatureLearning.InvalidHyperParameter", e2.ErrorId);
    }

    [Fact]
    public void A_learner_without_a_ridge_setting_is_refused()
    {
        var train = Xor.Sample(50, new Rng(6));
        var e = Assert.Throws<FeatureLearningException>(() => RidgePath.Run(new TwoLayerNetSpec(), train, null, 0, new[] { 1.0 }, false, FitContext.None));
        Assert.Equal("FeatureLearning.NoRidgeSetting", e.ErrorId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Path_rows_equal_the_trial_rows_of_the_spec_with_that_ridge(bool kernel)
    {
        // Kernel ridge takes the shared path, random features the refit per ridge: both must give Trial.Run's rows.
        var train = Xor.Sample(200, new Rng(8));
        var test = Xor.Sample(120, new Rng(9));
        LearnerSpec spec = kernel ? new KernelRidgeSpec { Kernel = KernelKind.Ntk } : new RandomFeaturesSpec();
        double[] grid = { 0.01, 1.0, 50.0 };
        var rows = RidgePath.Run(spec, train, test, 3, grid, includeValidated: true, FitContext.None);
        Assert.Equal(grid.Length + 1, rows.Count);
        Assert.Single(rows, r => r.Best);
        Assert.False(rows[^1].Best);
        Assert.True(rows[^1].Validated);
        for (int k = 0; k < rows.Count; k++)
        {
            var expected = Trial.Run(spec.WithRidge(k < grid.Length ? grid[k] : null)!, train, test, 3, FitContext.None).ToRow();
            var actual = rows[k].Row;
            Assert.Equal(expected.Settings, actual.Settings);
            Assert.Equal(expected.N, actual.N);
            Assert.Equal(expected.TestError, actual.TestError);
            Assert.Equal(expected.TrainError, actual.TrainError);
            Assert.Equal(expected.TestMse, actual.TestMse, 1e-10);
            Assert.Equal(expected.Diagnostic("Ridge"), rows[k].Ridge);
            Assert.Equal(expected.Diagnostics.Select(d => d.Name), actual.Diagnostics.Select(d => d.Name));
        }
        var gridRows = rows.Take(grid.Length).ToList();
        Assert.Equal(gridRows.Min(r => r.Row.TestError), rows.Single(r => r.Best).Row.TestError);
    }

    [Fact]
    public void A_fixed_ridge_learner_is_refitted_per_ridge_and_has_no_validated_row()
    {
        // The one-step network's readout ridge is a setting, not a choice: each path row is the fit with that ridge, the
        // ridge changes the fit (so the rows are not one fit repeated), and -IncludeValidated adds nothing.
        IDataGenerator task = new SingleIndexGenerator(20, LinkFunction.Tanh, 0.1, 3);
        var train = task.Sample(120, new Rng(4));
        var test = task.Sample(200, new Rng(5));
        var spec = new FeatureLearning.Core.SpikedRf.OneStepNetworkSpec { Width = 30, FirstBatch = 40, Ridge = 0.5 };
        Assert.False(spec.ChoosesRidge);
        Assert.Same(spec, spec.WithRidge(null));
        double[] grid = { 1e-3, 100.0 };
        var rows = RidgePath.Run(spec, train, test, 2, grid, includeValidated: true, FitContext.None);
        Assert.Equal(grid.Length, rows.Count);
        Assert.DoesNotContain(rows, r => r.Validated);
        for (int k = 0; k < grid.Length; k++)
        {
            var expected = Trial.Run(spec with { Ridge = grid[k] }, train, test, 2, FitContext.None).ToRow();
            Assert.Equal(expected.Settings, rows[k].Row.Settings);
            Assert.Equal(expected.TestMse, rows[k].Row.TestMse);
            Assert.Equal(grid[k], rows[k].Ridge);
        }
        Assert.NotEqual(rows[0].Row.TestMse, rows[1].Row.TestMse);
    }
}
