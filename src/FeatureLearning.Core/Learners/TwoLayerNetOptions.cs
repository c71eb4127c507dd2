using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Learners;

/// <summary>Hyper-parameters of a two-layer net f(x) = Σ_k v_k g(w_k·x/√d + b_k) and its training.</summary>
public sealed record TwoLayerNetOptions
{
    /// <summary>K, the number of hidden units.</summary>
    public int Hidden { get; init; } = 4;

    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>η. First layer steps by η (its gradient carries 1/√d), second layer by η/d, so t = steps/d is the clock
    /// of the online ODE limit (Refinetti et al. 2021).</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>η₂, the second layer's rate (it steps by η₂/d); null: η. The paper's units give η₁ = ησ², η₂ = η (<see cref="Learning.PaperUnits"/>).</summary>
    public double? SecondLayerLearningRate { get; init; }

    /// <summary>Weight decay: reg/d on the first layer, reg on the second (as in the authors' code).</summary>
    public double Regularization { get; init; }

    /// <summary>The second layer's weight decay; null: <see cref="Regularization"/>.</summary>
    public double? SecondLayerRegularization { get; init; }

    /// <summary>η₂ in effect.</summary>
    public double SecondRate => SecondLayerLearningRate ?? LearningRate;

    /// <summary>The second layer's weight decay in effect.</summary>
    public double SecondRegularization => SecondLayerRegularization ?? Regularization;

    /// <summary>w_k ~ N(0, scale² I).</summary>
    public double FirstLayerInitScale { get; init; } = 1.0;

    /// <summary>v_k ~ N(0, scale²).</summary>
    public double SecondLayerInitScale { get; init; } = 1.0;

    /// <summary>When false the second layer stays at its initial (or fixed) value.</summary>
    public bool TrainSecondLayer { get; init; } = true;

    /// <summary>Optional fixed initial second layer, e.g. (+1, +1, −1, −1); length Hidden.</summary>
    public double[]? SecondLayer { get; init; }

    public bool UseBias { get; init; }

    public TrainingAlgorithm Algorithm { get; init; } = TrainingAlgorithm.Sgd;

    /// <summary>Passes over the training set (Sgd, MiniBatch). When null, enough epochs to reach <see cref="Time"/>.</summary>
    public int? Epochs { get; init; }

    /// <summary>Training time t = steps/d (Online: the number of fresh samples over d; FullBatchGd: iterations).</summary>
    public double Time { get; init; } = 200;

    public int BatchSize { get; init; } = 64;

    /// <summary>Number of history records (evenly spaced in time, including t = 0 and the end).</summary>
    public int HistoryPoints { get; init; } = 50;

    /// <summary>Size of the fresh monitor set used for the test error recorded in the history.</summary>
    public int MonitorSamples { get; init; } = 2000;

    public long Seed { get; init; }

    /// <summary>Throws a FeatureLearningException naming the first invalid setting.</summary>
    public void Validate()
    {
        static void Fail(string message) =>
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", message);
        if (Hidden < 1) Fail($"-Hidden must be at least 1, got {Hidden}.");
        if (!double.IsFinite(LearningRate) || LearningRate <= 0) Fail($"-LearningRate must be positive and finite, got {LearningRate}.");
        if (!double.IsFinite(Regularization) || Regularization < 0) Fail($"-Regularization must be non-negative and finite, got {Regularization}.");
        if (SecondLayerLearningRate is { } eta2 && (!double.IsFinite(eta2) || eta2 <= 0)) Fail($"-SecondLayerLearningRate must be positive and finite, got {eta2}.");
        if (SecondLayerRegularization is { } reg2 && (!double.IsFinite(reg2) || reg2 < 0)) Fail($"-SecondLayerRegularization must be non-negative and finite, got {reg2}.");
        if (!double.IsFinite(FirstLayerInitScale) || FirstLayerInitScale < 0) Fail($"The first-layer init scale must be non-negative, got {FirstLayerInitScale}.");
        if (!double.IsFinite(SecondLayerInitScale) || SecondLayerInitScale < 0) Fail($"The second-layer init scale must be non-negative, got {SecondLayerInitScale}.");
        if (SecondLayer is not null && SecondLayer.Length != Hidden) Fail($"-SecondLayer has {SecondLayer.Length} values but -Hidden is {Hidden}.");
        if (SecondLayer is not null && SecondLayer.Any(v => !double.IsFinite(v))) Fail("-SecondLayer contains a non-finite value.");
        if (Epochs is < 1) Fail($"-Epochs must be at least 1, got {Epochs}.");
        if (!double.IsFinite(Time) || Time <= 0) Fail($"-Time must be positive and finite, got {Time}.");
        if (BatchSize < 1) Fail($"-BatchSize must be at least 1, got {BatchSize}.");
        if (HistoryPoints < 2) Fail($"-HistoryPoints must be at least 2, got {HistoryPoints}.");
        if (MonitorSamples < 0) Fail($"-MonitorSamples must be non-negative, got {MonitorSamples}.");
    }
}
