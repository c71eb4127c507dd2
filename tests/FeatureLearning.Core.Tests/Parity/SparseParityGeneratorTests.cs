using FeatureLearning.Core.Data;
using FeatureLearning.Core.Parity;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests.Parity;

public class SparseParityGeneratorTests
{
    private static (double[] mean, double[] corr) Moments(SparseParityGenerator gen, int count, long seed)
    {
        IDataGenerator g = gen;
        var data = g.Sample(count, new Rng(seed));
        int n = gen.Dimension;
        var mean = new double[n];
        var corr = new double[n];
        for (int r = 0; r < data.Count; r++)
            for (int i = 0; i < n; i++)
            {
                mean[i] += data.X[r * n + i] / count;
                corr[i] += data.Y[r] * data.X[r * n + i] / count;
            }
        return (mean, corr);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Mixture_has_bit_means_and_label_correlations_one_half_on_A_and_zero_off_A(int k)
    {
        var gen = new SparseParityGenerator(12, k, ParityDistribution.Mixture, 0, seed: 5);
        var (mean, corr) = Moments(gen, 40_000, 1);
        // Standard error of each mean ≤ 1/√40000 = 0.005: a tolerance of 0.025 is five standard errors.
        for (int i = 0; i < 12; i++)
        {
            double expected = gen.InSubset(i) ? 0.5 : 0.0;
            Assert.Equal(expected, mean[i], 0.025);
            Assert.Equal(expected, corr[i], 0.025);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Uniform_inputs_have_no_bit_correlated_with_the_label(int k)
    {
        var gen = new SparseParityGenerator(10, k, ParityDistribution.Uniform, 0, seed: 2);
        var (mean, corr) = Moments(gen, 40_000, 3);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(0.0, mean[i], 0.025);
            Assert.Equal(0.0, corr[i], 0.025);
        }
    }

    [Fact]
    public void Parity_of_a_hand_made_example()
    {
        var gen = new SparseParityGenerator(6, 3, ParityDistribution.Uniform, 0, seed: 0, subset: new[] { 4, 1, 3 });
        Assert.Equal(new[] { 1, 3, 4 }, gen.Subset);
        // x_1 x_3 x_4 = (−1)(−1)(+1) = +1 and (−1)(+1)(+1) = −1; the other bits do not matter.
        Assert.Equal(1.0, gen.Parity(new double[] { 1, -1, 1, -1, 1, 1 }));
        Assert.Equal(-1.0, gen.Parity(new double[] { -1, -1, -1, 1, 1, -1 }));
    }

    [Fact]
    public void Noiseless_labels_are_the_parity_and_noise_flips_the_requested_fraction()
    {
        foreach (double noise in new[] { 0.0, 0.2 })
        {
            var gen = new SparseParityGenerator(15, 3, ParityDistribution.Mixture, noise, seed: 9);
            IDataGenerator g = gen;
            var data = g.Sample(20_000, new Rng(4));
            int flipped = 0;
            for (int r = 0; r < data.Count; r++)
            {
                Assert.True(data.Row(r).ToArray().All(v => v == 1 || v == -1));
                if (data.Y[r] != gen.Parity(data.Row(r))) flipped++;
            }
            Assert.Equal(noise, (double)flipped / data.Count, 0.01);
        }
    }

    [Fact]
    public void The_structured_half_sets_every_bit_of_A_to_plus_one()
    {
        var gen = new SparseParityGenerator(8, 3, ParityDistribution.Structured, 0, seed: 3);
        IDataGenerator g = gen;
        var data = g.Sample(500, new Rng(1));
        for (int r = 0; r < data.Count; r++)
        {
            foreach (int i in gen.Subset) Assert.Equal(1.0, data.X[r * 8 + i]);
            Assert.Equal(1.0, data.Y[r]);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_subset_and_samples()
    {
        IDataGenerator a = new SparseParityGenerator(30, 4, ParityDistribution.Mixture, 0.1, seed: 11);
        IDataGenerator b = new SparseParityGenerator(30, 4, ParityDistribution.Mixture, 0.1, seed: 11);
        Assert.Equal(((SparseParityGenerator)a).Subset, ((SparseParityGenerator)b).Subset);
        Assert.Equal(4, ((SparseParityGenerator)a).Subset.Distinct().Count());
        var da = a.Sample(100, new Rng(2));
        var db = b.Sample(100, new Rng(2));
        Assert.Equal(da.X, db.X);
        Assert.Equal(da.Y, db.Y);
        var other = new SparseParityGenerator(30, 4, ParityDistribution.Mixture, 0.1, seed: 12);
        Assert.NotEqual(((SparseParityGenerator)a).Subset, other.Subset);
    }

    [Fact]
    public void Bad_parameters_give_stable_error_ids()
    {
        Assert.Equal("FeatureLearning.InvalidSubsetSize",
            Assert.Throws<FeatureLearningException>(() => new SparseParityGenerator(5, 6, ParityDistribution.Uniform, 0, 0)).ErrorId);
        Assert.Equal("FeatureLearning.InvalidSubset",
            Assert.Throws<FeatureLearningException>(() => new SparseParityGenerator(5, 0, ParityDistribution.Uniform, 0, 0, new[] { 1, 1 })).ErrorId);
        Assert.Equal("FeatureLearning.InvalidNoise",
            Assert.Throws<FeatureLearningException>(() => new SparseParityGenerator(5, 2, ParityDistribution.Uniform, 0.7, 0)).ErrorId);
    }
}
