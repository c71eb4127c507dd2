using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Kernels;

/// <summary>A kernel and its parameters. <see cref="Gamma"/> NaN means "choose by the median heuristic".</summary>
public sealed record KernelSpec(KernelKind Kind, double Gamma = double.NaN, int Degree = 2, double Coef0 = 1.0)
{
    public void Validate()
    {
        if (Kind is KernelKind.Polynomial or KernelKind.Monomial && Degree < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Degree must be at least 1, got {Degree}.");
        if (Kind == KernelKind.Rbf && !double.IsNaN(Gamma) && (!double.IsFinite(Gamma) || Gamma <= 0))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Gamma must be positive and finite, got {Gamma}.");
        if (!double.IsFinite(Coef0))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Coef0 must be finite, got {Coef0}.");
    }

    /// <summary>
    /// Kernel matrix between rows of x1 (n1×d) and x2 (n2×d) into output (n1×n2), given squared norms/d of each row.
    /// GEMM tiles for the inner products, each entry mapped to its kernel value as it is finished.
    /// </summary>
    public void Matrix(double[] x1, double[] sq1, int n1, double[] x2, double[] sq2, int n2, int d, double[] output, CancellationToken cancel = default)
    {
        if (Kind == KernelKind.Monomial)
        {
            // Not a function of s alone: needs the coordinate products.
            MonomialKernel.Matrix(x1, n1, x2, n2, d, Degree, output, cancel);
            return;
        }
        if (ReferenceEquals(x1, x2) && n1 == n2)
        {
            SymmetricMatrixLower(x1, sq1, n1, d, output, cancel);
            DenseMath.MirrorLower(output, n1, cancel);
            return;
        }
        if (Kind == KernelKind.Rbf)
            DenseMath.MultiplyABtTiled(x1, n1, d, x2, n2, output, new RbfEntryMap(sq1, sq2, d, Gamma), cancel, packedKernel: true);
        else
            DenseMath.MultiplyABtTiled(x1, n1, d, x2, n2, output, new ScalarKernelEntryMap(this, sq1, sq2, d), cancel, packedKernel: true);
    }

    /// <summary>
    /// The lower triangle (with the diagonal) of the kernel matrix of x (n×d) with itself; entries above the diagonal
    /// are unspecified. Half the products and half the map of <see cref="Matrix"/>: all a Cholesky factorisation reads.
    /// The map is fused into the product: it runs on each block of x·xᵀ as it is finished (see <see cref="IEntryMap"/>).
    /// </summary>
    internal void SymmetricMatrixLower(double[] x, double[] sq, int n, int d, double[] output, CancellationToken cancel = default)
    {
        if (Kind == KernelKind.Monomial)
        {
            MonomialKernel.Matrix(x, n, x, n, d, Degree, output, cancel);
            return;
        }
        if (Kind == KernelKind.Rbf)
            DenseMath.GramLowerTiled(x, n, d, output, new RbfEntryMap(sq, sq, d, Gamma), cancel, packedKernel: true);
        else
            DenseMath.GramLowerTiled(x, n, d, output, new ScalarKernelEntryMap(this, sq, sq, d), cancel, packedKernel: true);
    }

    /// <summary>k from s = x·x'/d and the squared norms a² = ‖x‖²/d, b² = ‖x'‖²/d.</summary>
    public double Value(double s, double aa, double bb)
    {
        switch (Kind)
        {
            case KernelKind.Linear: return s;
            case KernelKind.Polynomial: return Math.Pow(s + Coef0, Degree);
            case KernelKind.Rbf: return Math.Exp(-Gamma * Math.Max(0.0, aa + bb - 2 * s));
            default:
                double ab = Math.Sqrt(aa * bb);
                if (ab == 0) return 0.0;
                double cos = Math.Clamp(s / ab, -1.0, 1.0);
                double theta = Math.Acos(cos);
                double k1 = ab * (Math.Sin(theta) + (Math.PI - theta) * cos) / (2 * Math.PI);
                double k0 = (Math.PI - theta) / (2 * Math.PI);
                return Kind switch
                {
                    KernelKind.ArcCosine => k1,
                    KernelKind.ArcCosine0 => k0,
                    KernelKind.Ntk => k1 + s * k0,
                    KernelKind.Monomial => throw new InvalidOperationException("The monomial kernel needs the coordinates; use MonomialKernel.Value."),
                    _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
                };
        }
    }

    /// <summary>Squared row norms divided by d.</summary>
    public static double[] SquaredNorms(double[] x, int n, int d)
    {
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            result[i] = DenseMath.Dot(row, row) / d;
        }
        return result;
    }

    public override string ToString() => Kind switch
    {
        KernelKind.Rbf => $"Rbf(gamma={Gamma:G3})",
        KernelKind.Polynomial => $"Polynomial(degree={Degree}, c={Coef0:G3})",
        KernelKind.Monomial => $"Monomial(degree={Degree})",
        _ => Kind.ToString(),
    };
}
