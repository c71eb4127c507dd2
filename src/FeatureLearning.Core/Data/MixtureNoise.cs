namespace FeatureLearning.Core.Data;

/// <summary>
/// The two parametrisations of one Gaussian mixture. The module draws x = m·(±e) + z with z ~ N(0, I) and snr = m²;
/// Refinetti et al. (2021) draw x' = μ + σz with |μ| = 1, whose figure axis is 1/SNR = σ. x' = σ·x with m = 1/σ, so
/// both describe the same classification problem (same Bayes error, same clusters up to a global scale):
/// snr = 1/σ², σ = 1/√snr. Giving -Noise σ builds exactly the mixture of -Snr 1/σ² (same numbers for the same seed).
/// </summary>
public static class MixtureNoise
{
    public const string InvalidNoiseId = "FeatureLearning.InvalidNoise";

    /// <summary>snr = 1/σ² of the paper's noise σ (unit-norm means); throws FeatureLearning.InvalidNoise when σ is not a positive finite number.</summary>
    public static double SnrFromNoise(double noise)
    {
        if (!double.IsFinite(noise) || noise <= 0)
            throw new FeatureLearningException(InvalidNoiseId,
                $"-Noise is the paper's noise standard deviation σ (cluster means of norm 1) and must be a positive finite number, got {noise}.");
        double snr = 1.0 / (noise * noise);
        if (!double.IsFinite(snr))
            throw new FeatureLearningException(InvalidNoiseId, $"-Noise {noise} is too small: snr = 1/σ² overflows. Use σ ≥ 1e-150.");
        return snr;
    }

    /// <summary>σ = 1/√snr: the paper's noise standard deviation of the mixture with this snr.</summary>
    public static double NoiseFromSnr(double snr) => 1.0 / Math.Sqrt(snr);

    /// <summary>σ² = 1/snr: the paper's noise variance (its Δ), the factor between its first-layer learning rate and ours.</summary>
    public static double NoiseVariance(double snr) => 1.0 / snr;

    /// <summary>
    /// The snr of a call that may give -Snr or -Noise (at most one; FeatureLearning.ConflictingParameters when both),
    /// <paramref name="defaultSnr"/> when neither is given.
    /// </summary>
    public static double Resolve(double? snr, double? noise, double defaultSnr)
    {
        if (snr is not null && noise is not null)
            throw new FeatureLearningException("FeatureLearning.ConflictingParameters",
                $"Give the mixture either as -Snr (module convention: unit noise, snr = m²) or as -Noise (paper convention: unit means, noise σ, snr = 1/σ²), not both; -Snr {snr} is -Noise {NoiseFromSnr(snr.Value):G6}.");
        if (noise is { } sigma) return SnrFromNoise(sigma);
        return snr ?? defaultSnr; // the generator validates it
    }
}
