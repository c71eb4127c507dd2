using System.Text.Json.Serialization;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Persistence;
using static System.FormattableString;

namespace FeatureLearning.Core.Learning;

/// <summary>
/// A two-layer net f(x) = Σ_k v_k g(w_k·x/√d + b_k) trained by SGD or GD with the scalings of Refinetti et al. (2021)
/// (<see cref="TwoLayerNetTrainer"/>). Defaults are the XOR-mixture paper's: K = 4 ReLU units, η = 0.5, t = 200.
/// </summary>
public sealed record TwoLayerNetSpec : LearnerSpec
{
    public const int MaxHidden = 100_000;

    /// <summary>The longest training time t = steps/d a spec may ask for (a bound, so a typo cannot run for ever).</summary>
    public const double MaxTime = 1e7;

    public override LearnerName Name => LearnerName.TwoLayerNet;

    /// <summary>K, the number of hidden units.</summary>
    public int Hidden { get; init; } = 4;

    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>η: the first layer steps by η (its gradient carries 1/√d), the second by η/d.</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>η₂: the second layer steps by η₂/d; null: η.</summary>
    // Omitted at its default, so plans and files written before it existed serialize (and hash) as before.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? SecondLayerLearningRate { get; init; }

    public double Regularization { get; init; }

    /// <summary>The second layer's weight decay; null: <see cref="Regularization"/>.</summary>
    // Omitted at its default, so plans and files written before it existed serialize (and hash) as before.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? SecondLayerRegularization { get; init; }

    /// <summary>
    /// Paper: η, η₂, reg, reg₂ and the first-layer init scale are in the units of Refinetti et al. (2021) (unit-norm means,
    /// noise σ) and are converted with the training mixture's σ at fit time (<see cref="PaperUnits"/>). Module (the
    /// default, and what files written before this setting existed mean): they are used as given.
    /// </summary>
    // Omitted at its default, so plans and files written before it existed serialize (and hash) as before.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public MixtureConvention Convention { get; init; }

    public TrainingAlgorithm Algorithm { get; init; } = TrainingAlgorithm.Sgd;

    /// <summary>Passes over the training set (Sgd, MiniBatch); null: enough to reach <see cref="Time"/>.</summary>
    public int? Epochs { get; init; }

    /// <summary>Training time t = samples processed / d (FullBatchGd: iterations).</summary>
    public double Time { get; init; } = 200;

    public int BatchSize { get; init; } = 64;

    public bool TrainSecondLayer { get; init; } = true;

    /// <summary>A fixed initial second layer (length K), e.g. (+1, +1, −1, −1).</summary>
    public double[]? SecondLayer { get; init; }

    public double FirstLayerInitScale { get; init; } = 1.0;

    public double SecondLayerInitScale { get; init; } = 1.0;

    public bool UseBias { get; init; }

    /// <summary>Start from these weights instead of a random initialisation (K and the activation are the initial net's).</summary>
    [JsonConverter(typeof(PersistedModelConverter<TwoLayerNet>))]
    public TwoLayerNet? Initial { get; init; }

    public int HistoryPoints { get; init; } = 50;

    public int MonitorSamples { get; init; } = 2000;

    public const string FinalTime = "FinalTime";

    public override IReadOnlyList<string> DiagnosticNames => new[] { FinalTime };

