using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FeatureLearning.Core.Numerics;

/// <summary>
/// Dense kernels on row-major arrays: C = A·Bᵀ (the shape of every Gram matrix, feature map and normal equation
/// here), a blocked Cholesky factorisation and triangular solves. The work is cut into a fixed tiling, each tile owned
/// by one thread and computed by one single-threaded kernel (managed AVX2, or OpenBLAS pinned to one thread: see
/// <see cref="DenseBackend"/>; kernel matrices and feature maps ask for <see cref="PackedProductKernel"/> on AVX-512
/// CPUs), so for a given backend the results do not depend on the number of threads.
/// </summary>
public static unsafe class DenseMath
{
    private const int RowBlock = 64;   // rows of A per task (managed)
    private const int ColBlock = 128;  // rows of B kept hot in cache
    private const int DepthBlock = 256; // k-slice: 4 + 2 rows × 256 doubles stay in L1
    // OpenBLAS tiles: rows per call large enough to amortise its packing of the shared operand, few enough calls
    // left at the end of a factorisation to keep both cores busy (tuned at n = 10⁴ on 2 cores).
    private const int NativeRowBlock = 256;
    // Product tiles: one kernel call each, 256×256 outputs (512 KiB, in L2 while the OpenBLAS and managed paths map
    // their rows); the packed kernel maps each 8×16 block as it stores it (IEntryMap).
    internal const int TileRows = 256, TileColumns = 256;
    internal const int MaxTriangleTiles = 32;
    private const int ManagedPanel = 96; // Cholesky block columns (managed)

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => TensorPrimitives.Dot(x, y);

    /// <summary>C (m×n) = A (m×k) · B (n×k)ᵀ, all row-major and contiguous. C is overwritten.</summary>
    public static void MultiplyABt(double[] a, int m, int k, double[] b, int n, double[] c, CancellationToken cancel = default) =>
        MultiplyABtTiled(a, m, k, b, n, c, default(NoEntryMap), cancel);

    /// <summary>G (n×n) = A·Aᵀ for row-major A (n×k); both triangles are filled.</summary>
    public static void Gram(double[] a, int n, int k, double[] g, CancellationToken cancel = default)
    {
        GramLower(a, n, k, g, cancel);
        MirrorLower(g, n, cancel);
    }

    /// <summary>The lower triangle (with the diagonal) of A·Aᵀ; entries above the diagonal are unspecified.</summary>
    internal static void GramLower(double[] a, int n, int k, double[] g, CancellationToken cancel = default) =>
        GramLowerTiled(a, n, k, g, default(NoEntryMap), cancel);

    /// <summary>
    /// <see cref="MultiplyABt"/> in tiles of <see cref="TileRows"/>×<see cref="TileColumns"/>, each computed by one
    /// single-threaded kernel, with <paramref name="map"/> applied to every entry as it is finished (block by block while
    /// in L1 in the packed kernel, row by row on a finished tile in the others): a kernel's map from inner products, the
    /// random features' activation. The tiling depends on the sizes only, so the result does not depend on the thread
    /// count.
    /// </summary>
    internal static void MultiplyABtTiled<TMap>(double[] a, int m, int k, double[] b, int n, double[] c, TMap map,
        CancellationToken cancel, bool packedKernel = false) where TMap : struct, IEntryMap
    {
        if (a.Length < (long)m * k || b.Length < (long)n * k || c.Length < (long)m * n)
            throw new ArgumentException("Array sizes do not match the given dimensions.");
        if (m == 0 || n == 0) return;
        bool native = DenseBackend.UseNative && k > 0;
        int rowTiles = (m + TileRows - 1) / TileRows, colTiles = (n + TileColumns - 1) / TileColumns;
        fixed (double* pa = a, pb = b, pc = c)
        {
            using var packed = packedKernel ? PackForProducts(pb, n, k, cancel) : null;
            var A = (IntPtr)pa; var B = (IntPtr)pb; var C = (IntPtr)pc;
            Parallel.For(0, rowTiles * colTiles, Parallelism.Options(cancel), t =>
            {
                int i0 = t / colTiles * TileRows, i1 = Math.Min(m, i0 + TileRows);
                int j0 = t % colTiles * TileColumns, j1 = Math.Min(n, j0 + TileColumns);
                double* ai = (double*)A + (long)i0 * k, cij = (double*)C + (long)i0 * n + j0;
                ProductTile(ai, (double*)B, j0, k, cij, n, i1 - i0, j1 - j0, native, packed, i0, map);
            });
        }
    }

