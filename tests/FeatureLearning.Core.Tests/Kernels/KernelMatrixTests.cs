using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

/// <summary>The vectorised kernel matrices (one GEMM, norms and a vectorised map) against the kernel evaluated pair by pair.</summary>
public class KernelMatrixTests
{
    [Theory]
    [InlineData(KernelKind.Rbf)]
    [InlineData(KernelKind.Ntk)]
    [InlineData(KernelKind.Polynomial)]
    public void Matrix_and_its_lower_triangle_match_the_kernel_pair_by_pair(KernelKind kind)
    {
        int n1 = 150, n2 = 97, d = 30;
        var x1 = new double[n1 * d]; var x2 = new double[n2 * d];
        new Rng(1).FillGaussian(x1); new Rng(2).FillGaussian(x2);
        var spec = new KernelSpec(kind, Gamma: 0.8);
        var sq1 = KernelSpec.SquaredNorms(x1, n1, d); var sq2 = KernelSpec.SquaredNorms(x2, n2, d);
        double Pair(double[] a, int i, double[] b, int j)
        {
            double s = 0, aa = 0, bb = 0;
            for (int t = 0; t < d; t++) { s += a[i * d + t] * b[j * d + t]; aa += a[i * d + t] * a[i * d + t]; bb += b[j * d + t] * b[j * d + t]; }
            return spec.Value(s / d, aa / d, bb / d);
        }
        // acos amplifies the rounding of s near θ = 0 (dθ ~ ds/√(1 − cos θ)), so the NTK diagonal differs from the
        // pair-by-pair value at 1e-8 with any summation order; the other kernels are smooth there.
        double tolerance = kind == KernelKind.Ntk ? 1e-7 : 1e-12;
        var cross = new double[n1 * n2];
        spec.Matrix(x1, sq1, n1, x2, sq2, n2, d, cross);
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++) Assert.Equal(Pair(x1, i, x2, j), cross[i * n2 + j], tolerance);
        var lower = new double[n1 * n1];
        spec.SymmetricMatrixLower(x1, sq1, n1, d, lower);
        for (int i = 0; i < n1; i++)
            for (int j = 0; j <= i; j++) Assert.Equal(Pair(x1, i, x1, j), lower[i * n1 + j], tolerance);
    }
}
