using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;
using MathNet.Numerics;

namespace FeatureLearning.Core.Theory;

/// <summary>Bayes-optimal classification error of the Gaussian mixtures (closed form / 1-D integral).</summary>
public static class BayesOptimalError
{
    public static double ForMixture(MixtureKind kind, double snr)
    {
        if (!double.IsFinite(snr) || snr < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSnr", $"-Snr must be non-negative and finite, got {snr}.");
        double m = Math.Sqrt(snr);
        return kind switch
        {
            // Two clusters ±m·e1: the Bayes rule is sign(x·e1), error Φ(−m).
            MixtureKind.TwoCluster => StandardNormal.Cdf(-m),
            // XOR: predict +1 iff |x·e1| > |x·e2|. With u ~ N(m,1), v ~ N(0,1): err = P(|v| > |u|) = E_u[2(1 − Φ(|u|))].
            MixtureKind.Xor => Xor(m),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static double Xor(double m)
    {
        // The integrand has a kink at u = 0; integrate each smooth side separately (double-exponential rule).
        double Integrand(double u) => StandardNormal.Pdf(u - m) * 2.0 * StandardNormal.Cdf(-Math.Abs(u));
        double lower = Math.Min(-1.0, m - 40.0);
        double upper = m + 40.0;
        return Integrate.DoubleExponential(Integrand, lower, 0.0, 1e-12)
             + Integrate.DoubleExponential(Integrand, 0.0, upper, 1e-12);
    }
}
