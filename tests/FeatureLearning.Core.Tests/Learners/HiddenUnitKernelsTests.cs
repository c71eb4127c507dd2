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
}
