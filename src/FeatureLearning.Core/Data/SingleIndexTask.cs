using FeatureLearning.Core.Learning;
using FeatureLearning.Core.SpikedRf;

namespace FeatureLearning.Core.Data;

/// <summary>The single-index task of Ba et al. (2022) and Cui et al. (2024) (<see cref="SingleIndexGenerator"/>).</summary>
public sealed record SingleIndexTask(int Dimension, LinkFunction Link, double Noise, long Seed) : TaskSpec
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override int InputDimension => Dimension;

    public override IDataGenerator CreateGenerator() => new SingleIndexGenerator(Dimension, Link, Noise, Seed);

    /// <summary>Cui et al.'s comparison: the one-step network (η̃ = 1, α0 = 0.5, p = d, λ = 0.01, tanh), the spiked
    /// random-features model the theory assigns to it, and random features at initialisation (the same net with η̃ = 0).</summary>
    public override IReadOnlyList<LearnerSpec> DefaultLearners() => new LearnerSpec[]
    {
        new OneStepNetworkSpec(),
        new SpikedRandomFeaturesSpec(),
        new OneStepNetworkSpec { StepSize = 0 },
    };

    public override string ToString() => System.FormattableString.Invariant($"SingleIndex{Link} d={Dimension} noise={Noise:G4} seed={Seed}");
}
