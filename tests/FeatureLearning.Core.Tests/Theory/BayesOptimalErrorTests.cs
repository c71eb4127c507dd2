using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory;

namespace FeatureLearning.Core.Tests;

public class BayesOptimalErrorTests
{
    // Reference values of the spec (numerical integral, ../shared/science/gmm-xor.md), independent of our code.
    [Theory]
    [InlineData(0.5, 0.4267)]
    [InlineData(1.0, 0.3645)]
    [InlineData(2.0, 0.2670)]
    [InlineData(3.0, 0.1963)]
    [InlineData(4.0, 0.1449)]
    [InlineData(6.0, 0.0798)]
    [InlineData(100.0, 0.0000)]   // sigma = 0.1 in the paper's units (detail table I.6a)
    public void Xor_matches_the_reference_table(double snr, double expected)
    {
        Assert.Equal(expected, BayesOptimalError.ForMixture(MixtureKind.Xor, snr), 4);
    }

    [Fact]
    public void Xor_at_zero_signal_is_chance() =>
        Assert.Equal(0.5, BayesOptimalError.ForMixture(MixtureKind.Xor, 0.0), 8);

    [Fact]
    public void Two_cluster_error_is_Phi_of_minus_m() =>
        Assert.Equal(0.15865525393145707, BayesOptimalError.ForMixture(MixtureKind.TwoCluster, 1.0), 10);

    [Fact]
    public void Monte_Carlo_of_the_Bayes_rule_on_generated_data_agrees()
    {
        // 10^6 samples in d = 3 (the error does not depend on d): the rule |x·e1| > |x·e2| predicts +1.
        var generator = new GaussianMixtureGenerator(3, 4.0, MixtureKind.Xor, 11);
        IDataGenerator g = generator;
        var data = g.Sample(1_000_000, new Rng(12));
        int mistakes = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i);
            double u = DenseMath.Dot(x, generator.E1), v = DenseMath.Dot(x, generator.E2);
            double prediction = Math.Abs(u) > Math.Abs(v) ? 1 : -1;
            if (prediction != data.Y[i]) mistakes++;
        }
        Assert.InRange(mistakes / 1e6, generator.BayesError - 0.002, generator.BayesError + 0.002);
    }
}
