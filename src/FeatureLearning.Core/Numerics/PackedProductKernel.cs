using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FeatureLearning.Core.Numerics;

/// <summary>
/// C = A·Bᵀ tiles by an AVX-512 register-blocked kernel: 8 rows of A (each value broadcast) against 16 rows of B
/// (two vectors), 16 accumulators held in registers through the whole depth. B is packed once per product into panels of
/// 16 rows stored depth-major, so the kernel reads it as two aligned vector loads a step; A is read in place.
/// Why our own: the kernel step's products have a shallow depth (k = d, 200 in the benchmark), where OpenBLAS's GEMM
/// reached 75 % of the peak on 256×256 tiles; this kernel alone runs at the peak (56.6 GFLOP/s on one core against
/// 57.5 measured, 256×256×200 tile, 2026-12-03). Every entry is one FMA chain over t = 0…k−1 in order, whatever its
/// tile, block or the depth blocking (a later depth block resumes the chain from the stored partial sum), so results
/// do not depend on the tiling or the thread count, and A·Aᵀ comes out exactly symmetric.
/// </summary>
internal static unsafe class PackedProductKernel
{
    public const int PanelRows = 16; // rows of B per panel: two 8-wide vectors
    private const int BlockRows = 8;  // rows of A per register block
    private const int DepthBlock = 256; // a row block's depth block (16 KiB of A) stays in L1 across the panels of a tile

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>B (rows×depth, row-major) in panels of 16 rows, depth-major: P[q][t][s] = B[16q + s][t], zero past the last row.</summary>
    public sealed class PackedRows : IDisposable
    {
        public PackedRows(double* b, int rows, int depth, CancellationToken cancel)
        {
            Rows = rows; Depth = depth;
            int panels = (rows + PanelRows - 1) / PanelRows;
            long length = (long)panels * PanelRows * depth;
            Data = (double*)NativeMemory.AlignedAlloc((nuint)(length * sizeof(double)), 64);
            var (src, dst) = ((IntPtr)b, (IntPtr)Data);
            Parallel.For(0, panels, Parallelism.Options(cancel), q =>
            {
                double* panel = (double*)dst + (long)q * PanelRows * depth;
                for (int s = 0; s < PanelRows; s++)
                {
                    int row = q * PanelRows + s;
                    if (row >= rows) { for (int t = 0; t < depth; t++) panel[(long)t * PanelRows + s] = 0; continue; }
                    double* from = (double*)src + (long)row * depth;
                    for (int t = 0; t < depth; t++) panel[(long)t * PanelRows + s] = from[t];
                }
            });
        }

        public double* Data { get; private set; }

        public int Rows { get; }

        public int Depth { get; }

        public double* Panel(int q) => Data + (long)q * PanelRows * Depth;

        public void Dispose()
        {
            if (Data == null) return;
            NativeMemory.AlignedFree(Data);
            Data = null;
        }
    }

