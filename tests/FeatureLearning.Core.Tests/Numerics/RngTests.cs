using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

public class RngTests
{
    [Fact]
    public void Same_seed_gives_the_same_sequence_and_another_seed_a_different_one()
    {
        var a = new Rng(42); var b = new Rng(42); var c = new Rng(43);
        var xa = Enumerable.Range(0, 100).Select(_ => a.NextGaussian()).ToArray();
        var xb = Enumerable.Range(0, 100).Select(_ => b.NextGaussian()).ToArray();
        var xc = Enumerable.Range(0, 100).Select(_ => c.NextGaussian()).ToArray();
        Assert.Equal(xa, xb);
        Assert.NotEqual(xa, xc);
    }

    [Fact]
    public void Gaussian_draws_have_unit_variance_and_zero_mean()
    {
        var rng = new Rng(7);
        const int n = 400_000;
        double sum = 0, sq = 0, fourth = 0;
        for (int i = 0; i < n; i++) { double z = rng.NextGaussian(); sum += z; sq += z * z; fourth += z * z * z * z; }
        Assert.InRange(sum / n, -0.01, 0.01);             // 5 standard errors
        Assert.InRange(sq / n, 0.99, 1.01);
        Assert.InRange(fourth / n, 2.94, 3.06);            // E z^4 = 3
    }

    [Fact]
    public void Uniform_integers_cover_the_range_evenly()
    {
        var rng = new Rng(3);
        var counts = new int[10];
        for (int i = 0; i < 100_000; i++) counts[rng.NextInt(10)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Streams_of_one_seed_are_independent_of_each_other()
    {
        var s1 = Rng.ForStream(5, 1); var s2 = Rng.ForStream(5, 2);
        Assert.NotEqual(s1.NextUInt64(), s2.NextUInt64());
        Assert.Equal(Rng.ForStream(5, 1).NextUInt64(), Rng.ForStream(5, 1).NextUInt64());
    }
}
