using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

/// <summary>The fused per-sample kernels of the two-layer net against plain loops, for K and d with remainders.</summary>
public class HiddenUnitKernelsTests
{
    [Theory]
    [InlineData(8, 500)]
    [InlineData(7, 13)]   // one group of four, three single units; vector tails
    [InlineData(1, 3)]    // shorter than a vector
    public void Dots_and_updates_match_plain_loops(int hidden, int d)
    {
        var rng = new Rng(hidden * 1000 + d);
        var w = new double[hidden * d]; var x = new double[d]; var c = new double[hidden];
        rng.FillGaussian(w); rng.FillGaussian(x); rng.FillGaussian(c);
        if (hidden > 2) c[1] = 0; // an inactive unit is left alone
        var dots = new double[hidden];
        HiddenUnitKernels.Dots(w, hidden, d, x, dots);
        var expected = (double[])w.Clone();
        for (int k = 0; k < hidden; k++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += w[k * d + j] * x[j];
            Assert.Equal(s, dots[k], 1e-12 * Math.Max(1, Math.Abs(s)) * d);
            for (int j = 0; j < d; j++) expected[k * d + j] += c[k] * x[j];
        }
        HiddenUnitKernels.AddScaled(w, hidden, d, c, x);
        for (int i = 0; i < w.Length; i++) Assert.Equal(expected[i], w[i], 1e-14 * Math.Max(1, Math.Abs(expected[i])));
    }

    [Theory]
    [InlineData(8, 500, "11111111")]  // every unit in a group of four
    [InlineData(8, 500, "10110110")]  // five active: the last goes through TensorPrimitives in AddScaled
    [InlineData(8, 500, "01000100")]  // two active: both late
    [InlineData(8, 500, "00000000")]
    [InlineData(7, 13, "1101011")]    // units past the last group of four, grouped and late; vector tails
    [InlineData(6, 500, "110110")]    // one unit left to dot, in a four padded with itself
    [InlineData(9, 3, "111111111")]   // shorter than a vector
    public void Fused_update_and_next_dots_give_the_bits_of_the_two_calls(int hidden, int d, string activity)
    {
        var rng = new Rng(hidden * 100 + d);
        var w = new double[hidden * d]; var x = new double[d]; var next = new double[d]; var c = new double[hidden];
        rng.FillGaussian(w); rng.FillGaussian(x); rng.FillGaussian(next); rng.FillGaussian(c);
        for (int k = 0; k < hidden; k++) if (activity[k] == '0') c[k] = 0;
        var expectedW = (double[])w.Clone(); var expectedDots = new double[hidden];
        HiddenUnitKernels.AddScaled(expectedW, hidden, d, c, x);
        HiddenUnitKernels.Dots(expectedW, hidden, d, next, expectedDots);
        var dots = new double[hidden];
        HiddenUnitKernels.AddScaledThenDots(w, hidden, d, c, x, next, dots);
        for (int i = 0; i < w.Length; i++) Assert.Equal(expectedW[i], w[i]);
        for (int k = 0; k < hidden; k++) Assert.Equal(expectedDots[k], dots[k]);
    }

    [Theory]
    [InlineData(8, 500, 64)]
    [InlineData(7, 13, 5)]    // odd batch (one sample left over), units left over, vector tails
    [InlineData(1, 3, 1)]
    [InlineData(6, 21, 0)]    // an empty batch leaves a zero gradient
    public void Batch_kernels_match_plain_loops_and_the_per_sample_kernels(int hidden, int d, int batch)
    {
        var rng = new Rng(hidden * 1000 + d + batch);
        int n = batch + 7;
        var w = new double[hidden * d]; var x = new double[n * d]; var c = new double[Math.Max(1, batch) * hidden];
        rng.FillGaussian(w); rng.FillGaussian(x); rng.FillGaussian(c);
        if (hidden > 2 && batch > 1) c[1] = 0; // inactive unit of one sample
        var rows = Enumerable.Range(0, batch).Select(s => (s * 5 + 3) % n).ToArray(); // scattered rows, as a shuffled batch
        var dots = new double[Math.Max(1, batch) * hidden];
        HiddenUnitKernels.BatchDots(w, hidden, d, x, rows, dots);
        var single = new double[hidden];
        for (int s = 0; s < batch; s++)
        {
            HiddenUnitKernels.Dots(w, hidden, d, x.AsSpan(rows[s] * d, d), single);
            for (int k = 0; k < hidden; k++) Assert.Equal(single[k], dots[s * hidden + k]); // same bits as one by one
        }
        var gradient = new double[hidden * d];
        Array.Fill(gradient, double.NaN); // overwritten
        HiddenUnitKernels.BatchGradient(hidden, d, x, rows, c, gradient);
        for (int k = 0; k < hidden; k++)
            for (int j = 0; j < d; j++)
            {
                double g = 0;
                for (int s = 0; s < batch; s++) g += c[s * hidden + k] * x[rows[s] * d + j];
                Assert.Equal(g, gradient[k * d + j], 1e-13 * Math.Max(1, batch));
            }
    }
}
