namespace FeatureLearning.Core.ReluTeacher;

/// <summary>Hyper-parameters of the wide two-layer ReLU net f(x) = Σ_j a_j ReLU(w_j·x) and its training.</summary>
public sealed record WideReluOptions
{
    /// <summary>m, the number of hidden units (over-parametrised: m ≫ d).</summary>
    public int Width { get; init; } = 1024;

    /// <summary>τ of the small random initialisation: w_j ~ N(0, τ²I/d), so ‖w_j‖ ≈ τ.</summary>
    public double InitScale { get; init; } = 0.1;

    /// <summary>|a_j| at initialisation (random signs); null = τ, a balanced start |a_j| ≈ ‖w_j‖ that gradient flow keeps balanced.</summary>
    public double? SecondLayerInitScale { get; init; }

    /// <summary>Keep a at its initial value and train only W (the paper's "first layer with fixed signs" variant).</summary>
    public bool FixedSecondLayer { get; init; }

    public WideReluAlgorithm Algorithm { get; init; } = WideReluAlgorithm.GradientDescent;

    /// <summary>η; null = 0.5 for GD and SGD, 0.002 for Adam.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Epochs of stage 1 at η; after them stage 2 runs at η·<see cref="StageTwoFactor"/> (null: a single stage).</summary>
    public int? StageOneEpochs { get; init; }

    /// <summary>Learning-rate factor of stage 2 (default 0.1).</summary>
    public double StageTwoFactor { get; init; } = 0.1;

    /// <summary>Passes over the training set (GD: steps).</summary>
    public int Epochs { get; init; } = 1000;

    /// <summary>Minibatch size of SGD and Adam (ignored by GD).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>λ of the ℓ2 penalty (λ/2)(‖W‖² + ‖a‖²) added to the half mean squared loss.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Checkpoints in the history (train MSE, monitor MSE, alignment).</summary>
    public int HistoryPoints { get; init; } = 50;

    /// <summary>Fresh samples from the generator for the history's test MSE (0: none).</summary>
    public int MonitorSamples { get; init; } = 2000;

    public long Seed { get; init; }

    public double EffectiveLearningRate => LearningRate ?? (Algorithm == WideReluAlgorithm.Adam ? 0.002 : 0.5);

    public void Validate(int dimension)
    {
        static void Fail(string message) => throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", message);
        if (Width < 1) Fail($"-Width must be at least 1, got {Width}.");
        if ((long)Width * dimension > WideReluNet.MaxWeights)
            Fail($"-Width {Width} × d = {dimension} is more than {WideReluNet.MaxWeights:N0} first-layer weights; use a narrower net.");
        if (!double.IsFinite(InitScale) || InitScale <= 0) Fail($"-InitScale must be positive and finite, got {InitScale}.");
        if (SecondLayerInitScale is { } s && (!double.IsFinite(s) || s < 0)) Fail($"-SecondLayerInitScale must be non-negative and finite, got {s}.");
        if (FixedSecondLayer && SecondLayerInitScale == 0) Fail("A fixed second layer of zeros makes f ≡ 0; give -SecondLayerInitScale > 0.");
        if (!Enum.IsDefined(Algorithm)) Fail($"Unknown algorithm {Algorithm}; use GradientDescent, Sgd or Adam.");
        if (LearningRate is { } eta && (!double.IsFinite(eta) || eta <= 0)) Fail($"-LearningRate must be positive and finite, got {eta}.");
        if (StageOneEpochs is < 0) Fail($"-StageOneEpochs must be non-negative, got {StageOneEpochs}.");
        if (!double.IsFinite(StageTwoFactor) || StageTwoFactor <= 0) Fail($"-StageTwoFactor must be positive and finite, got {StageTwoFactor}.");
        if (Epochs < 0) Fail($"-Epochs must be non-negative, got {Epochs}.");
        if (BatchSize < 1) Fail($"-BatchSize must be at least 1, got {BatchSize}.");
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0) Fail($"-WeightDecay must be non-negative and finite, got {WeightDecay}.");
        if (HistoryPoints < 1) Fail($"-HistoryPoints must be at least 1, got {HistoryPoints}.");
        if (MonitorSamples < 0) Fail($"-MonitorSamples must be non-negative, got {MonitorSamples}.");
    }
}
