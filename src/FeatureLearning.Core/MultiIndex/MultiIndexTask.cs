using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.MultiIndex;

/// <summary>
/// Damian et al.'s multi-index task (<see cref="MultiIndexGenerator"/>): U from the seed; the head is head number
/// <see cref="Head"/> of the seed's random family, or the given <see cref="Terms"/> (as given, before normalisation).
/// </summary>
public sealed record MultiIndexTask(int Dimension, int Rank, int Degree, double Noise, long Seed, int Head = 0,
    IReadOnlyList<MultiIndexTerm>? Terms = null) : TaskSpec
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override int InputDimension => Dimension;

    public override IDataGenerator CreateGenerator() => new MultiIndexGenerator(Dimension, Rank, Degree, Noise, Seed, Head, Terms);

    /// <summary>
    /// The paper's comparison: the two-phase network (m = 512), the practical variant (minibatch SGD on both layers with
    /// biases and a small second-layer init, about 2·10⁶ samples processed), and kernel ridge with an RBF and a
    /// polynomial kernel of the head's degree.
    /// </summary>
    public override IReadOnlyList<LearnerSpec> DefaultLearners() => new LearnerSpec[]
    {
        new TwoPhaseNetworkSpec(),
        new TwoLayerNetSpec
        {
            Hidden = 64, UseBias = true, Algorithm = TrainingAlgorithm.MiniBatch, BatchSize = 32, LearningRate = 0.1,
            Time = 2e6 / Dimension, SecondLayerInitScale = 0.01, HistoryPoints = 2, MonitorSamples = 0,
        },
        new KernelRidgeSpec { Kernel = KernelKind.Rbf },
        new KernelRidgeSpec { Kernel = KernelKind.Polynomial, Degree = Degree },
    };

    // Value equality for the given terms (a record compares lists by reference).
    public bool Equals(MultiIndexTask? other) =>
        other is not null && (Dimension, Rank, Degree, Noise, Seed, Head) == (other.Dimension, other.Rank, other.Degree, other.Noise, other.Seed, other.Head)
        && (Terms is null) == (other.Terms is null) && (Terms ?? Array.Empty<MultiIndexTerm>()).SequenceEqual(other.Terms ?? Array.Empty<MultiIndexTerm>());

    public override int GetHashCode() => HashCode.Combine(Dimension, Rank, Degree, Noise, Seed, Head);

    public override string ToString() => System.FormattableString.Invariant($"MultiIndex d={Dimension} r={Rank} p={Degree} noise={Noise:G4} seed={Seed} head={Head}");
}
