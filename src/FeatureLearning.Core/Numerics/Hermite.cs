namespace FeatureLearning.Core.Numerics;

/// <summary>
/// Probabilists' Hermite polynomials He_k (He_0 = 1, He_1 = x, He_{k+1} = x He_k − k He_{k−1}) and their normalised
/// form h_k = He_k/√(k!), orthonormal under N(0, 1): E[h_j(z) h_k(z)] = δ_jk.
/// </summary>
public static class Hermite
{
    /// <summary>He_k(x) by the three-term recurrence.</summary>
    public static double Probabilists(int k, double x)
    {
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), "The degree must be non-negative.");
        if (k == 0) return 1.0;
        double previous = 1.0, current = x;
        for (int j = 1; j < k; j++)
        {
            double next = x * current - j * previous;
            previous = current;
            current = next;
        }
        return current;
    }

    /// <summary>h_k(x) = He_k(x)/√(k!).</summary>
    public static double Normalised(int k, double x) => Probabilists(k, x) / Math.Sqrt(Factorial(k));

    /// <summary>h_0(x) … h_{K−1}(x) into <paramref name="values"/> (length K), by the normalised recurrence
    /// h_{k+1} = (x h_k − √k h_{k−1})/√(k+1), without allocation.</summary>
    public static void NormalisedAll(double x, Span<double> values)
    {
        if (values.Length == 0) return;
        values[0] = 1.0;
        if (values.Length == 1) return;
        values[1] = x;
        for (int k = 1; k + 1 < values.Length; k++)
            values[k + 1] = (x * values[k] - Math.Sqrt(k) * values[k - 1]) / Math.Sqrt(k + 1);
    }

    public static double Factorial(int k)
    {
        double f = 1;
        for (int j = 2; j <= k; j++) f *= j;
        return f;
    }
}
