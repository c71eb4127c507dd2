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

    /// <summary>
    /// Gradient steps. Sgd/Adam: the number of minibatch steps. TwoPhase: the minimum number of second-layer GD steps; the
    /// GD then goes on while its training loss still falls (see <see cref="ConvergenceWindow"/>), up to <see cref="MaxSteps"/>.
    /// </summary>
    public int Steps { get; init; } = 2000;

    /// <summary>
    /// TwoPhase: cap on the second-layer GD steps when the loss is still falling after <see cref="Steps"/>. A value ≤ Steps
    /// gives exactly Steps steps (the fixed budget of earlier versions). A fixed 2000 steps left the hinge loss at
    /// 0.10–0.29 at n = 25, k = 5, N = 3000 (uniform-half accuracy 0.61–0.97); it needs about 4000–10 000.
    /// </summary>
    public int MaxSteps { get; init; } = 50_000;

    /// <summary>
    /// TwoPhase: after Steps, the GD stops at the first multiple of this many steps over which the lowest training loss
    /// seen fell by less than <see cref="ConvergenceTolerance"/> of its value, or is below ℓ(0)/N (every training sample on the
    /// right side; ℓ(0) = 1 for the hinge, log 2 for the logistic loss) (<see cref="LossPlateauRule"/>).
    /// </summary>
    public int ConvergenceWindow { get; init; } = 1000;

    /// <summary>TwoPhase: relative fall of the lowest training loss per <see cref="ConvergenceWindow"/> below which the GD stops.</summary>
    public double ConvergenceTolerance { get; init; } = 0.1;

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
        if (MaxSteps < 0 || ConvergenceWindow < 1 || !double.IsFinite(ConvergenceTolerance) || ConvergenceTolerance < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter",
                $"-MaxSteps must be ≥ 0, -ConvergenceWindow ≥ 1 and -ConvergenceTolerance non-negative and finite, got {MaxSteps}, {ConvergenceWindow} and {ConvergenceTolerance}.");
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-WeightDecay must be non-negative and finite, got {WeightDecay}.");
        if (MonitorSamples < 0 || MonitorSamples > 10_000_000 || HistoryPoints < 2)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-MonitorSamples must be in [0, 1e7] and -HistoryPoints ≥ 2.");
    }
}
