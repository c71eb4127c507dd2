using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Theory;

/// <summary>
/// The spiked random-features model W = √c·W0 + r·1·v̂ᵀ with cos(v̂, θ) = γ that stands for the first layer after
/// one giant gradient step (Cui et al. 2024, sRF; formulas of their theory notebook, detail II.4).
/// </summary>
public sealed record SpikedRfParameters(double R, double C, double Gamma)
{
    /// <summary>ρ = √(1 − γ²): the part of θ orthogonal to the spike.</summary>
    public double Rho => Math.Sqrt(Math.Max(0, 1 - Gamma * Gamma));

    /// <summary>Plain random features at initialisation: r = 0, c = 1, γ = 0.</summary>
    public static SpikedRfParameters RandomFeatures { get; } = new(0, 1, 0);

    /// <summary>
    /// sRF parameters of one full-batch step of size η̃ on n0 = α0·d samples (row update
    /// w ← w + η̃ (1/n0) Σ (y − f0) σ'(w·x) x):
    ///   r = η̃ μ1 √(μ1*² + μ2*/α0),  c = 1 + η̃² μ2* s2/α0,  γ = μ1*/√(μ1*² + μ2*/α0),
    /// with μ1 = E[zσ], s2 = Var σ'(z), μ1* = E[zσ*], μ2* = E[(y − f0)²]. The notebook has f0 ≈ 0 (odd σ, a0 = 1/√p);
    /// for other σ we use f0 ≈ E[σ(z)] and count label noise in μ2* [ours].
    /// </summary>
    public static SpikedRfParameters FromOneStep(Activation sigma, LinkFunction target, double noise, double stepSize, double alpha0)
    {
        if (!double.IsFinite(stepSize) || stepSize < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidStepSize", $"-StepSize (η̃) must be non-negative and finite, got {stepSize}.");
        if (!double.IsFinite(alpha0) || alpha0 < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidAlpha0", $"-Alpha0 (first-batch samples per dimension) must be non-negative and finite, got {alpha0}.");
        if (!double.IsFinite(noise) || noise < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidNoise", $"-Noise must be non-negative and finite, got {noise}.");
        if (stepSize == 0 || alpha0 == 0) return RandomFeatures;
        var h = HermiteCoefficients.Of(sigma, target, noise);
        double spike = Math.Sqrt(h.Mu1Star * h.Mu1Star + h.ResidualSecondMoment / alpha0);
        double r = stepSize * h.Mu1 * spike;
        double c = 1 + stepSize * stepSize * h.ResidualSecondMoment * h.DerivativeVariance / alpha0;
        double gamma = spike > 0 ? h.Mu1Star / spike : 0;
        return new SpikedRfParameters(r, c, gamma);
    }
}

/// <summary>Gaussian moments of the student activation σ and the target link σ* that enter the sRF parameters.</summary>
public sealed record HermiteCoefficients(double Mu0, double Mu1, double Mu2, double DerivativeVariance,
    double Mu0Star, double Mu1Star, double Mu2Star, double ResidualSecondMoment)
{
    /// <summary>
    /// μ0 = E σ(z), μ1 = E[zσ(z)], μ2 = E σ², s2 = E[(σ'(z) − μ1)²]; μ0*, μ1*, μ2* likewise for σ*; and
    /// E[(σ*(z) + noise − μ0)²], the second moment of the first step's residual y − f0.
    /// </summary>
    public static HermiteCoefficients Of(Activation sigma, LinkFunction target, double noise)
    {
        var gh = GaussHermite.Create(200);
        double mu0 = gh.Expect(z => ActivationFunctions.Value(sigma, z));
        double mu1 = gh.Expect(z => z * ActivationFunctions.Value(sigma, z));
        double mu2 = gh.Expect(z => Math.Pow(ActivationFunctions.Value(sigma, z), 2));
        double s2 = gh.Expect(z => Math.Pow(ActivationFunctions.Derivative(sigma, z) - mu1, 2));
        double m0s = gh.Expect(z => LinkFunctions.Value(target, z));
        double m1s = gh.Expect(z => z * LinkFunctions.Value(target, z));
        double m2s = gh.Expect(z => Math.Pow(LinkFunctions.Value(target, z), 2));
        double residual = m2s - 2 * mu0 * m0s + mu0 * mu0 + noise * noise;
        return new HermiteCoefficients(mu0, mu1, mu2, s2, m0s, m1s, m2s, residual);
    }

    /// <summary>Error of the best linear predictor a + b·z of σ*(z) (plus noise): the floor of plain random
    /// features with n, p ∝ d. E σ*² − (E σ*)² − (E zσ*)² + noise².</summary>
    public static double LinearFloor(LinkFunction target, double noise)
    {
        var gh = GaussHermite.Create(200);
        double m0 = gh.Expect(z => LinkFunctions.Value(target, z));
        double m1 = gh.Expect(z => z * LinkFunctions.Value(target, z));
        double m2 = gh.Expect(z => Math.Pow(LinkFunctions.Value(target, z), 2));
        return m2 - m0 * m0 - m1 * m1 + noise * noise;
    }
}
