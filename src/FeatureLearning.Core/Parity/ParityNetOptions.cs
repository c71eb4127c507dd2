namespace FeatureLearning.Core.Parity;

/// <summary>How the parity net is trained.</summary>
public enum ParityAlgorithm
{
    /// <summary>Daniely–Malach style: one large full-batch gradient step on the first layer from a symmetric
    /// initialisation (W = 0, paired units with opposite u so f ≡ 0), then full-batch GD on the second layer only (convex).</summary>
    TwoPhase,
    /// <summary>Minibatch SGD on both layers and the biases.</summary>
    Sgd,
    /// <summary>Minibatch Adam on both layers and the biases.</summary>
    Adam,
}

public enum ParityLoss
{
    /// <summary>max(0, 1 − y f): the paper's loss.</summary>
    Hinge,
    /// <summary>log(1 + exp(−y f)).</summary>
    Logistic,
}

public sealed record ParityNetOptions
{
    /// <summary>Hidden units q (even for TwoPhase: units come in pairs).</summary>
    public int Width { get; init; } = 512;

    public ParityAlgorithm Algorithm { get; init; } = ParityAlgorithm.TwoPhase;

    public ParityLoss Loss { get; init; } = ParityLoss.Hinge;

    /// <summary>TwoPhase: η2 of the second-layer GD in units of 1/L (L = mean ‖φ(x)‖², a crude smoothness bound), default 10; Sgd/Adam: the step size (default 0.1 and 0.01). NaN = default.</summary>
    public double LearningRate { get; init; } = double.NaN;

    /// <summary>TwoPhase: η1 of the single first-layer step. With u = ±1 and E[y x_i] = 1/2 on A it gives weights η1/2 on A.</summary>
    public double FirstStep { get; init; } = 2.0;

    /// <summary>Biases b ~ Uniform[−B, B]; TwoPhase needs B ≳ k + 1 so the kinks cover the range of Σ_A x_i. NaN = k + 1.</summary>
    public double BiasRange { get; init; } = double.NaN;

    /// <summary>Gradient steps (TwoPhase: second-layer GD steps; Sgd/Adam: minibatch steps).</summary>
    public int Steps { get; init; } = 2000;

    public int BatchSize { get; init; } = 32;

    /// <summary>L2 weight decay λ on all trained weights.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Fresh samples used to measure accuracy at checkpoints (0 = no monitoring).</summary>
    public int MonitorSamples { get; init; } = 2000;

    public int HistoryPoints { get; init; } = 50;

    /// <summary>Stop early once the monitored accuracy reaches this (NaN = never).</summary>
    public double TargetAccuracy { get; init; } = double.NaN;

    public long Seed { get; init; }

    public void Validate()
    {
        if (Width < 2 || Width > 1_000_000)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Width must be between 2 and 1000000, got {Width}.");
        if (!Enum.IsDefined(Algorithm))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"Unknown -Algorithm {Algorithm}; use TwoPhase, Sgd or Adam.");
        if (!Enum.IsDefined(Loss))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"Unknown -Loss {Loss}; use Hinge or Logistic.");
        if (!double.IsNaN(LearningRate) && (!double.IsFinite(LearningRate) || LearningRate <= 0))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-LearningRate must be positive and finite, got {LearningRate}.");
        if (!double.IsFinite(FirstStep) || FirstStep <= 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-FirstStep must be positive and finite, got {FirstStep}.");
        if (!double.IsNaN(BiasRange) && (!double.IsFinite(BiasRange) || BiasRange < 0))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-BiasRange must be non-negative and finite, got {BiasRange}.");
        if (Steps < 0 || BatchSize < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Steps must be ≥ 0 and -BatchSize ≥ 1, got {Steps} and {BatchSize}.");
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-WeightDecay must be non-negative and finite, got {WeightDecay}.");
        if (MonitorSamples < 0 || MonitorSamples > 10_000_000 || HistoryPoints < 2)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-MonitorSamples must be in [0, 1e7] and -HistoryPoints ≥ 2.");
    }
}
