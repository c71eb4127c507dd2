using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>Li, Ma and Zhang's teacher aᵀ|W*x| (<see cref="AbsTeacherGenerator"/>): W* from the seed; a uniform, random
/// (from the seed) or given; the record stores a whenever it is not uniform (<see cref="TeacherWeights"/>).</summary>
public sealed record AbsTeacherTask(int Dimension, TeacherWeightKind Weights, double Noise, long Seed, double[]? TeacherWeights = null) : TaskSpec
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override int InputDimension => Dimension;

    public override IDataGenerator CreateGenerator() => AbsTeacherGenerator.Create(Dimension, Weights, Noise, Seed, TeacherWeights);

    /// <summary>
    /// The comparison of Result 4: the over-parametrised ReLU net (m = max(512, 16d), Adam η = 0.002, τ = 0.01, 150
    /// epochs) against kernel ridge with the NTK and the NNGP (arc-cosine) kernel.
    /// </summary>
    public override IReadOnlyList<LearnerSpec> DefaultLearners() => new LearnerSpec[]
    {
        new WideReluNetworkSpec
        {
            Width = Math.Max(512, 16 * Dimension), Algorithm = WideReluAlgorithm.Adam, LearningRate = 0.002, InitScale = 0.01,
            Epochs = 150, BatchSize = 256,
        },
        new KernelRidgeSpec { Kernel = KernelKind.Ntk },
        new KernelRidgeSpec { Kernel = KernelKind.ArcCosine },
    };

    // Value equality for the stored weights (a record compares arrays by reference).
    public bool Equals(AbsTeacherTask? other) =>
        other is not null && (Dimension, Weights, Noise, Seed) == (other.Dimension, other.Weights, other.Noise, other.Seed)
        && (TeacherWeights is null) == (other.TeacherWeights is null)
        && (TeacherWeights ?? Array.Empty<double>()).SequenceEqual(other.TeacherWeights ?? Array.Empty<double>());

    public override int GetHashCode() => HashCode.Combine(Dimension, Weights, Noise, Seed);

    public override string ToString() => System.FormattableString.Invariant($"AbsTeacher d={Dimension} a={Weights} noise={Noise:G4} seed={Seed}");
}
