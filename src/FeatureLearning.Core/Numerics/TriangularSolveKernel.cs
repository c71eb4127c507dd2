using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FeatureLearning.Core.Numerics;

/// <summary>
/// X := X·L⁻ᵀ for a row-major X (rows×b) and a lower-triangular L (b×b): the Cholesky's panel solve, by forward
/// substitution with one AVX-512 vector per 8 rows of X. Why our own: OpenBLAS 0.3.21's TRSM is slow on narrow triangles
/// (every side/uplo/trans variant, one thread, 1250 right-hand sides: 16–26 GFLOP/s for b = 256, 30–37 for b = 1250,
/// against 49–54 for a GEMM of depth 256), and a right-looking Cholesky with 256-wide panels spends its solves there.
/// Rows are independent, so 24 of them are transposed into a buffer (each column of the group is three aligned
/// vectors) and solved together: each block of 8 unknowns first takes the product with the solved unknowns before it
/// (24 accumulators in registers, a broadcast of L per unknown per step), then the 8×8 triangle in order. Every unknown
/// is one FMA chain over the unknowns before it in order, then one division by the pivot, as in reference BLAS (no
/// reciprocal), so the result depends on the values only: not on the row grouping, the band or the thread.
/// </summary>
internal static unsafe class TriangularSolveKernel
{
    private const int GroupRows = 24;    // rows of X solved together: three 8-wide vectors
    private const int BlockColumns = 8;  // unknowns per register block

    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>X (rows×b, row stride ldx) := X·L⁻ᵀ, L lower-triangular b×b (row stride ldl), its diagonal non-zero.</summary>
    public static void SolveRightLowerTransposed(double* l, int ldl, double* x, int ldx, int rows, int b)
    {
        if (rows <= 0 || b <= 0) return;
        int blocks = (b + BlockColumns - 1) / BlockColumns, padded = blocks * BlockColumns;
        // L negated (so the kernel adds products), packed per block of 8 unknowns: for block c the rows c…c+7 of L,
        // depth-major, up to the block's own columns: P_c[k·8 + j] = −L[c + j, k] for k < c + j, zero beyond.
        long packedLength = 0;
        for (int c = 0; c < padded; c += BlockColumns) packedLength += (long)(c + BlockColumns) * BlockColumns;
        double* lp = (double*)NativeMemory.AlignedAlloc((nuint)(packedLength * sizeof(double)), 64);
        double* diagonal = (double*)NativeMemory.AlignedAlloc((nuint)(padded * sizeof(double)), 64);
        double* xp = (double*)NativeMemory.AlignedAlloc((nuint)((long)padded * GroupRows * sizeof(double)), 64);
        try
        {
            PackTriangle(l, ldl, b, padded, lp, diagonal);
            for (int g = 0; g < rows; g += GroupRows)
            {
                int height = Math.Min(GroupRows, rows - g);
                PackGroup(x + (long)g * ldx, ldx, height, b, padded, xp);
                double* block = lp;
                for (int c = 0; c < padded; c += BlockColumns)
                {
                    SolveBlock(xp, block, c, diagonal + c);
                    block += (long)(c + BlockColumns) * BlockColumns;
                }
                UnpackGroup(xp, x + (long)g * ldx, ldx, height, b);
            }
        }
        finally
        {
            NativeMemory.AlignedFree(lp);
            NativeMemory.AlignedFree(diagonal);
            NativeMemory.AlignedFree(xp);
        }
    }

    /// <summary>Packs −L by blocks of 8 rows (see the caller); padded unknowns get a unit pivot and no coupling.</summary>
    private static void PackTriangle(double* l, int ldl, int b, int padded, double* lp, double* diagonal)
    {
        double* block = lp;
        for (int c = 0; c < padded; c += BlockColumns)
        {
            int depth = c + BlockColumns;
            for (int k = 0; k < depth; k++)
                for (int j = 0; j < BlockColumns; j++)
                {
                    int row = c + j;
                    block[(long)k * BlockColumns + j] = row < b && k < row ? -l[(long)row * ldl + k] : 0.0;
                }
            for (int j = 0; j < BlockColumns; j++) diagonal[c + j] = c + j < b ? l[(long)(c + j) * ldl + c + j] : 1.0;
            block += (long)depth * BlockColumns;
        }
    }

