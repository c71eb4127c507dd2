using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
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

    // The best linear rule predicts +1 when Σ_A x_i is large; on the uniform half that is near chance or worse (how
    // often sign(Σ_A x) agrees with the parity: the next test).
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

    /// <summary>
    /// Under D_A the population ridge fit on raw bits is Σ_{i∈A} x_i/(k + 1) (docs/sparse-parity.md), so on uniform inputs
    /// it predicts sign(Σ_A x_i). Expected accuracy, by enumerating the 2^k sign patterns of x_A (no model involved):
    /// how often sign(Σ_A x_i) equals Π_A x_i, which is the closed form ½[1 + (−1)^((k−1)/2) C(k−1, (k−1)/2)/2^(k−1)] the
    /// docs quote, 1/4 for k = 3 and 11/16 for k = 5. The ridge is fitted on D_A itself rather than a sample of it: every
    /// x of the uniform half once and every x of the structured half 2^k times (the two halves weigh 1/2 each), so no
    /// sampling noise can flip a sign; scored on all 2^n inputs (the uniform half exactly) it must reach that rate. (Even
    /// k is left out: there the population fit is exactly 0 where Σ_A x_i = 0, and a sample's O(1/√N) weights decide.)
    /// </summary>
    [Theory]
    [InlineData(3, 0.25)]
    [InlineData(5, 0.6875)]
    public void Ridge_on_raw_bits_agrees_with_the_parity_on_uniform_inputs_as_often_as_the_sign_of_the_sum_over_A(int k, double quoted)
    {
        {
            int agree = 0;
            for (int m = 0; m < 1 << k; m++)
            {
                int sum = 0, parity = 1;
                for (int i = 0; i < k; i++) { int s = (m >> i & 1) == 1 ? -1 : 1; sum += s; parity *= s; }
                if (Math.Sign(sum) == parity) agree++;
            }
            Assert.Equal(quoted, (double)agree / (1 << k));
            int h = (k - 1) / 2;
            double binomial = 1;
            for (int i = 1; i <= h; i++) binomial = binomial * (k - 1 - h + i) / i;
            Assert.Equal(quoted, 0.5 * (1 + (h % 2 == 0 ? 1 : -1) * binomial / Math.Pow(2, k - 1)), 15);
        }
        int n = 7;
        var subset = new[] { 1, 2, 4, 5, 6 }[..k];
        double Parity(double[] x, int row) => subset.Aggregate(1.0, (p, i) => p * x[row * n + i]);
        // Every x in {−1, +1}^n once: the uniform half, and the test set.
        var cube = new double[(1 << n) * n];
        for (int m = 0; m < 1 << n; m++)
            for (int i = 0; i < n; i++) cube[m * n + i] = (m >> i & 1) == 1 ? -1 : 1;
        var x = new List<double>(cube); // uniform half
        foreach (int m in Enumerable.Range(0, 1 << n))
            if (subset.All(i => cube[m * n + i] == 1)) // structured half: x_A = +1, 2^(n−k) points, each 2^k times
                for (int copy = 0; copy < 1 << k; copy++) x.AddRange(cube.AsSpan(m * n, n).ToArray());
        var xTrain = x.ToArray();
        var yTrain = Enumerable.Range(0, xTrain.Length / n).Select(r => Parity(xTrain, r)).ToArray();
        var train = new Dataset(xTrain, yTrain, n, null, taskType: TaskType.Classification);
        var model = KernelRidgeLearner.Fit(train, new KernelSpec(KernelKind.Linear), 1e-3);
        var all = new Dataset(cube, Enumerable.Range(0, 1 << n).Select(r => Parity(cube, r)).ToArray(), n, null, taskType: TaskType.Classification);
        Assert.Equal(quoted, 1 - Metrics.Evaluate(model, all).Error);
    }
}
