using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

/// <summary>
/// The AVX-512 panel solve X := X·L⁻ᵀ against forward substitution written out per row, on sizes that leave remainders
/// in its 24-row groups and 8-unknown blocks, and against OpenBLAS's TRSM.
/// </summary>
public unsafe class TriangularSolveKernelTests
{
    private static (double[] L, double[] X) Problem(int rows, int b, int ld, long seed)
    {
        var rng = new Rng(seed);
        var l = new double[b * ld];
        var x = new double[rows * ld];
        rng.FillGaussian(x);
        for (int i = 0; i < b; i++)
        {
            for (int k = 0; k < i; k++) l[i * ld + k] = rng.NextGaussian() / Math.Sqrt(b);
            l[i * ld + i] = 1 + Math.Abs(rng.NextGaussian());
            for (int k = i + 1; k < ld; k++) l[i * ld + k] = double.NaN; // never read
        }
        return (l, x);
    }

    /// <summary>Each unknown: one FMA chain over the unknowns before it, in order, then the division by its pivot.</summary>
    private static void Substitute(double[] l, double[] x, int rows, int b, int ld)
    {
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < b; i++)
            {
                double s = x[r * ld + i];
                for (int k = 0; k < i; k++) s = Math.FusedMultiplyAdd(-l[i * ld + k], x[r * ld + k], s);
                x[r * ld + i] = s / l[i * ld + i];
            }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 7)]
    [InlineData(24, 8)]
    [InlineData(25, 13)]
    [InlineData(100, 64)]
    [InlineData(49, 256)]
    [InlineData(31, 261)]
    public void Matches_forward_substitution_to_the_last_bit_and_leaves_other_columns_alone(int rows, int b)
    {
        if (!TriangularSolveKernel.IsSupported) return; // no AVX-512: the Cholesky uses OpenBLAS's TRSM instead
        int ld = b + 5;
        var (l, x) = Problem(rows, b, ld, rows * 1000 + b);
        var expected = (double[])x.Clone();
        Substitute(l, expected, rows, b, ld);
        fixed (double* pl = l, px = x) TriangularSolveKernel.SolveRightLowerTransposed(pl, ld, px, ld, rows, b);
        for (int i = 0; i < x.Length; i++)
            if (BitConverter.DoubleToInt64Bits(x[i]) != BitConverter.DoubleToInt64Bits(expected[i]))
                Assert.Fail($"row {i / ld}, column {i % ld}: {x[i]:R}, substitution {expected[i]:R}");
    }

    [Fact]
    public void Agrees_with_OpenBLAS_and_solves_the_system()
    {
        if (!TriangularSolveKernel.IsSupported || !DenseBackend.NativeAvailable) return;
        int rows = 300, b = 256, ld = 300;
        var (l, x) = Problem(rows, b, ld, 7);
        var original = (double[])x.Clone();
        var blas = (double[])x.Clone();
        fixed (double* pl = l, px = x, pb = blas)
        {
            TriangularSolveKernel.SolveRightLowerTransposed(pl, ld, px, ld, rows, b);
            OpenBlas.TrsmRightLowerTrans(pl, ld, pb, ld, rows, b);
        }
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < b; j++)
            {
                Assert.Equal(blas[r * ld + j], x[r * ld + j], 1e-12);
                double back = 0; // (X·Lᵀ)[r, j] must give the right-hand side back
                for (int k = 0; k <= j; k++) back += x[r * ld + k] * l[j * ld + k];
                Assert.Equal(original[r * ld + j], back, 1e-12);
            }
    }
}
