namespace FeatureLearning.Core.Numerics;

/// <summary>Density and distribution function of N(0, 1).</summary>
public static class StandardNormal
{
    public const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>Φ(x).</summary>
    public static double Cdf(double x) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2.0));

    /// <summary>φ(x).</summary>
    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);
}
