using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using System.Runtime.Intrinsics;

namespace FeatureLearning.Core.Tests;

/// <summary>
/// The tiled products with a map fused per tile, and the blocked Cholesky, against plain loops on sizes that leave
/// remainders in every tiling (256-row tiles, 256-wide panels and their bands), on both backends.
/// </summary>
public class FusedProductTests
{
    public static TheoryData<DenseBackendKind> Backends() => new() { DenseBackendKind.Managed, DenseBackendKind.Auto };

    private static double[] Gaussian(int count, long seed)
    {
        var a = new double[count];
        new Rng(seed).FillGaussian(a);
        return a;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Fused_rbf_kernel_matches_the_naive_kernel_across_tiles(DenseBackendKind backend)
    {
        using var scope = DenseBackend.Use(backend);
        int n = 531, m = 263, d = 37; // 3 and 2 tiles of 256 with remainders
        var x = Gaussian(n * d, 1); var z = Gaussian(m * d, 2);
        var spec = new KernelSpec(KernelKind.Rbf, Gamma: 0.7);
        var sqx = KernelSpec.SquaredNorms(x, n, d); var sqz = KernelSpec.SquaredNorms(z, m, d);
        double Naive(double[] a, int i, double[] b, int j)
        {
            double dist = 0;
            for (int t = 0; t < d; t++) { double diff = a[i * d + t] - b[j * d + t]; dist += diff * diff; }
            return Math.Exp(-0.7 * dist / d);
        }
        var lower = new double[n * n];
        Array.Fill(lower, double.NaN); // whatever was in the buffer
        spec.SymmetricMatrixLower(x, sqx, n, d, lower);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) Assert.Equal(Naive(x, i, x, j), lower[i * n + j], 1e-12);
        var cross = new double[n * m];
        Array.Fill(cross, double.NaN);
        spec.Matrix(x, sqx, n, z, sqz, m, d, cross);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) Assert.Equal(Naive(x, i, z, j), cross[i * m + j], 1e-12);
        var full = new double[n * n];
        spec.Matrix(x, sqx, n, x, sqx, n, d, full);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) Assert.Equal(Naive(x, i, x, j), full[i * n + j], 1e-12);
    }

    [Theory]
    [InlineData(531, 263, 37)]  // tiles with remainders, edge blocks on both sides
    [InlineData(300, 70, 300)]  // a depth past one depth block: the map waits for the last one
    public void Rbf_map_fused_into_the_product_gives_the_bits_of_the_map_run_on_the_finished_rows(int n, int m, int d)
    {
        // In the packed kernel the map runs on each 8×16 block as it is stored (edges by rows); the reference maps whole
        // rows of the plain product afterwards. Same arithmetic per entry, so the same bits, whichever path an entry took.
        var x = Gaussian(n * d, 5); var z = Gaussian(m * d, 6);
        var sqx = KernelSpec.SquaredNorms(x, n, d); var sqz = KernelSpec.SquaredNorms(z, m, d);
        var map = new RbfEntryMap(sqx, sqz, d, 0.3);
        var fused = new double[n * m];
        DenseMath.MultiplyABtTiled(x, n, d, z, m, fused, map, default, packedKernel: true);
        var reference = new double[n * m];
        DenseMath.MultiplyABtTiled(x, n, d, z, m, reference, default(NoEntryMap), default, packedKernel: true);
        for (int i = 0; i < n; i++) RbfRowMap.Apply(reference.AsSpan(i * m, m), sqx[i], sqz, d, 0.3);
        Assert.Equal(reference, fused);

        var lowerMap = new RbfEntryMap(sqx, sqx, d, 0.3);
        var lower = new double[n * n];
        DenseMath.GramLowerTiled(x, n, d, lower, lowerMap, default, packedKernel: true);
        var lowerReference = new double[n * n];
        DenseMath.GramLowerTiled(x, n, d, lowerReference, default(NoEntryMap), default, packedKernel: true);
        for (int i = 0; i < n; i++)
        {
            RbfRowMap.Apply(lowerReference.AsSpan(i * n, i + 1), sqx[i], sqx, d, 0.3);
            for (int j = 0; j <= i; j++) Assert.Equal(lowerReference[i * n + j], lower[i * n + j]);
        }
    }

    /// <summary>Counts the entries it is given and checks each holds its finished product (the naive sum).</summary>
    private readonly struct CheckingEntryMap(double[] a, double[] b, int k, int columns, int[] seen) : IEntryMap
    {
        public bool Maps => true;

        public Vector512<double> Map(Vector512<double> entries, int i, int j) => EntryMaps.ThroughRow(this, entries, i, j);

        public void MapRow(Span<double> entries, int i, int j0)
        {
            for (int j = j0; j < j0 + entries.Length; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i * k + t] * b[j * k + t];
                Assert.Equal(s, entries[j - j0], 1e-12); // the product is finished when the map sees it
                Interlocked.Increment(ref seen[i * columns + j]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Every_entry_is_mapped_once_and_after_its_product(DenseBackendKind backend)
    {
        using var scope = DenseBackend.Use(backend);
        foreach (int k in new[] { 9, 300 }) // one depth block, and two: the map waits for the last
        {
            int n = 600, m = 300;
            var a = Gaussian(n * k, 3); var b = Gaussian(m * k, 4);
            var seen = new int[n * m];
            DenseMath.MultiplyABtTiled(a, n, k, b, m, new double[n * m], new CheckingEntryMap(a, b, k, m, seen), default, packedKernel: true);
            Assert.All(seen, count => Assert.Equal(1, count));
            var lowerSeen = new int[n * n];
            DenseMath.GramLowerTiled(a, n, k, new double[n * n], new CheckingEntryMap(a, a, k, n, lowerSeen), default, packedKernel: true);
            // Diagonal tiles may map entries above the diagonal too (unspecified there); below it, exactly once.
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) Assert.Equal(1, lowerSeen[i * n + j]);
        }
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Quadratic)]
    [InlineData(Activation.Abs)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Erf)]
    public void Feature_map_fused_into_the_product_gives_the_bits_of_the_features_mapped_row_by_row(Activation g)
    {
        // The random features' activation on each block as it is stored against MapFeatures run on whole rows of the
        // plain product afterwards; sizes with edge blocks on both sides and a depth past one depth block.
        foreach (var (n, p, d) in new[] { (531, 263, 37), (70, 300, 300), (40, 257, 20) }) // 257: a one-column edge
        {
            var x = Gaussian(n * d, 7); var f = Gaussian(p * d, 8);
            double inputScale = 1 / Math.Sqrt(d), outputScale = 1 / Math.Sqrt(p);
            var fused = new double[n * p];
            DenseMath.MultiplyABtTiled(x, n, d, f, p, fused, new FeatureEntryMap(g, inputScale, outputScale), default, packedKernel: true);
            var reference = new double[n * p];
            DenseMath.MultiplyABtTiled(x, n, d, f, p, reference, default(NoEntryMap), default, packedKernel: true);
            for (int i = 0; i < n; i++) RandomFeaturesLearner.MapFeatures(reference.AsSpan(i * p, p), g, inputScale, outputScale);
            Assert.Equal(reference, fused);
        }
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Quadratic)]
    [InlineData(Activation.Abs)]
    public void Vectorised_activations_give_the_bits_of_the_row_map_on_special_values(Activation g)
    {
        double[] values = { 0.0, -0.0, 1e-310, -1e-310, 1e300, -1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 2.5, -3.75, 1 / 3.0, -7e-5, 4e5, double.Epsilon, -double.Epsilon };
        var map = new FeatureEntryMap(g, 0.3, 1.7);
        for (int start = 0; start < values.Length; start += 8)
        {
            var vector = map.Map(Vector512.Create<double>(values.AsSpan(start, 8)), 0, start);
            var row = values.AsSpan(start, 8).ToArray();
            map.MapRow(row, 0, start);
            for (int lane = 0; lane < 8; lane++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(row[lane]), BitConverter.DoubleToInt64Bits(vector[lane]));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(257)]
    [InlineData(300)]
    [InlineData(641)]
    [InlineData(1031)]
    public void Blocked_cholesky_matches_the_textbook_factorisation_on_odd_sizes(int n)
    {
        var x = Gaussian(n * (n + 5), n);
        var a = new double[n * n];
        DenseMath.Gram(x, n, n + 5, a);
        for (int i = 0; i < n; i++) a[i * n + i] += 1.0;
        // Textbook Cholesky–Banachiewicz, row by row.
        var expected = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * n + j];
                for (int t = 0; t < j; t++) s -= expected[i * n + t] * expected[j * n + t];
                expected[i * n + j] = i == j ? Math.Sqrt(s) : s / expected[j * n + j];
            }
        foreach (var backend in new[] { DenseBackendKind.Managed, DenseBackendKind.Auto })
        {
            using var scope = DenseBackend.Use(backend);
            var l = (double[])a.Clone();
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) l[i * n + j] = double.NaN; // the upper triangle is never read
            DenseMath.Cholesky(l, n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    Assert.Equal(expected[i * n + j], l[i * n + j], 1e-9 * Math.Max(1, Math.Abs(expected[i * n + j])));
        }
    }
}
