using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

public class GaussianMixtureGeneratorTests
{
    [Fact]
    public void Directions_are_orthonormal_and_not_coordinate_axes()
    {
        var g = new GaussianMixtureGenerator(200, 4, MixtureKind.Xor, 1);
        Assert.Equal(1.0, DenseMath.Dot(g.E1, g.E1), 12);
        Assert.Equal(1.0, DenseMath.Dot(g.E2, g.E2), 12);
        Assert.Equal(0.0, DenseMath.Dot(g.E1, g.E2), 12);
        Assert.True(g.E1.Max(Math.Abs) < 0.5);
    }

    [Fact]
    public void Cluster_means_and_noise_have_the_spec_values()
    {
        var gen = new GaussianMixtureGenerator(50, 4, MixtureKind.Xor, 2);
        IDataGenerator g = gen;
        var data = g.Sample(40_000, new Rng(3));
        double m = Math.Sqrt(4);
        // Given the label, x·e has mean 0 on the label's axis in absolute-value-free form, and E|x·e1| = E|N(m,1)| for label +1.
        double sumAbsU = 0, sumNorm = 0; int plus = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            sumNorm += DenseMath.Dot(x, x) / 50;
            if (data.Y[i] > 0) { plus++; sumAbsU += Math.Abs(DenseMath.Dot(x, gen.E1)); }
        }
        double expectedAbs = m * (1 - 2 * StandardNormal.Cdf(-m)) + 2 * StandardNormal.Pdf(m); // E|N(m,1)|
        Assert.InRange(sumAbsU / plus, expectedAbs - 0.03, expectedAbs + 0.03);
        Assert.InRange(sumNorm / data.Count, 1 + 4.0 / 50 - 0.01, 1 + 4.0 / 50 + 0.01);   // ‖x‖²/d = 1 + snr/d
        Assert.InRange(plus / (double)data.Count, 0.49, 0.51);
    }

    [Fact]
    public void Same_seed_same_samples()
    {
        IDataGenerator g1 = new GaussianMixtureGenerator(20, 2, MixtureKind.TwoCluster, 5);
        IDataGenerator g2 = new GaussianMixtureGenerator(20, 2, MixtureKind.TwoCluster, 5);
        Assert.Equal(g1.Sample(30, new Rng(1)).X, g2.Sample(30, new Rng(1)).X);
    }

    [Fact]
    public void Invalid_parameters_are_rejected_with_stable_ids()
    {
        Assert.Equal("FeatureLearning.InvalidDimension",
            Assert.Throws<FeatureLearningException>(() => new GaussianMixtureGenerator(1, 1, MixtureKind.Xor, 0)).ErrorId);
        Assert.Equal("FeatureLearning.InvalidSnr",
            Assert.Throws<FeatureLearningException>(() => new GaussianMixtureGenerator(5, double.NaN, MixtureKind.Xor, 0)).ErrorId);
        var bad = new double[] { 1, double.NaN };
        Assert.Equal("FeatureLearning.NonFiniteData",
            Assert.Throws<FeatureLearningException>(() => new Dataset(bad, new double[] { 1 }, 2, null).EnsureFinite()).ErrorId);
    }
}
