using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.MultiIndex;

/// <summary>Hyper-parameters of Damian et al.'s two-phase learner.</summary>
public sealed record TwoPhaseOptions
{
    /// <summary>m, the width (even: neurons come in symmetric pairs).</summary>
    public int Width { get; init; } = 512;

    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>n1, the samples for the phase-1 gradient (the first rows of the data); null = half of the data.
    /// Phase 2 uses the remaining rows, a fresh batch.</summary>
    public int? FirstPhaseSamples { get; init; }

    /// <summary>η of the phase-1 step; null chooses it so the new rows have mean squared norm 1.</summary>
    public double? StepSize { get; init; }

    /// <summary>λ of the phase-1 step; null = 1/η, which makes W ← −η∇_W L exactly (the initialisation is erased).</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Regress the mean and the linear part out of the phase-1 labels (y ← y − ȳ − β̂·x, β̂ = mean of y x).
    /// The linear part's gradient is the same for every neuron and would swamp the Hessian term.</summary>
    public bool RemoveLinearPart { get; init; } = true;

    /// <summary>Re-initialised biases b_j ~ N(0, scale²).</summary>
    public double BiasScale { get; init; } = 1.0;

    /// <summary>Unnormalised ridge λ of the phase-2 readout; null chooses it on a validation split.</summary>
    public double? Ridge { get; init; }

    public long Seed { get; init; }

    public void Validate()
    {
        static void Fail(string message) => throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", message);
        if (Width < 2 || Width % 2 != 0) Fail($"-Width must be an even number of at least 2 (symmetric pairs), got {Width}.");
        if (FirstPhaseSamples is < 1) Fail($"-FirstPhaseSamples must be at least 1, got {FirstPhaseSamples}.");
        if (StepSize is { } eta && (!double.IsFinite(eta) || eta <= 0)) Fail($"-StepSize must be positive and finite, got {eta}.");
        if (WeightDecay is { } wd && (!double.IsFinite(wd) || wd < 0)) Fail($"-WeightDecay must be non-negative and finite, got {wd}.");
        if (!double.IsFinite(BiasScale) || BiasScale < 0) Fail($"-BiasScale must be non-negative and finite, got {BiasScale}.");
        if (Ridge is { } r && (!double.IsFinite(r) || r < 0)) Fail($"-Ridge must be non-negative and finite, got {r}.");
    }
}
