using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Tests;

/// <summary>The vector finiteness check, the row check built on it, and the trainers' first-epoch checks.</summary>
public class FiniteTests
{
    [Theory]
    [InlineData(0)]   // first vector
    [InlineData(13)]  // the second vector of a pair
    [InlineData(17)]  // the single vector after the pairs
    [InlineData(27)]  // the scalar tail (length 30)
    public void Every_non_finite_value_is_found_wherever_it_is(int position)
    {
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var values = Enumerable.Range(0, 30).Select(i => (i - 15) * 1e300).ToArray(); // huge but finite
            Assert.True(Finite.All(values));
            values[position] = bad;
            Assert.False(Finite.All(values));
        }
    }

    [Fact]
    public void Finite_extremes_and_an_empty_span_pass()
    {
        Assert.True(Finite.All(new[] { double.MaxValue, -double.MaxValue, double.Epsilon, -0.0, 0.0, 1e-310 }));
        Assert.True(Finite.All(ReadOnlySpan<double>.Empty));
    }

    [Fact]
    public void A_row_check_names_the_sample_and_feature_or_the_label()
    {
        var data = new Dataset(new double[] { 1, 2, 3, 4, 5, double.PositiveInfinity }, new[] { 1.0, double.NaN, -1.0 }, 2, null);
        data.EnsureRowFinite(0);
        var label = Assert.Throws<FeatureLearningException>(() => data.EnsureRowFinite(1));
        Assert.Equal("FeatureLearning.NonFiniteData", label.ErrorId);
        Assert.Contains("Label 1", label.Message);
        var feature = Assert.Throws<FeatureLearningException>(() => data.EnsureRowFinite(2));
        Assert.Contains("Sample 2, feature 1", feature.Message);
        // The whole-data check names the first bad feature before any label, as before.
        Assert.Contains("Sample 2, feature 1", Assert.Throws<FeatureLearningException>(data.EnsureFinite).Message);
    }

    [Theory]
    [InlineData(TrainingAlgorithm.Sgd)]
    [InlineData(TrainingAlgorithm.MiniBatch)]
    public void Training_on_a_row_with_a_non_finite_value_is_refused_and_names_it(TrainingAlgorithm algorithm)
    {
        // The row is checked when the first epoch draws it: wherever the shuffle puts it, the fit must fail on it.
        int n = 50, d = 4;
        var rng = new Random.Rng(2);
        var x = new double[n * d]; rng.FillGaussian(x);
        var y = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        x[37 * d + 2] = double.NaN;
        var options = new TwoLayerNetOptions { Hidden = 3, Algorithm = algorithm, BatchSize = 8, Epochs = 3, MonitorSamples = 0, HistoryPoints = 2 };
        var e = Assert.Throws<FeatureLearningException>(() => TwoLayerNetTrainer.Fit(new Dataset(x, y, d, null), options));
        Assert.Equal("FeatureLearning.NonFiniteData", e.ErrorId);
        Assert.Contains("Sample 37, feature 2", e.Message);
        x[37 * d + 2] = 0;
        y[11] = double.PositiveInfinity;
        e = Assert.Throws<FeatureLearningException>(() => TwoLayerNetTrainer.Fit(new Dataset(x, y, d, null), options));
        Assert.Contains("Label 11", e.Message);
    }
}
