using FeatureLearning.Core.Numerics;
using MathNet.Numerics;

namespace FeatureLearning.Core.Theory.OnlineSgd;

/// <summary>
/// Closed-form Gaussian averages for g(u) = erf(u/√2) = 2Φ(u) − 1, g'(u) = √(2/π) e^{−u²/2}, with non-zero means (the
/// cluster means make the arcsine forms of Saad and Solla inapplicable). They follow from g(u) = E_ξ[sign(u + ξ)]
/// (orthant probabilities) and from g' being a Gaussian kernel (a tilt keeps Gaussians Gaussian). They check the
/// Monte Carlo layer of <see cref="OnlineSgdOde"/>.
/// </summary>
public static class ErfGaussianMoments
{
    private const double SqrtTwoOverPi = 0.79788456080286535588;

    /// <summary>E[g(a)], a ~ N(μ, var).</summary>
    public static double Mean(double mean, double variance) =>
        SpecialFunctions.Erf(mean / Math.Sqrt(2 * (1 + variance)));

    /// <summary>E[g'(a)], a ~ N(μ, var).</summary>
    public static double DerivativeMean(double mean, double variance) =>
        SqrtTwoOverPi / Math.Sqrt(1 + variance) * Math.Exp(-mean * mean / (2 * (1 + variance)));

    /// <summary>E[g'(a) b] for (a, b) jointly Gaussian: E[g'(a)]·(μ_b − cov·μ_a/(1 + var_a)) (Stein's lemma with g'' = −u g').</summary>
    public static double DerivativeTimesField(double meanA, double varianceA, double meanB, double covariance) =>
        DerivativeMean(meanA, varianceA) * (meanB - covariance * meanA / (1 + varianceA));

    /// <summary>E[g(a) g(b)] = 4Φ₂(h_a, h_b; ρ) − 2Φ(h_a) − 2Φ(h_b) + 1 with h = μ/√(1+var), ρ = cov/√((1+var_a)(1+var_b)).</summary>
    public static double PairMean(double meanA, double meanB, double varianceA, double varianceB, double covariance)
    {
        double sa = Math.Sqrt(1 + varianceA), sb = Math.Sqrt(1 + varianceB);
        double ha = meanA / sa, hb = meanB / sb, rho = covariance / (sa * sb);
        return 4 * BivariateNormalCdf(ha, hb, rho) - 2 * StandardNormal.Cdf(ha) - 2 * StandardNormal.Cdf(hb) + 1;
    }

    /// <summary>E[g'(a) g'(b)] = (2/π) det(I + Σ)^{-1/2} exp(−½ μᵀ(I + Σ)⁻¹μ).</summary>
    public static double DerivativePairMean(double meanA, double meanB, double varianceA, double varianceB, double covariance)
    {
        double a = 1 + varianceA, b = 1 + varianceB, c = covariance;
        double det = a * b - c * c;
        double quadratic = (b * meanA * meanA - 2 * c * meanA * meanB + a * meanB * meanB) / det;
        return 2 / Math.PI / Math.Sqrt(det) * Math.Exp(-0.5 * quadratic);
    }

    /// <summary>Φ₂(h, k; ρ) = P(X ≤ h, Y ≤ k) for standard normals with correlation ρ, by Φ(h)Φ(k) + ∫₀^ρ φ₂(h, k; r) dr.</summary>
    public static double BivariateNormalCdf(double h, double k, double rho)
    {
        if (rho is < -1 or > 1 || double.IsNaN(rho)) throw new ArgumentOutOfRangeException(nameof(rho), "Correlation must be in [-1, 1].");
        double Density(double r)
        {
            double oneMinus = 1 - r * r;
            if (oneMinus <= 0) return 0;
            return Math.Exp(-(h * h - 2 * r * h * k + k * k) / (2 * oneMinus)) / (2 * Math.PI * Math.Sqrt(oneMinus));
        }
        double integral = rho == 0 ? 0
            : rho > 0 ? Integrate.DoubleExponential(Density, 0, rho, 1e-12)
            : -Integrate.DoubleExponential(Density, rho, 0, 1e-12);
        return StandardNormal.Cdf(h) * StandardNormal.Cdf(k) + integral;
    }
}
