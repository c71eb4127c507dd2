using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using static System.FormattableString;

namespace FeatureLearning.Core.Parity;

/// <summary>
/// A depth-two ReLU net f(x) = Σ u_i relu(w_i·x + b_i) for ±1 labels (<see cref="ParityNetTrainer"/>): Daniely and
/// Malach's two-phase training (one large first-layer step, then GD on the second layer), or SGD/Adam on both layers.
/// </summary>
public sealed record ParityNetworkSpec : LearnerSpec
{
    public override LearnerName Name => LearnerName.ParityNetwork;

    /// <summary>q, the hidden units (even for TwoPhase).</summary>
    public int Width { get; init; } = 512;

    public ParityAlgorithm Algorithm { get; init; } = ParityAlgorithm.TwoPhase;

    public ParityLoss Loss { get; init; } = ParityLoss.Hinge;

    /// <summary>TwoPhase: η2 in units of 1/L (default 10); Sgd/Adam: the step (default 0.1 and 0.01).</summary>
    public double? LearningRate { get; init; }

    /// <summary>TwoPhase: η1 of the single first-layer step.</summary>
    public double FirstStep { get; init; } = 2.0;

    /// <summary>Biases b ~ U[−B, B]; null: k + 1 on a parity task, 2 elsewhere.</summary>
    public double? BiasRange { get; init; }

    /// <summary>Sgd/Adam: minibatch steps. TwoPhase: the least second-layer GD steps; GD goes on while the training loss falls.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>TwoPhase: the most second-layer GD steps (≤ <see cref="Steps"/> gives a fixed budget of Steps).</summary>
    public int MaxSteps { get; init; } = 50_000;

    /// <summary>TwoPhase: GD stops at the first window of this many steps over which the lowest loss fell by less than
    /// <see cref="ConvergenceTolerance"/> of itself.</summary>
    public int ConvergenceWindow { get; init; } = 1000;

    public double ConvergenceTolerance { get; init; } = 0.1;

    public int BatchSize { get; init; } = 32;

    public double WeightDecay { get; init; }

    /// <summary>Stop once the monitored accuracy reaches this; null: never.</summary>
    public double? TargetAccuracy { get; init; }

    public int HistoryPoints { get; init; } = 50;

    public int MonitorSamples { get; init; } = 2000;

    public const string StepsRun = "Steps", StepsToTarget = "StepsToTarget";

    public override IReadOnlyList<string> DiagnosticNames => new[] { StepsRun, StepsToTarget };

    public override string Describe() =>
        Invariant($"q={Width} {Algorithm} {Loss} steps={Steps}") +
        (Algorithm == ParityAlgorithm.TwoPhase ? Invariant($"..{Math.Max(Steps, MaxSteps)}") +
            (ConvergenceWindow != 1000 || ConvergenceTolerance != 0.1 ? Invariant($" plateau={ConvergenceTolerance:G4}/{ConvergenceWindow}") : "") : "") +
        (LearningRate is { } lr ? Invariant($" lr={lr:G4}") : "") +
        (Algorithm == ParityAlgorithm.TwoPhase ? Invariant($" step1={FirstStep:G4}") : Invariant($" batch={BatchSize}")) +
        (BiasRange is { } b ? Invariant($" bias={b:G4}") : "") +
        (WeightDecay != 0 ? Invariant($" decay={WeightDecay:G4}") : "") +
        (TargetAccuracy is { } t ? Invariant($" target={t:G4}") : "");

    public override void Validate(int? dimension = null)
    {
        HyperParameter.Range(nameof(Width), Width, 2, 1_000_000);
        HyperParameter.Defined(nameof(Algorithm), Algorithm);
        HyperParameter.Defined(nameof(Loss), Loss);
        HyperParameter.Positive(nameof(LearningRate), LearningRate);
        HyperParameter.Positive(nameof(FirstStep), FirstStep);
        HyperParameter.NonNegative(nameof(BiasRange), BiasRange);
        HyperParameter.Range(nameof(Steps), Steps, 0, 100_000_000);
        HyperParameter.Range(nameof(MaxSteps), MaxSteps, 0, 100_000_000);
        HyperParameter.Range(nameof(ConvergenceWindow), ConvergenceWindow, 1, 100_000_000);
        HyperParameter.Range(nameof(ConvergenceTolerance), ConvergenceTolerance, 0, 1);
        HyperParameter.Range(nameof(BatchSize), BatchSize, 1, 1_000_000);
        HyperParameter.NonNegative(nameof(WeightDecay), WeightDecay);
        HyperParameter.Range(nameof(TargetAccuracy), TargetAccuracy, 0, 1);
        HyperParameter.Range(nameof(HistoryPoints), HistoryPoints, 2, 100_000);
        HyperParameter.Range(nameof(MonitorSamples), MonitorSamples, 0, 10_000_000);
        if (Algorithm == ParityAlgorithm.TwoPhase && Width % 2 != 0)
            throw HyperParameter.Invalid($"TwoPhase pairs its units (u = ±1): -Width must be even, got {Width}.");
        if (dimension is { } d && (long)Width * d > 200_000_000L)
            throw HyperParameter.Invalid($"-Width {Width} × {d} inputs is more than 2e8 weights; use a narrower net.");
        Options(0).Validate();
    }

    public override void CheckTask(IDataGenerator? task, TaskType type)
    {
        if (type != TaskType.Classification)
            throw new FeatureLearningException("FeatureLearning.WrongTask",
                "The parity network minimises a classification loss (hinge or logistic) on ±1 labels; this task is a regression. " +
                "Use a two-layer net, a wide ReLU net or a two-phase network for regression.", ErrorKind.InvalidOperation);
    }

    private ParityNetOptions Options(long seed) => new()
    {
        Width = Width, Algorithm = Algorithm, Loss = Loss, LearningRate = LearningRate ?? double.NaN, FirstStep = FirstStep,
        BiasRange = BiasRange ?? double.NaN, Steps = Steps, MaxSteps = MaxSteps, ConvergenceWindow = ConvergenceWindow,
        ConvergenceTolerance = ConvergenceTolerance, BatchSize = BatchSize, WeightDecay = WeightDecay,
        TargetAccuracy = TargetAccuracy ?? double.NaN, HistoryPoints = HistoryPoints, MonitorSamples = MonitorSamples, Seed = seed,
    };

    public override LearnerFit Fit(Dataset train, long seed, FitContext context)
    {
        CheckTask(train.Generator, train.TaskType);
        var fit = ParityNetTrainer.Fit(train, Options(seed), context);
        var history = HistoryTable.From(fit.History, p => new KeyValuePair<string, double>[]
        {
            new("Step", p.Step), new("Epoch", p.Epoch), new("TrainLoss", p.TrainLoss), new("TestAccuracy", p.MonitorAccuracy),
            new("SubsetMass", p.SubsetMass),
        });
        return new LearnerFit(fit.Model, history, new[] { new Diagnostic(StepsRun, fit.Steps), new Diagnostic(StepsToTarget, fit.StepsToTarget) });
    }
}