    /// <summary>The group's rows transposed: XP[k·24 + r] = X[r, k]; rows past the last and columns past b are zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackGroup(double* x, int ldx, int height, int b, int padded, double* xp)
    {
        int fullColumns = b / 8 * 8;
        for (int r0 = 0; r0 < GroupRows; r0 += 8)
        {
            if (r0 + 8 <= height)
            {
                // 8×8 blocks through registers: a scalar copy of the transposed group cost half as long as the solve (b = 256).
                for (int k0 = 0; k0 < fullColumns; k0 += 8)
                {
                    double* s = x + (long)r0 * ldx + k0;
                    var v0 = Vector512.Load(s); var v1 = Vector512.Load(s + ldx); var v2 = Vector512.Load(s + 2L * ldx);
                    var v3 = Vector512.Load(s + 3L * ldx); var v4 = Vector512.Load(s + 4L * ldx); var v5 = Vector512.Load(s + 5L * ldx);
                    var v6 = Vector512.Load(s + 6L * ldx); var v7 = Vector512.Load(s + 7L * ldx);
                    Transpose8x8(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
                    double* d = xp + (long)k0 * GroupRows + r0;
                    v0.StoreAligned(d); v1.StoreAligned(d + GroupRows); v2.StoreAligned(d + 2 * GroupRows); v3.StoreAligned(d + 3 * GroupRows);
                    v4.StoreAligned(d + 4 * GroupRows); v5.StoreAligned(d + 5 * GroupRows); v6.StoreAligned(d + 6 * GroupRows); v7.StoreAligned(d + 7 * GroupRows);
                }
                for (int r = r0; r < r0 + 8; r++)
                    for (int k = fullColumns; k < padded; k++) xp[(long)k * GroupRows + r] = k < b ? x[(long)r * ldx + k] : 0.0;
                continue;
            }
            for (int r = r0; r < r0 + 8; r++)
                for (int k = 0; k < padded; k++) xp[(long)k * GroupRows + r] = r < height && k < b ? x[(long)r * ldx + k] : 0.0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UnpackGroup(double* xp, double* x, int ldx, int height, int b)
    {
        int fullColumns = b / 8 * 8;
        for (int r0 = 0; r0 < height; r0 += 8)
        {
            if (r0 + 8 <= height)
            {
                for (int k0 = 0; k0 < fullColumns; k0 += 8)
                {
                    double* s = xp + (long)k0 * GroupRows + r0;
                    var v0 = Vector512.LoadAligned(s); var v1 = Vector512.LoadAligned(s + GroupRows); var v2 = Vector512.LoadAligned(s + 2 * GroupRows);
                    var v3 = Vector512.LoadAligned(s + 3 * GroupRows); var v4 = Vector512.LoadAligned(s + 4 * GroupRows); var v5 = Vector512.LoadAligned(s + 5 * GroupRows);
                    var v6 = Vector512.LoadAligned(s + 6 * GroupRows); var v7 = Vector512.LoadAligned(s + 7 * GroupRows);
                    Transpose8x8(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
                    double* d = x + (long)r0 * ldx + k0;
                    v0.Store(d); v1.Store(d + ldx); v2.Store(d + 2L * ldx); v3.Store(d + 3L * ldx);
                    v4.Store(d + 4L * ldx); v5.Store(d + 5L * ldx); v6.Store(d + 6L * ldx); v7.Store(d + 7L * ldx);
                }
                for (int r = r0; r < r0 + 8; r++)
                    for (int k = fullColumns; k < b; k++) x[(long)r * ldx + k] = xp[(long)k * GroupRows + r];
                continue;
            }
            for (int r = r0; r < height; r++)
                for (int k = 0; k < b; k++) x[(long)r * ldx + k] = xp[(long)k * GroupRows + r];
        }
    }

    private static readonly Vector512<long> PairsLow = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13);
    private static readonly Vector512<long> PairsHigh = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
    private static readonly Vector512<long> HalvesLow = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11);
    private static readonly Vector512<long> HalvesHigh = Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15);

    /// <summary>Transposes the 8×8 block whose rows are v0…v7: after it, vj holds the old column j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref Vector512<double> v0, ref Vector512<double> v1, ref Vector512<double> v2, ref Vector512<double> v3,
        ref Vector512<double> v4, ref Vector512<double> v5, ref Vector512<double> v6, ref Vector512<double> v7)
    {
        // Interleave neighbouring rows, then pairs of columns, then halves: three stages of 8 two-source permutes.
        var t0 = Avx512F.UnpackLow(v0, v1); var t1 = Avx512F.UnpackHigh(v0, v1);
        var t2 = Avx512F.UnpackLow(v2, v3); var t3 = Avx512F.UnpackHigh(v2, v3);
        var t4 = Avx512F.UnpackLow(v4, v5); var t5 = Avx512F.UnpackHigh(v4, v5);
        var t6 = Avx512F.UnpackLow(v6, v7); var t7 = Avx512F.UnpackHigh(v6, v7);
        var u0 = Avx512F.PermuteVar8x64x2(t0, PairsLow, t2); var u2 = Avx512F.PermuteVar8x64x2(t0, PairsHigh, t2);
        var u1 = Avx512F.PermuteVar8x64x2(t1, PairsLow, t3); var u3 = Avx512F.PermuteVar8x64x2(t1, PairsHigh, t3);
        var u4 = Avx512F.PermuteVar8x64x2(t4, PairsLow, t6); var u6 = Avx512F.PermuteVar8x64x2(t4, PairsHigh, t6);
        var u5 = Avx512F.PermuteVar8x64x2(t5, PairsLow, t7); var u7 = Avx512F.PermuteVar8x64x2(t5, PairsHigh, t7);
        v0 = Avx512F.PermuteVar8x64x2(u0, HalvesLow, u4); v4 = Avx512F.PermuteVar8x64x2(u0, HalvesHigh, u4);
        v1 = Avx512F.PermuteVar8x64x2(u1, HalvesLow, u5); v5 = Avx512F.PermuteVar8x64x2(u1, HalvesHigh, u5);
        v2 = Avx512F.PermuteVar8x64x2(u2, HalvesLow, u6); v6 = Avx512F.PermuteVar8x64x2(u2, HalvesHigh, u6);
        v3 = Avx512F.PermuteVar8x64x2(u3, HalvesLow, u7); v7 = Avx512F.PermuteVar8x64x2(u3, HalvesHigh, u7);
    }

