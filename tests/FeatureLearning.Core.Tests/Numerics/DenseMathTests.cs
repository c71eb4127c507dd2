using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace FeatureLearning.Core.Tests;

public class DenseMathTests
{
    private static double[] RandomMatrix(int rows, int cols, long seed)
    {
        var a = new double[rows * cols];
        new Rng(seed).FillGaussian(a);
        return a;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 3)]
    [InlineData(67, 131, 300)]   // crosses the row, column and depth blocks with remainders
    [InlineData(130, 66, 517)]
    public void MultiplyABt_matches_the_naive_triple_loop(int m, int n, int k)
    {
        var a = RandomMatrix(m, k, 1); var b = RandomMatrix(n, k, 2);
        var c = new double[m * n];
        DenseMath.MultiplyABt(a, m, k, b, n, c);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i * k + t] * b[j * k + t];
                Assert.Equal(s, c[i * n + j], 1e-9 * Math.Max(1, Math.Abs(s)));
            }
    }

    [Fact]
    public void Gram_and_TransposeGram_match_the_naive_products()
    {
        int n = 150, k = 70;
        var a = RandomMatrix(n, k, 3);
        var g = new double[n * n];
        DenseMath.Gram(a, n, k, g);
        var t = new double[k * k];
        DenseMath.TransposeGram(a, n, k, t);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int q = 0; q < k; q++) s += a[i * k + q] * a[j * k + q];
                Assert.Equal(s, g[i * n + j], 1e-9);
            }
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double s = 0;
                for (int q = 0; q < n; q++) s += a[q * k + i] * a[q * k + j];
                Assert.Equal(s, t[i * k + j], 1e-9);
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(95)]
    [InlineData(300)]   // several 96-wide panels
    public void Cholesky_reconstructs_the_matrix_and_solves_like_MathNet(int n)
    {
        var x = RandomMatrix(n, n + 5, 4);
        var a = new double[n * n];
        DenseMath.Gram(x, n, n + 5, a);
        for (int i = 0; i < n; i++) a[i * n + i] += 1.0;
        var l = (double[])a.Clone();
        DenseMath.Cholesky(l, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int q = 0; q < n; q++) s += l[i * n + q] * l[j * n + q];
                Assert.Equal(a[i * n + j], s, 1e-8 * Math.Max(1, Math.Abs(a[i * n + j])));
            }
        var b = RandomMatrix(n, 1, 5);
        var mine = DenseMath.SolveRidge(a, n, 0.0, b);
        var reference = Matrix<double>.Build.DenseOfRowMajor(n, n, a).Solve(Vector<double>.Build.DenseOfArray(b));
        for (int i = 0; i < n; i++) Assert.Equal(reference[i], mine[i], 1e-7);
    }

    [Fact]
    public void Cholesky_rejects_an_indefinite_matrix_with_advice()
    {
        var a = new double[] { 1, 2, 2, 1 };
        var ex = Assert.Throws<FeatureLearningException>(() => DenseMath.Cholesky(a, 2));
        Assert.Equal("FeatureLearning.NotPositiveDefinite", ex.ErrorId);
        Assert.Contains("ridge", ex.Message);
    }

    [Fact]
    public void Results_are_identical_across_runs_with_parallel_blocks()
    {
        int n = 400, k = 333;
        var a = RandomMatrix(n, k, 6);
        var g1 = new double[n * n]; var g2 = new double[n * n];
        DenseMath.Gram(a, n, k, g1);
        DenseMath.Gram(a, n, k, g2);
        Assert.Equal(g1, g2);
    }
}
