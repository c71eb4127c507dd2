using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

/// <summary>
/// Every dense fast path against the plain triple loops, on both backends, and the native tiles against the managed
/// ones. Without OpenBLAS the native cases check the managed fallback only, unless FEATURELEARNING_REQUIRE_NATIVE_BLAS=1
/// (set by .ci/run, which installs it) demands the library.
/// </summary>
public class DenseBackendTests
{
    public static TheoryData<DenseBackendKind> Backends() => new() { DenseBackendKind.Managed, DenseBackendKind.Auto };

    private static double[] RandomMatrix(int rows, int cols, long seed)
    {
        var a = new double[rows * cols];
        new Rng(seed).FillGaussian(a);
        return a;
    }

    private static double[] SpdMatrix(int n, long seed)
    {
        var x = RandomMatrix(n, n + 3, seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int t = 0; t < n + 3; t++) s += x[i * (n + 3) + t] * x[j * (n + 3) + t];
                a[i * n + j] = s + (i == j ? 1.0 : 0.0);
            }
        return a;
    }

    [Fact]
    public void The_native_library_is_there_when_CI_demands_it()
    {
        if (Environment.GetEnvironmentVariable("FEATURELEARNING_REQUIRE_NATIVE_BLAS") == "1")
            Assert.True(DenseBackend.NativeAvailable, DenseBackend.Description);
        using (DenseBackend.Use(DenseBackendKind.Managed))
            Assert.Equal(DenseBackendKind.Managed, DenseBackend.Effective);
        Assert.Contains(DenseBackend.NativeAvailable ? "OpenBLAS" : "managed", DenseBackend.Description);
    }

    [Fact]
    public void OpenBLAS_runs_vector_kernels_on_a_CPU_that_has_them()
    {
        // OpenBLAS 0.3.21 falls back to Prescott's SSE3 kernels on a CPU model it does not know (an Emerald Rapids
        // Xeon): the module then reloads it with the core the instruction set supports.
        if (!DenseBackend.NativeAvailable || !OperatingSystem.IsLinux() || !System.Runtime.Intrinsics.X86.Avx2.IsSupported
            || !System.Runtime.Intrinsics.X86.Fma.IsSupported || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE")))
            return;
        Assert.Contains(OpenBlas.Core.ToLowerInvariant(), new[] { "haswell", "zen", "skylakex", "cooperlake", "sapphirerapids" });
        Assert.Null(OpenBlas.ForcedCore(OpenBlas.Core));
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.X86.Avx512BW.IsSupported
            && System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported && System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported ? "SkylakeX" : "Haswell",
            OpenBlas.ForcedCore("Prescott"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Products_match_the_naive_loops(DenseBackendKind backend)
    {
        using var scope = DenseBackend.Use(backend);
        // Sizes that cross the 64- and 256-row tiles with remainders.
        int m = 603, n = 141, k = 77;
        var a = RandomMatrix(m, k, 1); var b = RandomMatrix(n, k, 2);
        var c = new double[m * n];
        Array.Fill(c, double.NaN); // overwritten, whatever was there
        DenseMath.MultiplyABt(a, m, k, b, n, c);
        var g = new double[m * m];
        DenseMath.Gram(a, m, k, g);
        var t = new double[k * k];
        DenseMath.TransposeGram(a, m, k, t);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.Equal(NaiveDot(a, i, b, j, k), c[i * n + j], 1e-10);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                Assert.Equal(NaiveDot(a, i, a, j, k), g[i * m + j], 1e-10);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double s = 0;
                for (int q = 0; q < m; q++) s += a[q * k + i] * a[q * k + j];
                Assert.Equal(s, t[i * k + j], 1e-10);
            }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Cholesky_reconstructs_a_matrix_spanning_several_panels(DenseBackendKind backend)
    {
        using var scope = DenseBackend.Use(backend);
        int n = 900; // three 256-wide native panels and a remainder, 256-row bands and tiles; ten managed panels
        var a = SpdMatrix(n, 3);
        var l = (double[])a.Clone();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) l[i * n + j] = double.NaN; // the upper triangle is never read
        DenseMath.Cholesky(l, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int q = 0; q <= j; q++) s += l[i * n + q] * l[j * n + q];
                Assert.Equal(a[i * n + j], s, 1e-8 * Math.Max(1, Math.Abs(a[i * n + j])));
            }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) Assert.Equal(0.0, l[i * n + j]);
    }

    [Fact]
    public void Native_and_managed_agree_and_native_does_not_depend_on_the_thread_count()
    {
        int n = 700, k = 250; // two panels, several row tiles: the parallel panel and trailing updates run
        var a = RandomMatrix(n, k, 4);
        double[] Run(DenseBackendKind backend, int threads)
        {
            using var b = DenseBackend.Use(backend);
            using var p = Parallelism.Limit(threads);
            var g = new double[n * n];
            DenseMath.Gram(a, n, k, g);
            for (int i = 0; i < n; i++) g[i * n + i] += 1.0;
            DenseMath.Cholesky(g, n);
            return g;
        }
        var managed = Run(DenseBackendKind.Managed, 2);
        var auto1 = Run(DenseBackendKind.Auto, 1);
        var auto2 = Run(DenseBackendKind.Auto, 2);
        Assert.Equal(auto1, auto2); // bit for bit
        for (int i = 0; i < managed.Length; i++) Assert.Equal(managed[i], auto2[i], 1e-9 * Math.Max(1, Math.Abs(managed[i])));
    }

    /// <summary>
    /// At n = 1600 each of the seven panels has up to five bands and five update tiles, and a free core starts the next
    /// panel's factor and solves while another finishes this panel's tiles: the factor must be the same bits on 1, 2
    /// and 3 threads, and reconstruct the matrix, with the panel solves on our kernel and on OpenBLAS's TRSM (the path
    /// of CPUs without AVX-512); and the two must agree.
    /// </summary>
    [Fact]
    public void Cholesky_with_update_tiles_overlapping_the_panel_solve_does_not_depend_on_the_thread_count()
    {
        using var backend = DenseBackend.Use(DenseBackendKind.Auto);
        if (!DenseBackend.NativeAvailable) return; // the managed path has its own tests; CI demands the native one
        int n = 1600, k = 40;
        var x = RandomMatrix(n, k, 11);
        var a = new double[n * n];
        DenseMath.Gram(x, n, k, a);
        for (int i = 0; i < n; i++) a[i * n + i] += 1.0;
        double[] Run(int threads, bool ownSolveKernel)
        {
            using var limit = Parallelism.Limit(threads);
            var l = (double[])a.Clone();
            DenseMath.Cholesky(l, n, ownSolveKernel, CancellationToken.None);
            return l;
        }
        var kernels = TriangularSolveKernel.IsSupported ? new[] { true, false } : new[] { false };
        var factors = new List<double[]>();
        foreach (bool own in kernels)
        {
            var one = Run(1, own);
            Assert.Equal(one, Run(2, own));
            Assert.Equal(one, Run(3, own));
            foreach (var (i, j) in new[] { (0, 0), (700, 3), (1599, 1599), (1599, 0), (1200, 900), (800, 799) })
            {
                double s = 0;
                for (int q = 0; q <= j; q++) s += one[i * n + q] * one[j * n + q];
                Assert.Equal(a[i * n + j], s, 1e-9 * Math.Max(1, Math.Abs(a[i * n + j])));
            }
            factors.Add(one);
        }
        for (int i = 0; i < factors[0].Length; i++)
            Assert.Equal(factors[0][i], factors[^1][i], 1e-12 * Math.Max(1, Math.Abs(factors[0][i])));
    }

    /// <summary>
    /// A managed array is only 8-byte aligned, and OpenBLAS's dpotrf rounds differently when its block does not start on a
    /// 16-byte boundary, so the same seed gave last-digit differences from one process to the next
    /// (Reproduce-OneStepSpikedRf -Quick run twice). The same matrix in arrays of both 16-byte phases must factor to the
    /// same bits, with one leaf (n = 200) and with three panels, their solves and trailing updates (n = 601).
    /// </summary>
    [Theory]
    [InlineData(DenseBackendKind.Managed, 200)]
    [InlineData(DenseBackendKind.Auto, 200)]
    [InlineData(DenseBackendKind.Auto, 601)]
    public unsafe void Cholesky_does_not_depend_on_where_the_array_starts(DenseBackendKind backend, int n)
    {
        using var scope = DenseBackend.Use(backend);
        var a = SpdMatrix(n, 7);
        // Pinned arrays (they stay where they are) until one starts on a 16-byte boundary and one 8 bytes past it; a
        // one-element spacer between tries shifts the next allocation by 8 bytes.
        var byPhase = new double[]?[2];
        var keep = new List<double[]>();
        for (int attempt = 0; attempt < 64 && (byPhase[0] is null || byPhase[1] is null); attempt++)
        {
            var candidate = GC.AllocateArray<double>(n * n, pinned: true);
            keep.Add(candidate);
            int phase = (int)((nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref candidate[0]) % 16 / 8);
            byPhase[phase] ??= candidate;
            keep.Add(GC.AllocateArray<double>(1 + attempt % 2, pinned: true));
        }
        Assert.True(byPhase[0] is not null && byPhase[1] is not null, "could not place arrays at both 16-byte phases");
        foreach (var l in byPhase)
        {
            a.CopyTo(l!, 0);
            DenseMath.Cholesky(l!, n);
        }
        Assert.Equal(byPhase[0], byPhase[1]); // bit for bit
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Cholesky_refuses_indefinite_and_NaN_matrices(DenseBackendKind backend)
    {
        using var scope = DenseBackend.Use(backend);
        foreach (var bad in new[] { new double[] { 1, 2, 2, 1 }, new double[] { 1, 0, 0, double.NaN } })
        {
            var ex = Assert.Throws<FeatureLearningException>(() => DenseMath.Cholesky(bad, 2));
            Assert.Equal("FeatureLearning.NotPositiveDefinite", ex.ErrorId);
            Assert.Contains("pivot 1", ex.Message);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(2000)]
    [InlineData(10000)]
    public void Triangle_tiles_cover_the_rows_in_order_with_about_equal_areas(int n)
    {
        var bounds = DenseMath.TriangleTiles(n);
        Assert.Equal(0, bounds[0]);
        Assert.Equal(n, bounds[^1]);
        Assert.InRange(bounds.Length - 1, 1, DenseMath.MaxTriangleTiles);
        Assert.True(bounds.Length - 1 == 1 || (bounds.Length - 1) % 2 == 0, "an even number of tiles, so two cores finish together");
        double total = (double)n * n / 2;
        for (int t = 0; t + 1 < bounds.Length; t++)
        {
            Assert.True(bounds[t + 1] > bounds[t]);
            double area = ((double)bounds[t + 1] * bounds[t + 1] - (double)bounds[t] * bounds[t]) / 2;
            Assert.InRange(area / (total / (bounds.Length - 1)), 0.8, 1.2);
        }
    }

    [Fact]
    public void The_environment_setting_is_parsed_with_advice()
    {
        Assert.Equal(DenseBackendKind.Auto, DenseBackend.Parse(null));
        Assert.Equal(DenseBackendKind.Managed, DenseBackend.Parse(" Managed "));
        Assert.Equal(DenseBackendKind.Native, DenseBackend.Parse("openblas"));
        var ex = Assert.Throws<FeatureLearningException>(() => DenseBackend.Parse("mkl"));
        Assert.Equal("FeatureLearning.InvalidBlasSetting", ex.ErrorId);
        Assert.Contains("auto, managed or native", ex.Message);
    }

    private static double NaiveDot(double[] a, int i, double[] b, int j, int k)
    {
        double s = 0;
        for (int t = 0; t < k; t++) s += a[i * k + t] * b[j * k + t];
        return s;
    }
}
