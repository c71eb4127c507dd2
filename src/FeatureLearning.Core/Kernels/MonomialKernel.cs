namespace FeatureLearning.Core.Kernels;

/// <summary>
/// The kernel of the embedding into all C(d, p) multilinear monomials of degree p: k(x, x') = Σ_{|S|=p} Π_{i∈S} x_i x'_i
/// = e_p(x_1x'_1, …, x_dx'_d), the elementary symmetric polynomial of the coordinate products, computed in O(dp)
/// by the recurrence e_j ← e_j + z·e_{j−1} (j = p…1) instead of forming the C(d, p) features.
/// </summary>
public static class MonomialKernel
{
    public static double Value(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, int degree)
    {
        Span<double> e = stackalloc double[degree + 1];
        e.Clear();
        e[0] = 1;
        for (int i = 0; i < x1.Length; i++)
        {
            double z = x1[i] * x2[i];
            for (int j = degree; j >= 1; j--) e[j] += z * e[j - 1];
        }
        return e[degree];
    }

    /// <summary>k(x1_i, x2_j) into output (n1×n2, row-major).</summary>
    public static void Matrix(double[] x1, int n1, double[] x2, int n2, int d, int degree, double[] output, CancellationToken cancel = default)
    {
        if (degree > 64)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Degree of the monomial kernel must be at most 64, got {degree}.");
        Parallel.For(0, n1, Numerics.Parallelism.Options(cancel), i =>
        {
            var row = x1.AsSpan(i * d, d);
            var outRow = output.AsSpan(i * n2, n2);
            for (int j = 0; j < n2; j++) outRow[j] = Value(row, x2.AsSpan(j * d, d), degree);
        });
    }
}