    /// <summary>
    /// B (rows×k) packed for <see cref="PackedProductKernel"/>, or null where that kernel does not apply: the CPU lacks
    /// AVX-512, or the packed copy (made once per product) would exceed 256 MiB.
    /// </summary>
    internal static PackedProductKernel.PackedRows? PackForProducts(double* b, int rows, int k, CancellationToken cancel) =>
        k > 0 && PackedProductKernel.IsSupported && (long)rows * k <= MaxPackedDoubles
            ? new PackedProductKernel.PackedRows(b, rows, k, cancel)
            : null;

    private const long MaxPackedDoubles = 1L << 25; // 256 MiB

    /// <summary>
    /// One tile of C = A·Bᵀ: C (rows×cols, row stride ldc) = A (rows×k) · (rows j0…j0+cols of B, k wide)ᵀ, A and B
    /// contiguous, by one single-threaded kernel: <see cref="PackedProductKernel"/> when B was packed for it
    /// (<see cref="PackForProducts"/>), else OpenBLAS when <paramref name="native"/>, else the managed kernel; with
    /// <paramref name="map"/> applied to each entry as it is finished (A's first row is row <paramref name="i0"/> of the
    /// whole product).
    /// </summary>
    internal static void ProductTile<TMap>(double* a, double* b, int j0, int k, double* c, int ldc, int rows, int cols, bool native,
        PackedProductKernel.PackedRows? packed, int i0, TMap map) where TMap : struct, IEntryMap
    {
        if (packed is not null)
        {
            PackedProductKernel.Tile(a, packed, j0, c, ldc, rows, cols, lowerOnly: false, i0, map);
            return;
        }
        b += (long)j0 * k;
        if (native && k > 0) OpenBlas.GemmABt(a, k, b, k, c, ldc, rows, cols, k, 1.0, 0.0);
        else
        {
            for (int i = 0; i < rows; i++) new Span<double>(c + (long)i * ldc, cols).Clear();
            if (k > 0) AccumulateABt(a, k, b, k, c, ldc, rows, cols, k, 1.0, lowerOnlyOffset: -1);
        }
        if (map.Maps)
            for (int i = 0; i < rows; i++) map.MapRow(new Span<double>(c + (long)i * ldc, cols), i0 + i, j0);
    }

    /// <summary>
    /// The lower triangle of A·Aᵀ in square tiles of <see cref="TileRows"/>: GEMM left of the diagonal, SYRK on it
    /// (half the work of the full product; with <paramref name="packedKernel"/>, <see cref="PackedProductKernel"/> where
    /// it applies), with <paramref name="map"/> applied to every entry of the lower triangle as it is finished (see
    /// <see cref="MultiplyABtTiled"/>). Entries above the diagonal are unspecified.
    /// </summary>
    internal static void GramLowerTiled<TMap>(double[] a, int n, int k, double[] g, TMap map, CancellationToken cancel,
        bool packedKernel = false) where TMap : struct, IEntryMap
    {
        if (g.Length < (long)n * n || a.Length < (long)n * k) throw new ArgumentException("Gram buffer too small.");
        if (n == 0) return;
        bool native = DenseBackend.UseNative && k > 0;
        int tiles = (n + TileRows - 1) / TileRows;
        fixed (double* pa = a, pg = g)
        {
            using var packed = packedKernel ? PackForProducts(pa, n, k, cancel) : null;
            var A = (IntPtr)pa; var G = (IntPtr)pg;
            // Tile t = bi(bi+1)/2 + bj (bj ≤ bi), in row order: the tasks are small, so dynamic scheduling balances them.
            Parallel.For(0, tiles * (tiles + 1) / 2, Parallelism.Options(cancel), t =>
            {
                int bi = (int)((Math.Sqrt(8.0 * t + 1) - 1) / 2);
                while ((long)bi * (bi + 1) / 2 > t) bi--;
                while ((long)(bi + 1) * (bi + 2) / 2 <= t) bi++;
                int bj = t - bi * (bi + 1) / 2;
                int i0 = bi * TileRows, i1 = Math.Min(n, i0 + TileRows), j0 = bj * TileRows, j1 = Math.Min(n, j0 + TileRows);
                double* ai = (double*)A + (long)i0 * k, aj = (double*)A + (long)j0 * k, gij = (double*)G + (long)i0 * n + j0;
                if (packed is not null) PackedProductKernel.Tile(ai, packed, j0, gij, n, i1 - i0, j1 - j0, lowerOnly: bi == bj, i0, map);
                else
                {
                    if (native && bi == bj) OpenBlas.SyrkLower(ai, k, gij, n, i1 - i0, k, 1.0, 0.0);
                    else if (native) OpenBlas.GemmABt(ai, k, aj, k, gij, n, i1 - i0, j1 - j0, k, 1.0, 0.0);
                    else
                    {
                        for (int i = 0; i < i1 - i0; i++) new Span<double>(gij + (long)i * n, j1 - j0).Clear();
                        if (k > 0) AccumulateABt(ai, k, aj, k, gij, n, i1 - i0, j1 - j0, k, 1.0, lowerOnlyOffset: bi == bj ? 0 : -1);
                    }
                    if (map.Maps)
                        for (int i = i0; i < i1; i++) map.MapRow(new Span<double>(gij + (long)(i - i0) * n, Math.Min(j1, i + 1) - j0), i, j0);
                }
            });
        }
    }

