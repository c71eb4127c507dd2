using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Parity;

/// <summary>Daniely and Malach's sparse parity (<see cref="SparseParityGenerator"/>): the subset A drawn from the seed, or
/// given; a generator's record always stores its A.</summary>
public sealed record SparseParityTask(int Bits, int K, ParityDistribution Distribution, double Noise, long Seed, int[]? Subset = null) : TaskSpec
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override int InputDimension => Bits;

    public override IDataGenerator CreateGenerator() => new SparseParityGenerator(Bits, Subset is null ? K : 0, Distribution, Noise, Seed, Subset);

    /// <summary>The depth-two net (two-phase, hinge) against linear methods over fixed embeddings: ridge on the raw bits,
    /// kernel ridge with a polynomial kernel of degree k − 1, and random features (P = 5000).</summary>
    public override IReadOnlyList<LearnerSpec> DefaultLearners() => new LearnerSpec[]
    {
        new ParityNetworkSpec(),
        new KernelRidgeSpec { Kernel = KernelKind.Linear },
        new KernelRidgeSpec { Kernel = KernelKind.Polynomial, Degree = Math.Max(1, (Subset?.Length ?? K) - 1) },
        new RandomFeaturesSpec { Features = 5000 },
    };

    // Value equality for the subset (a record compares arrays by reference).
    public bool Equals(SparseParityTask? other) =>
        other is not null && (Bits, K, Distribution, Noise, Seed) == (other.Bits, other.K, other.Distribution, other.Noise, other.Seed)
        && (Subset ?? Array.Empty<int>()).SequenceEqual(other.Subset ?? Array.Empty<int>()) && (Subset is null) == (other.Subset is null);

    public override int GetHashCode() => HashCode.Combine(Bits, K, Distribution, Noise, Seed);

    public override string ToString() => System.FormattableString.Invariant($"SparseParity n={Bits} k={Subset?.Length ?? K} {Distribution} noise={Noise:G4} seed={Seed}");
}