    public override string Describe() =>
        Invariant($"K={Initial?.Hidden ?? Hidden} {Initial?.Activation ?? Activation} {Algorithm} lr={LearningRate:G4}") +
        (SecondLayerLearningRate is { } eta2 ? Invariant($"/{eta2:G4}") : "") +
        (Convention == MixtureConvention.Paper ? " (paper units)" : "") +
        (Epochs is { } e ? Invariant($" epochs={e}") : Invariant($" t={Time:G4}")) +
        (Algorithm is TrainingAlgorithm.MiniBatch ? Invariant($" batch={BatchSize}") : "") +
        (Regularization != 0 || SecondLayerRegularization is not null ? Invariant($" reg={Regularization:G4}") : "") +
        (SecondLayerRegularization is { } reg2 ? Invariant($"/{reg2:G4}") : "") +
        (UseBias || Initial?.B is not null ? " bias" : "") +
        (!TrainSecondLayer ? " fixed-v" : "") +
        (SecondLayer is not null ? " v=(" + string.Join(",", SecondLayer.Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))) + ")" : "") +
        (FirstLayerInitScale != 1 || SecondLayerInitScale != 1 ? Invariant($" init={FirstLayerInitScale:G4}/{SecondLayerInitScale:G4}") : "") +
        (Initial is not null ? " warm-start" : "");

    public override void Validate(int? dimension = null)
    {
        HyperParameter.Range(nameof(Hidden), Hidden, 1, MaxHidden);
        HyperParameter.Defined(nameof(Activation), Activation);
        HyperParameter.Defined(nameof(Algorithm), Algorithm);
        HyperParameter.Positive(nameof(LearningRate), LearningRate);
        HyperParameter.Positive(nameof(SecondLayerLearningRate), SecondLayerLearningRate);
        HyperParameter.NonNegative(nameof(Regularization), Regularization);
        HyperParameter.NonNegative(nameof(SecondLayerRegularization), SecondLayerRegularization);
        HyperParameter.Defined(nameof(Convention), Convention);
        if (Convention == MixtureConvention.Paper && UseBias)
            throw new FeatureLearningException("FeatureLearning.ConflictingParameters",
                "-Convention Paper maps the paper's bias-free net; drop -Bias or use -Convention Module.");
        HyperParameter.Range(nameof(Epochs), Epochs, 1, 10_000_000);
        HyperParameter.Positive(nameof(Time), Time, MaxTime);
        HyperParameter.Range(nameof(BatchSize), BatchSize, 1, 10_000_000);
        HyperParameter.Finite(nameof(SecondLayer), SecondLayer);
        HyperParameter.NonNegative("InitScale", FirstLayerInitScale);
        HyperParameter.NonNegative(nameof(SecondLayerInitScale), SecondLayerInitScale);
        HyperParameter.Range(nameof(HistoryPoints), HistoryPoints, 2, 100_000);
        HyperParameter.Range(nameof(MonitorSamples), MonitorSamples, 0, 10_000_000);
        if (Initial is not null && dimension is { } d && Initial.InputDimension != d)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The initial model has input dimension {Initial.InputDimension} but the data has {d}; use data from the same task.");
        if (dimension is { } dd && (long)(Initial?.Hidden ?? Hidden) * dd > Array.MaxLength)
            throw HyperParameter.Invalid($"K = {Hidden} units × d = {dd} weights cannot be held; use fewer units.");
        Options(0).Validate();
    }

    public override void CheckTask(IDataGenerator? task, TaskType type)
    {
        if (Convention == MixtureConvention.Paper) PaperUnits.SnrOf(task);
        if (Algorithm == TrainingAlgorithm.Online && task is null)
            throw new FeatureLearningException("FeatureLearning.NoGenerator",
                "Online training draws a fresh sample from the task at every step; data without a task needs -Algorithm Sgd, MiniBatch or FullBatchGd.",
                ErrorKind.InvalidOperation);
    }

    /// <summary>The spec in the module's units for a task with this snr (itself when <see cref="Convention"/> is Module).</summary>
    public TwoLayerNetSpec InModuleUnits(double snr)
    {
        if (Convention == MixtureConvention.Module) return this;
        var rates = PaperUnits.ToModule(snr, LearningRate, SecondLayerLearningRate, Regularization, SecondLayerRegularization, FirstLayerInitScale);
        return this with
        {
            Convention = MixtureConvention.Module,
            LearningRate = rates.LearningRate,
            SecondLayerLearningRate = rates.SecondLayerLearningRate,
            Regularization = rates.Regularization,
            SecondLayerRegularization = rates.SecondLayerRegularization,
            FirstLayerInitScale = rates.FirstLayerInitScale,
        };
    }

    /// <summary>The trainer's options for one fit, as given (module units; see <see cref="InModuleUnits"/>).</summary>
    public TwoLayerNetOptions Options(long seed) => new()
    {
        Hidden = Initial?.Hidden ?? Hidden,
        Activation = Initial?.Activation ?? Activation,
        LearningRate = LearningRate,
        SecondLayerLearningRate = SecondLayerLearningRate,
        Regularization = Regularization,
        SecondLayerRegularization = SecondLayerRegularization,
        Algorithm = Algorithm,
        Epochs = Epochs,
        Time = Time,
        BatchSize = BatchSize,
        TrainSecondLayer = TrainSecondLayer,
        SecondLayer = SecondLayer,
        FirstLayerInitScale = FirstLayerInitScale,
        SecondLayerInitScale = SecondLayerInitScale,
        UseBias = UseBias || Initial?.B is not null,
        HistoryPoints = HistoryPoints,
        MonitorSamples = MonitorSamples,
        Seed = seed,
    };

    // Value equality for the fixed second layer (a record compares arrays by reference); a warm start compares by reference.
    public bool Equals(TwoLayerNetSpec? other) =>
        other is not null
        && (Hidden, Activation, LearningRate, Regularization, Algorithm, Epochs, Time, BatchSize, TrainSecondLayer)
            == (other.Hidden, other.Activation, other.LearningRate, other.Regularization, other.Algorithm, other.Epochs, other.Time, other.BatchSize, other.TrainSecondLayer)
        && (FirstLayerInitScale, SecondLayerInitScale, UseBias, HistoryPoints, MonitorSamples)
            == (other.FirstLayerInitScale, other.SecondLayerInitScale, other.UseBias, other.HistoryPoints, other.MonitorSamples)
        && (SecondLayerLearningRate, SecondLayerRegularization, Convention)
            == (other.SecondLayerLearningRate, other.SecondLayerRegularization, other.Convention)
        && ReferenceEquals(Initial, other.Initial)
        && (SecondLayer is null) == (other.SecondLayer is null) && (SecondLayer ?? Array.Empty<double>()).SequenceEqual(other.SecondLayer ?? Array.Empty<double>());

    public override int GetHashCode() => HashCode.Combine(Hidden, Activation, LearningRate, Time, Algorithm);

    public override LearnerFit Fit(Dataset train, long seed, FitContext context)
    {
        var spec = Convention == MixtureConvention.Paper ? InModuleUnits(PaperUnits.SnrOf(train.Generator)) : this;
        var fit = TwoLayerNetTrainer.Fit(train, spec.Options(seed), context, Initial);
        return new LearnerFit(fit.Net, HistoryTable.From(fit.History, r => r.Flatten()), new[] { new Diagnostic(FinalTime, fit.FinalTime) });
    }
}
