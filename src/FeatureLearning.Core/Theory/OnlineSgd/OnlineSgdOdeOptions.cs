using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Theory.OnlineSgd;

/// <summary>Explicit integration schemes for the ODEs.</summary>
public enum OdeMethod
{
    /// <summary>Forward Euler, as in the authors' code (one right-hand side per step).</summary>
    Euler,
    /// <summary>Heun's second-order method (two right-hand sides per step).</summary>
    Heun,
}

/// <summary>Settings of the ODE theory of online SGD on a Gaussian mixture (Refinetti et al. 2021), in our convention.</summary>
public sealed record OnlineSgdOdeOptions
{
    public MixtureKind Kind { get; init; } = MixtureKind.Xor;

    /// <summary>snr = m², the squared norm of a cluster mean over the unit noise variance.</summary>
    public double Snr { get; init; } = 4;

    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>η, with the scalings of <see cref="Learners.TwoLayerNetTrainer"/>.</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>η₂, the second layer's rate (dv/dt carries η₂); null: η. As the trainer's -SecondLayerLearningRate.</summary>
    public double? SecondLayerLearningRate { get; init; }

    /// <summary>Weight decay: reg/d on the first layer, reg on the second.</summary>
    public double Regularization { get; init; }

    /// <summary>The second layer's weight decay; null: <see cref="Regularization"/>.</summary>
    public double? SecondLayerRegularization { get; init; }

    /// <summary>η₂ in effect.</summary>
    public double SecondRate => SecondLayerLearningRate ?? LearningRate;

    /// <summary>The second layer's weight decay in effect.</summary>
    public double SecondRegularization => SecondLayerRegularization ?? Regularization;

    /// <summary>When false, dv/dt = 0 (the simulation's -FixedSecondLayer).</summary>
    public bool TrainSecondLayer { get; init; } = true;

    /// <summary>Final time t = steps/d.</summary>
    public double Time { get; init; } = 200;

    /// <summary>Integration step dt; null chooses min(0.1, 0.025/max(η, η₂)) (the authors ran dt = 0.05 at η = 0.5, 0.1 at η = 0.1).</summary>
    public double? Step { get; init; }

    /// <summary>Number of output points, evenly spaced in [0, Time], both ends included.</summary>
    public int Points { get; init; } = 50;

    /// <summary>N_MC: Gaussian samples per cluster, drawn once and reused at every step (common random numbers).</summary>
    public int MonteCarloSamples { get; init; } = 10_000;

    /// <summary>
    /// When positive, the recorded TestError and TestLoss are evaluated on this many independent Gaussian samples per
    /// cluster instead of the dynamics' common random numbers. The trajectory adapts to its own sample, so errors
    /// measured on it are optimistic (by ≈ 0.005 at N_MC = 4000 late in training on XOR, snr 4); 0 reuses them (the
    /// authors' choice).
    /// </summary>
    public int EvaluationSamples { get; init; }

    /// <summary>Seed of the Monte Carlo samples.</summary>
    public long Seed { get; init; }

    public OdeMethod Method { get; init; } = OdeMethod.Euler;

    /// <summary>
    /// Erf only: the right-hand side in closed form (<see cref="ErfOdeRates"/>) instead of Monte Carlo; the predicted
    /// classification error still comes from the Monte Carlo samples.
    /// </summary>
    public bool ClosedForm { get; init; }

    public double EffectiveStep => Step ?? Math.Min(0.1, 0.025 / Math.Max(LearningRate, SecondRate));

    public void Validate()
    {
        static void Fail(string message) => throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", message);
        if (!double.IsFinite(Snr) || Snr < 0) Fail($"-Snr must be non-negative and finite, got {Snr}.");
        if (!double.IsFinite(LearningRate) || LearningRate < 0) Fail($"-LearningRate must be non-negative and finite, got {LearningRate}.");
        if (!double.IsFinite(Regularization) || Regularization < 0) Fail($"-Regularization must be non-negative and finite, got {Regularization}.");
        if (SecondLayerLearningRate is { } eta2 && (!double.IsFinite(eta2) || eta2 < 0)) Fail($"-SecondLayerLearningRate must be non-negative and finite, got {eta2}.");
        if (SecondLayerRegularization is { } reg2 && (!double.IsFinite(reg2) || reg2 < 0)) Fail($"-SecondLayerRegularization must be non-negative and finite, got {reg2}.");
        if (!double.IsFinite(Time) || Time <= 0) Fail($"-Time must be positive and finite, got {Time}.");
        if (Step is { } dt && (!double.IsFinite(dt) || dt <= 0)) Fail($"-Step must be positive and finite, got {dt}.");
        if (Points < 2) Fail($"-Points must be at least 2 (t = 0 and the end), got {Points}.");
        if (MonteCarloSamples < 100) Fail($"-MonteCarloSamples must be at least 100, got {MonteCarloSamples}.");
        if (EvaluationSamples < 0) Fail($"-EvaluationSamples must be non-negative, got {EvaluationSamples}.");
        if (!Enum.IsDefined(Kind)) Fail($"Unknown mixture kind {Kind}.");
        if (!Enum.IsDefined(Activation)) Fail($"Unknown activation {Activation}.");
        if (ClosedForm && Activation != Activation.Erf)
            throw new FeatureLearningException("FeatureLearning.NoClosedForm",
                $"Closed-form averages exist for -Activation Erf only, not {Activation}; drop -ClosedForm to use Monte Carlo.");
    }
}
