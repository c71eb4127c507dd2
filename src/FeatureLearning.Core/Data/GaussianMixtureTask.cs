using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Data;

/// <summary>The Gaussian mixtures of Refinetti et al. (2021) (<see cref="GaussianMixtureGenerator"/>); the seed fixes the cluster directions.</summary>
public sealed record GaussianMixtureTask(MixtureKind Mixture, int Dimension, double Snr, long Seed) : TaskSpec
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override int InputDimension => Dimension;

    /// <summary>σ = 1/√snr, the paper's noise with unit means (derived, not stored: -Noise σ and -Snr 1/σ² are one task).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Noise => MixtureNoise.NoiseFromSnr(Snr);

    public override IDataGenerator CreateGenerator() => new GaussianMixtureGenerator(Dimension, Snr, Mixture, Seed);

    /// <summary>The paper's trio: a K = 4 ReLU net (η = 0.5, t = 200), random features with P = 2d, RBF kernel ridge
    /// (exact up to 6000 samples, where a fit takes seconds, Nyström beyond).</summary>
    public override IReadOnlyList<LearnerSpec> DefaultLearners() => new LearnerSpec[]
    {
        new TwoLayerNetSpec(),
        new RandomFeaturesSpec(),
        new KernelRidgeSpec { DenseLimit = 6000 },
    };

    public override string ToString() => System.FormattableString.Invariant($"{Mixture} d={Dimension} snr={Snr:G4} seed={Seed}");
}
