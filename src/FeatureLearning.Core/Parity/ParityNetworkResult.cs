using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Parity;

/// <summary>What Invoke-ParityNetwork returns: flat figures (test accuracy overall and on each half of D_A, the
/// weight fraction on A), the TrainedModel (for Export-TrainedModel) and the checkpoint history.</summary>
public sealed class ParityNetworkResult
{
    public required string Learner { get; init; }
    public required string Algorithm { get; init; }
    public required string Loss { get; init; }
    public required string Distribution { get; init; }
    public int Bits { get; init; }
    public int K { get; init; }
    public int N { get; init; }
    public int Width { get; init; }
    public long Steps { get; init; }
    /// <summary>First checkpoint step whose monitored accuracy reached -TargetAccuracy; −1 if not within the budget.</summary>
    public long StepsToTarget { get; init; }
    public double TestError { get; init; }
    public double TestAccuracy { get; init; }
    public double UniformAccuracy { get; init; }
    public double StructuredAccuracy { get; init; }
    /// <summary>Σ_{i, j∈A} W_ij² / ‖W‖²: k/n for an uninformed first layer, near 1 once A is found.</summary>
    public double SubsetMass { get; init; }
    public double TrainError { get; init; }
    public double Seconds { get; init; }
    public long Seed { get; init; }
    public string Settings { get; init; } = "";
    public required TrainedModel TrainedModel { get; init; }
    public IReadOnlyList<ParityTrainingPoint> History { get; init; } = Array.Empty<ParityTrainingPoint>();

    public override string ToString() =>
        $"{Learner} {Algorithm} on {Distribution} parity n={Bits} k={K}: test accuracy {TestAccuracy:F4}, subset mass {SubsetMass:F3}";
}

/// <summary>A row of Measure-ParityAccuracy: any trained model scored on both halves of the task.</summary>
public sealed record ParityAccuracyRow(string Learner, string Settings, string Distribution, int Bits, int K, int N,
    double TestAccuracy, double UniformAccuracy, double StructuredAccuracy, double Seconds, long Seed);
