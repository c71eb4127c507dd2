using FeatureLearning.Core.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace FeatureLearning.Core.MultiIndex;

/// <summary>How much of a first layer W (m×d) lies in span(U) for U (r×d) with orthonormal rows.</summary>
public static class SubspaceAlignment
{
    /// <summary>‖W Uᵀ‖²_F / ‖W‖²_F: the fraction of the first layer's squared norm inside span(U). About r/d for
    /// random rows, 1 when every row lies in span(U).</summary>
    public static double Fraction(double[] w, int m, int d, double[] u, int r)
    {
        double inside = 0, total = 0;
        for (int j = 0; j < m; j++)
        {
            var row = w.AsSpan(j * d, d);
            total += DenseMath.Dot(row, row);
            for (int a = 0; a < r; a++)
            {
                double c = DenseMath.Dot(row, u.AsSpan(a * d, d));
                inside += c * c;
            }
        }
        return total > 0 ? inside / total : double.NaN;
    }

    /// <summary>
    /// Cosines of the principal angles between span(U) and the top-r right singular subspace of W (descending; all 1
    /// when W's dominant r-dimensional row space is span(U)).
    /// </summary>
    public static double[] PrincipalCosines(double[] w, int m, int d, double[] u, int r)
    {
        var wm = Matrix<double>.Build.Dense(d, m, w); // column-major d×m view of row-major m×d: this is Wᵀ
        var gram = wm * wm.Transpose();               // WᵀW, d×d
        var evd = gram.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).Take(r).ToArray();
        var um = Matrix<double>.Build.Dense(d, r, u); // column-major d×r view of row-major r×d: Uᵀ
        var v = Matrix<double>.Build.Dense(d, r, (i, k) => evd.EigenVectors[i, order[k]]);
        var cross = um.Transpose() * v;
        return cross.Svd(computeVectors: false).S.Select(s => Math.Min(1.0, s)).ToArray();
    }
}