    /// <summary>
    /// Unknowns c…c+7 of the group: the products with unknowns 0…c−1 in registers, then the 8×8 triangle in order,
    /// continuing each unknown's chain, and the division by its pivot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SolveBlock(double* xp, double* lp, int c, double* pivots)
    {
        const int G = GroupRows;
        double* own = xp + (long)c * G;
        Vector512<double> a00 = Vector512.LoadAligned(own), a01 = Vector512.LoadAligned(own + 8), a02 = Vector512.LoadAligned(own + 16);
        Vector512<double> a10 = Vector512.LoadAligned(own + G), a11 = Vector512.LoadAligned(own + G + 8), a12 = Vector512.LoadAligned(own + G + 16);
        Vector512<double> a20 = Vector512.LoadAligned(own + 2 * G), a21 = Vector512.LoadAligned(own + 2 * G + 8), a22 = Vector512.LoadAligned(own + 2 * G + 16);
        Vector512<double> a30 = Vector512.LoadAligned(own + 3 * G), a31 = Vector512.LoadAligned(own + 3 * G + 8), a32 = Vector512.LoadAligned(own + 3 * G + 16);
        Vector512<double> a40 = Vector512.LoadAligned(own + 4 * G), a41 = Vector512.LoadAligned(own + 4 * G + 8), a42 = Vector512.LoadAligned(own + 4 * G + 16);
        Vector512<double> a50 = Vector512.LoadAligned(own + 5 * G), a51 = Vector512.LoadAligned(own + 5 * G + 8), a52 = Vector512.LoadAligned(own + 5 * G + 16);
        Vector512<double> a60 = Vector512.LoadAligned(own + 6 * G), a61 = Vector512.LoadAligned(own + 6 * G + 8), a62 = Vector512.LoadAligned(own + 6 * G + 16);
        Vector512<double> a70 = Vector512.LoadAligned(own + 7 * G), a71 = Vector512.LoadAligned(own + 7 * G + 8), a72 = Vector512.LoadAligned(own + 7 * G + 16);
        double* xk = xp, lk = lp;
        for (int k = 0; k < c; k++, xk += G, lk += BlockColumns)
        {
            var x0 = Vector512.LoadAligned(xk);
            var x1 = Vector512.LoadAligned(xk + 8);
            var x2 = Vector512.LoadAligned(xk + 16);
            var f = Vector512.Create(lk[0]); a00 = Vector512.FusedMultiplyAdd(f, x0, a00); a01 = Vector512.FusedMultiplyAdd(f, x1, a01); a02 = Vector512.FusedMultiplyAdd(f, x2, a02);
            f = Vector512.Create(lk[1]); a10 = Vector512.FusedMultiplyAdd(f, x0, a10); a11 = Vector512.FusedMultiplyAdd(f, x1, a11); a12 = Vector512.FusedMultiplyAdd(f, x2, a12);
            f = Vector512.Create(lk[2]); a20 = Vector512.FusedMultiplyAdd(f, x0, a20); a21 = Vector512.FusedMultiplyAdd(f, x1, a21); a22 = Vector512.FusedMultiplyAdd(f, x2, a22);
            f = Vector512.Create(lk[3]); a30 = Vector512.FusedMultiplyAdd(f, x0, a30); a31 = Vector512.FusedMultiplyAdd(f, x1, a31); a32 = Vector512.FusedMultiplyAdd(f, x2, a32);
            f = Vector512.Create(lk[4]); a40 = Vector512.FusedMultiplyAdd(f, x0, a40); a41 = Vector512.FusedMultiplyAdd(f, x1, a41); a42 = Vector512.FusedMultiplyAdd(f, x2, a42);
            f = Vector512.Create(lk[5]); a50 = Vector512.FusedMultiplyAdd(f, x0, a50); a51 = Vector512.FusedMultiplyAdd(f, x1, a51); a52 = Vector512.FusedMultiplyAdd(f, x2, a52);
            f = Vector512.Create(lk[6]); a60 = Vector512.FusedMultiplyAdd(f, x0, a60); a61 = Vector512.FusedMultiplyAdd(f, x1, a61); a62 = Vector512.FusedMultiplyAdd(f, x2, a62);
            f = Vector512.Create(lk[7]); a70 = Vector512.FusedMultiplyAdd(f, x0, a70); a71 = Vector512.FusedMultiplyAdd(f, x1, a71); a72 = Vector512.FusedMultiplyAdd(f, x2, a72);
        }
        a00.StoreAligned(own); a01.StoreAligned(own + 8); a02.StoreAligned(own + 16);
        a10.StoreAligned(own + G); a11.StoreAligned(own + G + 8); a12.StoreAligned(own + G + 16);
        a20.StoreAligned(own + 2 * G); a21.StoreAligned(own + 2 * G + 8); a22.StoreAligned(own + 2 * G + 16);
        a30.StoreAligned(own + 3 * G); a31.StoreAligned(own + 3 * G + 8); a32.StoreAligned(own + 3 * G + 16);
        a40.StoreAligned(own + 4 * G); a41.StoreAligned(own + 4 * G + 8); a42.StoreAligned(own + 4 * G + 16);
        a50.StoreAligned(own + 5 * G); a51.StoreAligned(own + 5 * G + 8); a52.StoreAligned(own + 5 * G + 16);
        a60.StoreAligned(own + 6 * G); a61.StoreAligned(own + 6 * G + 8); a62.StoreAligned(own + 6 * G + 16);
        a70.StoreAligned(own + 7 * G); a71.StoreAligned(own + 7 * G + 8); a72.StoreAligned(own + 7 * G + 16);
        // The block's own triangle, from L1: unknown j takes the block's unknowns before it, then its pivot.
        for (int j = 0; j < BlockColumns; j++)
        {
            double* target = own + (long)j * G;
            var v0 = Vector512.LoadAligned(target);
            var v1 = Vector512.LoadAligned(target + 8);
            var v2 = Vector512.LoadAligned(target + 16);
            for (int i = 0; i < j; i++)
            {
                var f = Vector512.Create(lk[(long)i * BlockColumns + j]);
                double* solved = own + (long)i * G;
                v0 = Vector512.FusedMultiplyAdd(f, Vector512.LoadAligned(solved), v0);
                v1 = Vector512.FusedMultiplyAdd(f, Vector512.LoadAligned(solved + 8), v1);
                v2 = Vector512.FusedMultiplyAdd(f, Vector512.LoadAligned(solved + 16), v2);
            }
            var pivot = Vector512.Create(pivots[j]);
            (v0 / pivot).StoreAligned(target);
            (v1 / pivot).StoreAligned(target + 8);
            (v2 / pivot).StoreAligned(target + 16);
        }
    }
}
