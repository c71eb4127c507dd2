namespace FeatureLearning.Core.ReluTeacher;

/// <summary>
/// The Hermite expansion of |z| for z ~ N(0, 1), which fixes what a kernel can and cannot fit of aᵀ|W*x|:
/// |z| = √(2/π) + (1/√π)·He2(z)/√2 + (degree ≥ 4), only even degrees. The shares below are fractions of E|z|² = 1.
/// </summary>
public static class AbsoluteValueHermite
{
    /// <summary>E|z| = √(2/π), the degree-0 coefficient.</summary>
    public static readonly double Mean = Math.Sqrt(2 / Math.PI);

    /// <summary>Var|z| = 1 − 2/π ≈ 0.3634.</summary>
    public static readonly double Variance = 1 - 2 / Math.PI;

    /// <summary>Squared degree-2 coefficient (E[|z| He2(z)])²/2 = 1/π ≈ 0.3183.</summary>
    public static readonly double QuadraticShare = 1 / Math.PI;

    /// <summary>Variance of the degree ≥ 4 part: 1 − 2/π − 1/π = 1 − 3/π ≈ 0.0451.</summary>
    public static readonly double HigherOrderShare = 1 - 3 / Math.PI;

    /// <summary>
    /// Squared coefficient of |z| on the normalised Hermite polynomial He_k/√(k!): 0 for odd k, and for k = 2l ≥ 2,
    /// E[|z| He_2l(z)] = (−1)^{l+1} (2l − 3)!! √(2/π), so c² = (2/π) ((2l − 3)!!)² / (2l)!.
    /// </summary>
    public static double SquaredCoefficient(int degree)
    {
        if (degree < 0) throw new ArgumentOutOfRangeException(nameof(degree));
        if (degree == 0) return 2 / Math.PI;
        if (degree % 2 == 1) return 0;
        double doubleFactorial = 1;
        for (int k = 2 * (degree / 2) - 3; k > 1; k -= 2) doubleFactorial *= k;
        double factorial = 1;
        for (int k = 2; k <= degree; k++) factorial *= k;
        return 2 / Math.PI * doubleFactorial * doubleFactorial / factorial;
    }

    /// <summary>Variance of the part of |z| of Hermite degree ≥ <paramref name="degree"/> (≥ 1): 1 − Σ_{k &lt; degree} c_k².</summary>
    public static double TailShare(int degree)
    {
        if (degree < 1) throw new ArgumentOutOfRangeException(nameof(degree));
        double below = 0;
        for (int k = 0; k < degree; k++) below += SquaredCoefficient(k);
        return 1 - below;
    }
}