    /// <summary>
    /// Row boundaries that cut the lower triangle of an n×n matrix into an even number of tiles of about equal area (so
    /// equal work), at most <paramref name="maxTiles"/> (32 by default) and at least 256 rows apart on average: large
    /// OpenBLAS calls (each re-packs the rows above it, a cost of 1/(2·rows) of its flops), yet enough that two cores
    /// finish within 1/32 of each other. Depends on the sizes only, never on the thread count.
    /// </summary>
    internal static int[] TriangleTiles(int n, int maxTiles = MaxTriangleTiles)
    {
        int tiles = Math.Clamp(n / NativeRowBlock, 1, maxTiles);
        if (tiles > 1 && tiles % 2 == 1) tiles++; // an even count: two cores finish together
        var bounds = new int[tiles + 1];
        for (int t = 1; t < tiles; t++) bounds[t] = Math.Clamp((int)Math.Round(n * Math.Sqrt((double)t / tiles) / 16) * 16, bounds[t - 1], n);
        bounds[tiles] = n;
        return bounds;
    }

    /// <summary>Copies the strict lower triangle of the row-major n×n matrix onto the upper one, in cache-sized tiles.</summary>
    internal static void MirrorLower(double[] g, int n, CancellationToken cancel = default)
    {
        const int tile = 64;
        int blocks = (n + tile - 1) / tile;
        Parallel.For(0, blocks, Parallelism.Options(cancel), bi =>
        {
            int i0 = bi * tile, i1 = Math.Min(n, i0 + tile);
            for (int j0 = i0; j0 < n; j0 += tile)
            {
                int j1 = Math.Min(n, j0 + tile);
                for (int i = i0; i < i1; i++)
                    for (int j = Math.Max(j0, i + 1); j < j1; j++)
                        g[(long)i * n + j] = g[(long)j * n + i];
            }
        });
    }

    /// <summary>AᵀA (k×k) for row-major A (n×k), accumulated over row chunks so A need not be transposed in full.</summary>
    public static void TransposeGram(double[] a, int n, int k, double[] result, CancellationToken cancel = default)
    {
        Array.Clear(result, 0, k * k);
        AccumulateTransposeGramLower(a, n, k, result, cancel);
        MirrorLower(result, k, cancel);
    }

