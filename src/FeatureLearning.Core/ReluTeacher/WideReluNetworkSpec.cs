using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using static System.FormattableString;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>
/// Li, Ma and Zhang's over-parametrised learner f(x) = Σ_j a_j ReLU(w_j·x), both layers trained from a small random
/// initialisation by full-batch GD, SGD or Adam (<see cref="WideReluTrainer"/>).
/// </summary>
public sealed record WideReluNetworkSpec : LearnerSpec
{
    public override LearnerName Name => LearnerName.WideReluNetwork;

    /// <summary>m, the number of hidden units.</summary>
    public int Width { get; init; } = 1024;

    public WideReluAlgorithm Algorithm { get; init; } = WideReluAlgorithm.GradientDescent;

    /// <summary>τ: w_j ~ N(0, τ²I/d).</summary>
    public double InitScale { get; init; } = 0.1;

    /// <summary>|a_j| at initialisation; null: τ.</summary>
    public double? SecondLayerInitScale { get; init; }

    public bool FixedSecondLayer { get; init; }

    /// <summary>η; null: 0.5 for GD and SGD, 0.002 for Adam.</summary>
    public double? LearningRate { get; init; }

    public int Epochs { get; init; } = 1000;

    public int BatchSize { get; init; } = 256;

    /// <summary>Epochs at η before the rate drops by <see cref="StageTwoFactor"/>; null: one stage.</summary>
    public int? StageOneEpochs { get; init; }

    public double StageTwoFactor { get; init; } = 0.1;

    public double WeightDecay { get; init; }

    public int HistoryPoints { get; init; } = 50;

    public int MonitorSamples { get; init; } = 2000;

    public const string EpochsRun = "Epochs", StepsRun = "Steps", AlignedMass = "AlignedMass", InitialMinAlignment = "InitialMinAlignment";

    public override IReadOnlyList<string> DiagnosticNames => new[] { EpochsRun, StepsRun, AlignedMass, InitialMinAlignment };

    public override string Describe()
    {
        var o = Options(0);
        return Invariant($"m={Width} {Algorithm} eta={o.EffectiveLearningRate:G4} tau={InitScale:G4} epochs={Epochs}") +
            (Algorithm == WideReluAlgorithm.GradientDescent ? "" : Invariant($" batch={BatchSize}")) +
            (SecondLayerInitScale is { } s ? Invariant($" a0={s:G4}") : "") +
            (StageOneEpochs is { } t1 ? Invariant($" stage2@{t1}x{StageTwoFactor:G4}") : "") +
            (WeightDecay != 0 ? Invariant($" decay={WeightDecay:G4}") : "") +
            (FixedSecondLayer ? " fixed-a" : "");
    }

    public override void Validate(int? dimension = null)
    {
        HyperParameter.Range(nameof(Width), Width, 1, 1_000_000);
        HyperParameter.Defined(nameof(Algorithm), Algorithm);
        HyperParameter.Positive(nameof(InitScale), InitScale);
        HyperParameter.NonNegative(nameof(SecondLayerInitScale), SecondLayerInitScale);
        HyperParameter.Positive(nameof(LearningRate), LearningRate);
        HyperParameter.Range(nameof(Epochs), Epochs, 0, 100_000_000);
        HyperParameter.Range(nameof(BatchSize), BatchSize, 1, 10_000_000);
        HyperParameter.Range(nameof(StageOneEpochs), StageOneEpochs, 0, 100_000_000);
        HyperParameter.Positive(nameof(StageTwoFactor), StageTwoFactor);
        HyperParameter.NonNegative(nameof(WeightDecay), WeightDecay);
        HyperParameter.Range(nameof(HistoryPoints), HistoryPoints, 1, 100_000);
        HyperParameter.Range(nameof(MonitorSamples), MonitorSamples, 0, 10_000_000);
        Options(0).Validate(dimension ?? 1);
    }

    private WideReluOptions Options(long seed) => new()
    {
        Width = Width, Algorithm = Algorithm, InitScale = InitScale, SecondLayerInitScale = SecondLayerInitScale,
        FixedSecondLayer = FixedSecondLayer, LearningRate = LearningRate, Epochs = Epochs, BatchSize = BatchSize,
        StageOneEpochs = StageOneEpochs, StageTwoFactor = StageTwoFactor, WeightDecay = WeightDecay,
        HistoryPoints = HistoryPoints, MonitorSamples = MonitorSamples, Seed = seed,
    };

    public override LearnerFit Fit(Dataset train, long seed, FitContext context)
    {
        var fit = WideReluTrainer.Fit(train, Options(seed), context);
        var directions = (train.Generator as ISignalDirections)?.Directions;
        int d = train.Dimension;
        double aligned = double.NaN, initial = double.NaN;
        if (directions is { Count: > 0 })
        {
            aligned = TeacherAlignment.AlignedMass(fit.Net.W, fit.Net.A, d, directions, cancel: context.Cancellation);
            initial = TeacherAlignment.PerDirection(fit.Initial.W, fit.Initial.A, d, directions, cancel: context.Cancellation).Min(p => p.MaxCosine);
        }
        var history = HistoryTable.From(fit.History, p => new KeyValuePair<string, double>[]
        {
            new("Step", p.Step), new("Epoch", p.Epoch), new("LearningRate", p.LearningRate), new("TrainMse", p.TrainMse),
            new("TestMse", p.MonitorMse), new("MinAlignment", p.MinAlignment), new("MeanAlignment", p.MeanAlignment), new("AlignedMass", p.AlignedMass),
        });
        return new LearnerFit(fit.Net, history, new[]
        {
            new Diagnostic(EpochsRun, fit.Epochs), new Diagnostic(StepsRun, fit.Steps),
            new Diagnostic(AlignedMass, aligned), new Diagnostic(InitialMinAlignment, initial),
        });
    }
}
