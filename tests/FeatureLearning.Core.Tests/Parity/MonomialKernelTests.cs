using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Parity;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests.Parity;

public class MonomialKernelTests
{
    private static IEnumerable<int[]> Subsets(int n, int k, int start = 0)
    {
        if (k == 0) { yield return Array.Empty<int>(); yield break; }
        for (int i = start; i <= n - k; i++)
            foreach (var rest in Subsets(n, k - 1, i + 1))
                yield return rest.Prepend(i).ToArray();
    }

    [Theory]
    [InlineData(7, 1)]
    [InlineData(7, 3)]
    [InlineData(6, 6)]
    public void Monomial_kernel_equals_the_inner_product_of_the_explicit_monomial_features(int d, int degree)
    {
        var rng = new Rng(3);
        var x = new double[d]; var z = new double[d];
        rng.FillGaussian(x); rng.FillGaussian(z);
        double explicitSum = 0;
        foreach (var s in Subsets(d, degree))
        {
            double fx = 1, fz = 1;
            foreach (int i in s) { fx *= x[i]; fz *= z[i]; }
            explicitSum += fx * fz;
        }
        Assert.Equal(explicitSum, MonomialKernel.Value(x, z, degree), 10);
        // And through the kernel-matrix path used by kernel ridge.
        var output = new double[1];
        new KernelSpec(KernelKind.Monomial, Degree: degree).Matrix(x, new double[1], 1, z, new double[1], 1, d, output);
        Assert.Equal(explicitSum, output[0], 10);
    }

    [Fact]
    public void Monomial_kernel_ridge_learns_a_noiseless_parity_exactly()
    {
        // C(10, 3) = 120 features < 600 samples: the parity is one feature, so least squares recovers it.
        IDataGenerator g = new SparseParityGenerator(10, 3, ParityDistribution.Mixture, 0, seed: 4);
        var train = g.Sample(600, new Rng(1));
        var model = KernelRidgeLearner.Fit(train, new KernelSpec(KernelKind.Monomial, Degree: 3), 1e-8);
        var accuracy = ParityAccuracy.Measure(model, (SparseParityGenerator)g, 2000, 7);
        Assert.Equal(1.0, accuracy.Overall);
        Assert.Equal(1.0, accuracy.Uniform);
        Assert.Equal(1.0, accuracy.Structured);
    }

    // The best linear rule predicts +1 when Σ_A x_i is large; on the uniform half that is no better than chance
    // (for odd k it is worse: sign(Σ_A x) agrees with the parity only when |Σ_A x| = k, accuracy 1/4 for k = 3).
    [Fact]
    public void Ridge_on_raw_bits_fits_the_structured_half_but_not_the_uniform_half()
    {
        IDataGenerator g = new SparseParityGenerator(20, 3, ParityDistribution.Mixture, 0, seed: 4);
        var train = g.Sample(1000, new Rng(1));
        var model = KernelRidgeLearner.Fit(train, new KernelSpec(KernelKind.Linear), 1.0);
        var accuracy = ParityAccuracy.Measure(model, (SparseParityGenerator)g, 4000, 7);
        Assert.True(accuracy.Structured > 0.9, $"structured {accuracy.Structured}");
        Assert.True(accuracy.Uniform < 0.6, $"uniform {accuracy.Uniform}");
        Assert.True(accuracy.Overall < 0.8, $"overall {accuracy.Overall}");
    }
}