    /// <summary>Adds AᵀA to the lower triangle of <paramref name="result"/> (k×k); entries above the diagonal are unspecified.</summary>
    internal static void AccumulateTransposeGramLower(double[] a, int n, int k, double[] result, CancellationToken cancel = default)
    {
        if (a.Length < (long)n * k || result.Length < (long)k * k) throw new ArgumentException("Array sizes do not match the given dimensions.");
        if (n == 0 || k == 0) return;
        if (DenseBackend.UseNative)
        {
            fixed (double* pa = a, pr = result)
            {
                var A = (IntPtr)pa; var R = (IntPtr)pr;
                var bounds = TriangleTiles(k);
                Parallel.For(0, bounds.Length - 1, Parallelism.Options(cancel), t =>
                    AccumulateTransposeGramLowerRows((double*)A, n, k, (double*)R, bounds[t], bounds[t + 1]));
            }
            return;
        }
        const int chunk = 512;
        var at = new double[(long)k * Math.Min(chunk, n)];
        var partial = new double[(long)k * k];
        for (int r0 = 0; r0 < n; r0 += chunk)
        {
            cancel.ThrowIfCancellationRequested();
            int rows = Math.Min(chunk, n - r0);
            // at (k×rows) = transpose of rows r0..r0+rows of A.
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < k; j++)
                    at[(long)j * rows + r] = a[(long)(r0 + r) * k + j];
            GramLower(at, k, rows, partial, cancel);
            TensorPrimitives.Add(result.AsSpan(0, k * k), partial.AsSpan(0, k * k), result.AsSpan(0, k * k));
        }
    }

    /// <summary>
    /// Rows [i0, i1) of the lower triangle of result += AᵀA (A row-major n×k, OpenBLAS): the columns left of the diagonal
    /// block, (A[:, i0:i1])ᵀ · A[:, 0:i0], by GEMM, the diagonal block by SYRK. One single-threaded task of
    /// <see cref="AccumulateTransposeGramLower"/>'s tiling (<see cref="TriangleTiles"/>).
    /// </summary>
    internal static void AccumulateTransposeGramLowerRows(double* a, int n, int k, double* result, int i0, int i1)
    {
        double* ai = a + i0, ri = result + (long)i0 * k;
        if (i0 > 0) OpenBlas.GemmAtB(ai, k, a, k, ri, k, i1 - i0, i0, n, 1.0, 1.0);
        OpenBlas.SyrkLowerTransposed(ai, k, ri + i0, k, i1 - i0, n, 1.0, 1.0);
    }

    /// <summary>
    /// C[i, j] += alpha · Σ_t A[i, t]·B[j, t] for i &lt; rows, j &lt; cols. When lowerOnlyOffset ≥ 0, tiles lying
    /// wholly above the diagonal (global row lowerOnlyOffset + i &lt; j) are skipped.
    /// </summary>
    internal static void AccumulateABt(double* a, int lda, double* b, int ldb, double* c, int ldc,
        int rows, int cols, int depth, double alpha, int lowerOnlyOffset)
    {
        for (int j0 = 0; j0 < cols; j0 += ColBlock)
        {
            int j1 = Math.Min(cols, j0 + ColBlock);
            for (int t0 = 0; t0 < depth; t0 += DepthBlock)
            {
                int kc = Math.Min(DepthBlock, depth - t0);
                int i = 0;
                for (; i + 4 <= rows; i += 4)
                {
                    int jEnd = lowerOnlyOffset >= 0 ? Math.Min(j1, lowerOnlyOffset + i + 4) : j1;
                    int j = j0;
                    for (; j + 2 <= jEnd; j += 2)
                        Kernel4x2(a + (long)i * lda + t0, lda, b + (long)j * ldb + t0, ldb, c + (long)i * ldc + j, ldc, kc, alpha);
                    for (; j < jEnd; j++)
                        for (int r = 0; r < 4; r++)
                            c[(long)(i + r) * ldc + j] += alpha * DotPtr(a + (long)(i + r) * lda + t0, b + (long)j * ldb + t0, kc);
                }
                for (; i < rows; i++)
                {
                    int jEnd = lowerOnlyOffset >= 0 ? Math.Min(j1, lowerOnlyOffset + i + 1) : j1;
                    for (int j = j0; j < jEnd; j++)
                        c[(long)i * ldc + j] += alpha * DotPtr(a + (long)i * lda + t0, b + (long)j * ldb + t0, kc);
                }
            }
        }
    }

    private static double DotPtr(double* x, double* y, int n) =>
        TensorPrimitives.Dot(new ReadOnlySpan<double>(x, n), new ReadOnlySpan<double>(y, n));

    /// <summary>Four rows of A against two rows of B: 8 dot products sharing loads (6 loads per 8 FMAs).</summary>
    private static void Kernel4x2(double* a, int lda, double* b, int ldb, double* c, int ldc, int k, double alpha)
    {
        if (!Avx.IsSupported || k < 4)
        {
            for (int r = 0; r < 4; r++)
                for (int s = 0; s < 2; s++)
                    c[(long)r * ldc + s] += alpha * DotPtr(a + (long)r * lda, b + (long)s * ldb, k);
            return;
        }
        double* a0 = a, a1 = a + lda, a2 = a + 2L * lda, a3 = a + 3L * lda;
        double* b0 = b, b1 = b + ldb;
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default,
            c20 = default, c21 = default, c30 = default, c31 = default;
        int t = 0;
        bool fma = Fma.IsSupported;
        for (; t + 4 <= k; t += 4)
        {
            var vb0 = Avx.LoadVector256(b0 + t);
            var vb1 = Avx.LoadVector256(b1 + t);
            var va = Avx.LoadVector256(a0 + t);
            if (fma) { c00 = Fma.MultiplyAdd(va, vb0, c00); c01 = Fma.MultiplyAdd(va, vb1, c01); }
            else { c00 = Avx.Add(c00, Avx.Multiply(va, vb0)); c01 = Avx.Add(c01, Avx.Multiply(va, vb1)); }
            va = Avx.LoadVector256(a1 + t);
            if (fma) { c10 = Fma.MultiplyAdd(va, vb0, c10); c11 = Fma.MultiplyAdd(va, vb1, c11); }
            else { c10 = Avx.Add(c10, Avx.Multiply(va, vb0)); c11 = Avx.Add(c11, Avx.Multiply(va, vb1)); }
            va = Avx.LoadVector256(a2 + t);
            if (fma) { c20 = Fma.MultiplyAdd(va, vb0, c20); c21 = Fma.MultiplyAdd(va, vb1, c21); }
            else { c20 = Avx.Add(c20, Avx.Multiply(va, vb0)); c21 = Avx.Add(c21, Avx.Multiply(va, vb1)); }
            va = Avx.LoadVector256(a3 + t);
            if (fma) { c30 = Fma.MultiplyAdd(va, vb0, c30); c31 = Fma.MultiplyAdd(va, vb1, c31); }
            else { c30 = Avx.Add(c30, Avx.Multiply(va, vb0)); c31 = Avx.Add(c31, Avx.Multiply(va, vb1)); }
        }
        double s00 = Vector256.Sum(c00), s01 = Vector256.Sum(c01), s10 = Vector256.Sum(c10), s11 = Vector256.Sum(c11),
            s20 = Vector256.Sum(c20), s21 = Vector256.Sum(c21), s30 = Vector256.Sum(c30), s31 = Vector256.Sum(c31);
        for (; t < k; t++)
        {
            s00 += a0[t] * b0[t]; s01 += a0[t] * b1[t];
            s10 += a1[t] * b0[t]; s11 += a1[t] * b1[t];
            s20 += a2[t] * b0[t]; s21 += a2[t] * b1[t];
            s30 += a3[t] * b0[t]; s31 += a3[t] * b1[t];
        }
        c[0] += alpha * s00; c[1] += alpha * s01;
        c[ldc] += alpha * s10; c[ldc + 1] += alpha * s11;
        c[2L * ldc] += alpha * s20; c[2L * ldc + 1] += alpha * s21;
        c[3L * ldc] += alpha * s30; c[3L * ldc + 1] += alpha * s31;
    }

    /// <summary>
    /// In-place lower Cholesky factor of the symmetric positive-definite row-major matrix <paramref name="a"/> (n×n),
    /// blocked right-looking, reading only the lower triangle; the strict upper triangle is zeroed. Throws when a pivot
    /// is not positive.
    /// </summary>
    public static void Cholesky(double[] a, int n, CancellationToken cancel = default) =>
        Cholesky(a, n, TriangularSolveKernel.IsSupported, cancel);

    /// <summary>
    /// <see cref="Cholesky(double[], int, CancellationToken)"/>; with OpenBLAS, <paramref name="ownSolveKernel"/> chooses
    /// the panel solves' kernel (ours, AVX-512 only, or OpenBLAS's TRSM), so tests reach both on one machine.
    /// </summary>
    internal static void Cholesky(double[] a, int n, bool ownSolveKernel, CancellationToken cancel)
    {
        if (a.Length < (long)n * n) throw new ArgumentException("Matrix buffer too small.");
        if (ownSolveKernel && !TriangularSolveKernel.IsSupported) throw new PlatformNotSupportedException("The panel-solve kernel needs AVX-512.");
        fixed (double* p = a)
        {
            if (DenseBackend.UseNative) CholeskyNative(p, n, ownSolveKernel, cancel);
            else
            {
                for (int k0 = 0; k0 < n; k0 += ManagedPanel)
                {
                    cancel.ThrowIfCancellationRequested();
                    int kb = Math.Min(ManagedPanel, n - k0);
                    FactorDiagonalBlockManaged(p, n, k0, kb);
                    int start = k0 + kb;
                    if (start < n) UpdateBelowPanelManaged(p, n, k0, kb, start, cancel);
                }
            }
        }
        ClearStrictUpper(a, n, cancel);
    }

    /// <summary>Zeroes the strict upper triangle, in blocks of rows on all cores (at n = 10⁴ it is 400 MB of memory to write).</summary>
    private static void ClearStrictUpper(double[] a, int n, CancellationToken cancel)
    {
        const int rowsPerBlock = 64;
        Parallel.For(0, (n + rowsPerBlock - 1) / rowsPerBlock, Parallelism.Options(cancel), b =>
        {
            for (int i = b * rowsPerBlock, end = Math.Min(n, i + rowsPerBlock); i < end; i++)
                Array.Clear(a, i * n + i + 1, n - i - 1);
        });
    }

    /// <summary>Panel solve and trailing update below the factored diagonal block (k0, kb), managed kernels.</summary>
    private static void UpdateBelowPanelManaged(double* p, int n, int k0, int kb, int start, CancellationToken cancel)
    {
        var P = (IntPtr)p;
        int rest = n - start, blocks = (rest + RowBlock - 1) / RowBlock;
        // Panel: rows below solve L_ik · L_kkᵀ = A_ik.
        Parallel.For(0, blocks, Parallelism.Options(cancel), blk =>
        {
            int i0 = start + blk * RowBlock, i1 = Math.Min(n, i0 + RowBlock);
            double* basePtr = (double*)P;
            for (int i = i0; i < i1; i++)
            {
                double* row = basePtr + (long)i * n;
                for (int j = k0; j < k0 + kb; j++)
                {
                    double* lj = basePtr + (long)j * n;
                    double s = row[j] - DotPtr(row + k0, lj + k0, j - k0);
                    row[j] = s / lj[j];
                }
            }
        });
        // Trailing update of the lower triangle: A_ij -= L_ik · L_jkᵀ, largest (lowest) tiles first.
        Parallel.For(0, blocks, Parallelism.Options(cancel), index =>
        {
            int blk = blocks - 1 - index;
            int i0 = start + blk * RowBlock, i1 = Math.Min(n, i0 + RowBlock);
            double* basePtr = (double*)P;
            AccumulateABt(basePtr + (long)i0 * n + k0, n, basePtr + (long)start * n + k0, n,
                basePtr + (long)i0 * n + start, n, i1 - i0, i1 - start, kb, -1.0, lowerOnlyOffset: i0 - start);
        });
    }

    /// <summary>
    /// Right-looking blocked Cholesky on OpenBLAS (<see cref="CholeskyPlan"/>): LAPACK on each 256-wide diagonal block,
    /// the rows below solved against it in bands, the trailing triangle updated in row tiles by GEMM + SYRK of depth 256.
    /// The calls run as a task graph (<see cref="TaskGraph"/>), each waiting only for the calls that touch its data, so a
    /// core that finishes its share of a panel goes on into the next. Every call's operands depend on the size, never on
    /// the thread count.
    /// </summary>
    private static void CholeskyNative(double* p, int n, bool ownSolveKernel, CancellationToken cancel)
    {
        var plan = CholeskyPlan.For(n);
        var P = (IntPtr)p;
        TaskGraph.Run(plan.Dependencies, task => RunCholeskyStep((double*)P, n, plan.Steps[task], ownSolveKernel), cancel);
    }

    /// <summary>One call of the native Cholesky on the row-major n×n matrix at <paramref name="p"/>.</summary>
    internal static void RunCholeskyStep(double* p, int n, CholeskyPlan.Step step, bool ownSolveKernel)
    {
        int k0 = step.K0, first = step.First, start = k0 + first, i0 = step.Row0, i1 = step.Row1;
        switch (step.Kind)
        {
            case CholeskyPlan.StepKind.Leaf:
                FactorDiagonalBlockNative(p, n, k0, first);
                break;
            case CholeskyPlan.StepKind.PanelBand: // L21 = A21·L11⁻ᵀ on rows [i0, i1)
                if (ownSolveKernel)
                    TriangularSolveKernel.SolveRightLowerTransposed(p + (long)k0 * n + k0, n, p + (long)i0 * n + k0, n, i1 - i0, first);
                else
                    OpenBlas.TrsmRightLowerTrans(p + (long)k0 * n + k0, n, p + (long)i0 * n + k0, n, i1 - i0, first);
                break;
            default: // A22 −= L21·L21ᵀ on rows [i0, i1): GEMM left of the diagonal block, SYRK on it
                double* li = p + (long)i0 * n + k0;
                if (i0 > start)
                    OpenBlas.GemmABt(li, n, p + (long)start * n + k0, n, p + (long)i0 * n + start, n, i1 - i0, i0 - start, first, -1.0, 1.0);
                OpenBlas.SyrkLower(li, n, p + (long)i0 * n + i0, n, i1 - i0, first, -1.0, 1.0);
                break;
        }
    }

    private static FeatureLearningException NotPositiveDefinite(int pivot, double value) =>
        new("FeatureLearning.NotPositiveDefinite",
            $"The matrix is not positive definite (pivot {pivot} is {value:G3}); increase the ridge penalty.", ErrorKind.InvalidData);

    /// <summary>Crout on the kb×kb diagonal block at (k0, k0), with contiguous dot products within rows.</summary>
    private static void FactorDiagonalBlockManaged(double* p, int n, int k0, int kb)
    {
        for (int i = k0; i < k0 + kb; i++)
        {
            for (int j = k0; j <= i; j++)
            {
                double s = p[(long)i * n + j] - DotPtr(p + (long)i * n + k0, p + (long)j * n + k0, j - k0);
                if (i == j)
                {
                    if (!(s > 0) || !double.IsFinite(s)) throw NotPositiveDefinite(i, s);
                    p[(long)i * n + i] = Math.Sqrt(s);
                }
                else
                {
                    p[(long)i * n + j] = s / p[(long)j * n + j];
                }
            }
        }
    }

    /// <summary>
    /// LAPACK on the kb×kb diagonal block at (k0, k0), factored in a 64-byte aligned contiguous copy: OpenBLAS's dpotrf
    /// (0.3.21, AVX-512 kernels) rounds differently when the block does not start on a 16-byte boundary, and a managed
    /// array is only 8-byte aligned, so in place the same matrix gave last-digit differences from one process to the
    /// next. In the copy the result depends on the block's values only. (Its GEMM, SYRK and TRSM pack their operands
    /// and showed no such dependence.)
    /// </summary>
    private static void FactorDiagonalBlockNative(double* p, int n, int k0, int kb)
    {
        double* block = p + (long)k0 * n + k0;
        long rowBytes = (long)kb * sizeof(double);
        double* copy = (double*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(kb * rowBytes), 64);
        int info;
        try
        {
            for (int i = 0; i < kb; i++) Buffer.MemoryCopy(block + (long)i * n, copy + (long)i * kb, rowBytes, rowBytes);
            info = OpenBlas.PotrfLower(copy, kb, kb);
            for (int i = 0; i < kb; i++) Buffer.MemoryCopy(copy + (long)i * kb, block + (long)i * n, rowBytes, rowBytes);
        }
        finally { System.Runtime.InteropServices.NativeMemory.AlignedFree(copy); }
        if (info > 0) throw NotPositiveDefinite(k0 + info - 1, block[(long)(info - 1) * n + info - 1]);
        // dpotrf does not stop on NaN pivots; the managed path does, so check here too.
        for (int i = 0; i < kb; i++)
        {
            double pivot = block[(long)i * n + i];
            if (!(pivot > 0) || !double.IsFinite(pivot)) throw NotPositiveDefinite(k0 + i, pivot);
        }
    }

    /// <summary>Solves L·Lᵀ x = b in place given the lower Cholesky factor (row-major).</summary>
    public static void CholeskySolve(double[] l, int n, Span<double> b)
    {
        SolveLower(l, n, b);
        SolveLowerTransposed(l, n, b);
    }

    // The substitutions are optimised from their first call and keep their vector loops inline: with TensorPrimitives'
    // generic workers they ran at tier 0 through the first fits of a session (10–25 ms at n = 2000, 2 ms after tier-up).

    /// <summary>L y = b in place (forward substitution) for lower-triangular row-major L.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SolveLower(double[] l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
            b[i] = (b[i] - SubstitutionDot(l.AsSpan(i * n, i), b[..i])) / l[(long)i * n + i];
    }

    /// <summary>Lᵀ x = y in place (backward substitution), sweeping rows of L so memory access stays contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SolveLowerTransposed(double[] l, int n, Span<double> b)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            b[i] /= l[(long)i * n + i];
            double xi = b[i];
            if (xi == 0 || i == 0) continue;
            // b[..i] −= xi·L[i, ..i], elementwise (multiply, then add).
            var row = l.AsSpan(i * n, i);
            var head = b[..i];
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var scale = Vector256.Create(-xi);
                for (; j <= i - 4; j += 4)
                    (Vector256.Create(row.Slice(j, 4)) * scale + Vector256.Create((ReadOnlySpan<double>)head.Slice(j, 4))).CopyTo(head.Slice(j, 4));
            }
            for (; j < i; j++) head[j] = row[j] * -xi + head[j];
        }
    }

    /// <summary>x·y with four vector accumulators in a fixed order (no alignment-dependent split: the same bits in every
    /// process).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SubstitutionDot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length, j = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && n >= 16)
        {
            Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; j <= n - 16; j += 16)
            {
                s0 += Vector256.Create(x.Slice(j, 4)) * Vector256.Create(y.Slice(j, 4));
                s1 += Vector256.Create(x.Slice(j + 4, 4)) * Vector256.Create(y.Slice(j + 4, 4));
                s2 += Vector256.Create(x.Slice(j + 8, 4)) * Vector256.Create(y.Slice(j + 8, 4));
                s3 += Vector256.Create(x.Slice(j + 12, 4)) * Vector256.Create(y.Slice(j + 12, 4));
            }
            sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        }
        for (; j < n; j++) sum += x[j] * y[j];
        return sum;
    }

    /// <summary>The least ridge of a kernel solve relative to tr(K)/n.</summary>
    public const double KernelRidgeFloor = 1e-10;

    /// <summary>
    /// Solves (K + λ'I) x = y for a kernel matrix K of which only the lower triangle is read, overwriting K with its
    /// Cholesky factor (a kernel can be gigabytes: no copy). λ' = max(λ, 10⁻¹⁰·tr(K)/n): the floor relative to the trace
    /// keeps the factorisation stable when the user asks for λ = 0.
    /// </summary>
    public static double[] SolveKernelRidgeInPlace(double[] k, int n, double lambda, ReadOnlySpan<double> y, CancellationToken cancel = default) =>
        SolveKernelRidgeInPlace(k, n, lambda, y, out _, cancel);

    /// <summary><see cref="SolveKernelRidgeInPlace(double[], int, double, ReadOnlySpan{double}, CancellationToken)"/>, also
    /// giving the ridge λ' actually added.</summary>
    public static double[] SolveKernelRidgeInPlace(double[] k, int n, double lambda, ReadOnlySpan<double> y, out double effectiveRidge, CancellationToken cancel = default)
    {
        double trace = 0;
        for (int i = 0; i < n; i++) trace += k[(long)i * n + i];
        double effective = Math.Max(lambda, KernelRidgeFloor * trace / n);
        for (int i = 0; i < n; i++) k[(long)i * n + i] += effective;
        Cholesky(k, n, cancel);
        var x = y.ToArray();
        CholeskySolve(k, n, x);
        effectiveRidge = effective;
        return x;
    }

    /// <summary>Solves (A + ridge·I) x = b for symmetric positive semi-definite A (not modified).</summary>
    public static double[] SolveRidge(double[] a, int n, double ridge, ReadOnlySpan<double> b, CancellationToken cancel = default)
    {
        var l = (double[])a.Clone();
        for (int i = 0; i < n; i++) l[(long)i * n + i] += ridge;
        Cholesky(l, n, cancel);
        var x = b.ToArray();
        CholeskySolve(l, n, x);
        return x;
    }
}