    /// <summary>
    /// C[i, j] = Σ_t A[i, t]·B[j0 + j, t] for i &lt; rows, j &lt; cols (C row stride ldc; A rows×depth contiguous).
    /// <paramref name="j0"/> is a multiple of 16. With <paramref name="lowerOnly"/> (a diagonal tile of A·Aᵀ, rows and
    /// columns starting at the same index) blocks wholly above the diagonal are skipped; entries above it are unspecified.
    /// <paramref name="map"/> is applied to each entry once its last depth block is done: on each 8×16 block right after
    /// it is stored, while it is in L1, so the tile is never read back from L2 for a second pass. The map sees rows
    /// <paramref name="i0"/>… (A's first row here is row i0 of the whole product) and columns <paramref name="j0"/>….
    /// </summary>
    public static void Tile<TMap>(double* a, PackedRows b, int j0, double* c, int ldc, int rows, int cols, bool lowerOnly, int i0, TMap map)
        where TMap : struct, IEntryMap
    {
        int k = b.Depth;
        Span<double> scratch = stackalloc double[BlockRows * PanelRows];
        for (int t0 = 0; t0 < k; t0 += DepthBlock)
        {
            int kc = Math.Min(DepthBlock, k - t0);
            bool resume = t0 > 0, finished = t0 + kc == k;
            // Row blocks outside: a block's 8 rows of A (12.8 KiB at depth 200) stay in L1 while the tile's panels of B
            // stream from L2. (Panels outside, the other order, ran at 37.5 GFLOP/s a core against 49.4, n = 10⁴, d = 200.)
            for (int i = 0; i < rows; i += BlockRows)
            {
                int height = Math.Min(BlockRows, rows - i);
                double* ai = a + (long)i * k + t0;
                for (int q0 = 0; q0 < cols; q0 += PanelRows)
                {
                    if (lowerOnly && q0 > i + BlockRows - 1) break; // this block and the ones right of it are above the diagonal
                    double* panel = b.Panel((j0 + q0) / PanelRows) + (long)t0 * PanelRows;
                    int width = Math.Min(PanelRows, cols - q0);
                    double* ci = c + (long)i * ldc + q0;
                    if (height == BlockRows && width == PanelRows)
                    {
                        Block8x16(ai, k, panel, kc, ci, ldc, resume);
                        if (map.Maps && finished) MapBlock(ci, ldc, i0 + i, j0 + q0, map);
                        continue;
                    }
                    // An edge block: through scratch, one row at a time, with the same chain per entry.
                    fixed (double* s = scratch)
                    {
                        for (int r = 0; r < height; r++)
                        {
                            double* sr = s + r * PanelRows;
                            if (resume) for (int j = 0; j < width; j++) sr[j] = ci[(long)r * ldc + j];
                            Row1x16(ai + (long)r * k, panel, kc, sr, resume);
                            for (int j = 0; j < width; j++) ci[(long)r * ldc + j] = sr[j];
                            if (map.Maps && finished) map.MapRow(new Span<double>(ci + (long)r * ldc, width), i0 + i + r, j0 + q0);
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x16(double* a, int lda, double* panel, int kc, double* c, int ldc, bool resume)
    {
        Vector512<double> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (resume)
        {
            double* r = c;
            c00 = Vector512.Load(r); c01 = Vector512.Load(r + 8); r += ldc;
            c10 = Vector512.Load(r); c11 = Vector512.Load(r + 8); r += ldc;
            c20 = Vector512.Load(r); c21 = Vector512.Load(r + 8); r += ldc;
            c30 = Vector512.Load(r); c31 = Vector512.Load(r + 8); r += ldc;
            c40 = Vector512.Load(r); c41 = Vector512.Load(r + 8); r += ldc;
            c50 = Vector512.Load(r); c51 = Vector512.Load(r + 8); r += ldc;
            c60 = Vector512.Load(r); c61 = Vector512.Load(r + 8); r += ldc;
            c70 = Vector512.Load(r); c71 = Vector512.Load(r + 8);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<double>.Zero;
        }
        double* a0 = a, a1 = a + lda, a2 = a + 2L * lda, a3 = a + 3L * lda, a4 = a + 4L * lda, a5 = a + 5L * lda,
            a6 = a + 6L * lda, a7 = a + 7L * lda;
        for (int t = 0; t < kc; t++, panel += PanelRows)
        {
            var b0 = Vector512.LoadAligned(panel);
            var b1 = Vector512.LoadAligned(panel + 8);
            var x = Vector512.Create(a0[t]); c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[t]); c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[t]); c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[t]); c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a4[t]); c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a5[t]); c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a6[t]); c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a7[t]); c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
        }
        c00.Store(c); c01.Store(c + 8); c += ldc;
        c10.Store(c); c11.Store(c + 8); c += ldc;
        c20.Store(c); c21.Store(c + 8); c += ldc;
        c30.Store(c); c31.Store(c + 8); c += ldc;
        c40.Store(c); c41.Store(c + 8); c += ldc;
        c50.Store(c); c51.Store(c + 8); c += ldc;
        c60.Store(c); c61.Store(c + 8); c += ldc;
        c70.Store(c); c71.Store(c + 8);
    }

    /// <summary>
    /// The map over a block just stored, still in L1. A loop of its own: spliced into <see cref="Block8x16"/>'s registers
    /// (16 accumulators live) the map spilled to the stack and the kernel step ran 15 % slower (n = 10⁴, d = 200).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MapBlock<TMap>(double* c, int ldc, int i, int j, TMap map) where TMap : struct, IEntryMap
    {
        for (int r = 0; r < BlockRows; r++, c += ldc)
        {
            map.Map(Vector512.Load(c), i + r, j).Store(c);
            map.Map(Vector512.Load(c + 8), i + r, j + 8).Store(c + 8);
        }
    }

    /// <summary>One row against a panel: the chain of <see cref="Block8x16"/> for each entry, for the edges of a tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1x16(double* a, double* panel, int kc, double* c, bool resume)
    {
        var c0 = resume ? Vector512.Load(c) : Vector512<double>.Zero;
        var c1 = resume ? Vector512.Load(c + 8) : Vector512<double>.Zero;
        for (int t = 0; t < kc; t++, panel += PanelRows)
        {
            var x = Vector512.Create(a[t]);
            c0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadAligned(panel), c0);
            c1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadAligned(panel + 8), c1);
        }
        c0.Store(c); c1.Store(c + 8);
    }
}
