using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

/// <summary>
/// The AVX-512 product kernel of the kernel step against plain loops, on shapes with a remainder in every blocking:
/// rows not a multiple of 8, columns not a multiple of 16 (nor of the 256-wide tiles), a depth over its 256-deep blocks.
/// On a CPU without AVX-512 the tiled products fall back to the other kernels, which the same checks cover.
/// </summary>
public class PackedProductKernelTests
{
    private static double[] Gaussian(int count, long seed)
    {
        var a = new double[count];
        new Rng(seed).FillGaussian(a);
        return a;
    }

    private static double Naive(double[] a, int i, double[] b, int j, int k)
    {
        double s = 0;
        for (int t = 0; t < k; t++) s += a[i * k + t] * b[j * k + t];
        return s;
    }

    [Theory]
    [InlineData(301, 275, 37)]  // one-row edges, a 3-wide last panel, depth in one block
    [InlineData(267, 290, 600)] // depth in three blocks: a later block resumes each chain from the stored sum
    [InlineData(5, 7, 3)]       // smaller than one register block
    public void Products_match_plain_loops_with_every_kind_of_edge(int m, int n, int k)
    {
        var a = Gaussian(m * k, 1); var b = Gaussian(n * k, 2);
        var c = new double[m * n];
        Array.Fill(c, double.NaN); // the kernel must overwrite, not accumulate into, the buffer
        DenseMath.MultiplyABtTiled(a, m, k, b, n, c, default(NoEntryMap), default, packedKernel: true);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double exact = Naive(a, i, b, j, k);
                Assert.Equal(exact, c[i * n + j], 1e-13 * k);
            }
    }

    /// <summary>
    /// Each entry is one FMA chain over the depth in order, so x·xᵀ is exactly symmetric, its lower triangle from the
    /// Gram tiles is the same bits as from the full product, and 1 or 3 threads give the same bits.
    /// </summary>
    [Fact]
    public void Gram_entries_do_not_depend_on_the_tile_that_computed_them()
    {
        int n = 530, k = 300;
        var x = Gaussian(n * k, 3);
        var full = new double[n * n];
        DenseMath.MultiplyABtTiled(x, n, k, x, n, full, default(NoEntryMap), default, packedKernel: true);
        double[] Lower(int threads)
        {
            using var limit = Parallelism.Limit(threads);
            var g = new double[n * n];
            DenseMath.GramLowerTiled(x, n, k, g, default(NoEntryMap), default, packedKernel: true);
            return g;
        }
        var lower = Lower(1);
        var lower3 = Lower(3);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                Assert.Equal(full[i * n + j], full[j * n + i]);
                Assert.Equal(full[i * n + j], lower[i * n + j]);
                Assert.Equal(lower[i * n + j], lower3[i * n + j]);
            }
        for (int i = 0; i < n; i += 17)
            for (int j = 0; j <= i; j += 13) Assert.Equal(Naive(x, i, x, j, k), lower[i * n + j], 1e-13 * k);
    }
}
