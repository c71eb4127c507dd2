using System.Text.Json.Serialization;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Persistence;
using static System.FormattableString;

namespace FeatureLearning.Core.MultiIndex;

/// <summary>
/// Damian, Lee and Soltanolkotabi's two-phase network (<see cref="TwoPhaseLearner"/>): one first-layer gradient step on
/// the first n1 rows, then a ridge head on the rest. With <see cref="Features"/> only the head is fitted, on all rows,
/// over a representation learned before (transfer to a new head).
/// </summary>
public sealed record TwoPhaseNetworkSpec : LearnerSpec
{
    public override LearnerName Name => LearnerName.TwoPhaseNetwork;

    /// <summary>m, the width (even: neurons come in symmetric pairs).</summary>
    public int Width { get; init; } = 512;

    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>n1, the rows of the phase-1 gradient; null: half of the data.</summary>
    public int? FirstPhaseSamples { get; init; }

    /// <summary>η of the phase-1 step; null: rows of mean squared norm 1.</summary>
    public double? StepSize { get; init; }

    /// <summary>λ of the phase-1 step; null: 1/η (the initialisation is erased).</summary>
    public double? WeightDecay { get; init; }

    public bool RemoveLinearPart { get; init; } = true;

    public double BiasScale { get; init; } = 1.0;

    /// <summary>Unnormalised ridge of the head; null chooses it on a validation split.</summary>
    public double? Ridge { get; init; }

    /// <summary>A learned representation (from a two-phase fit) whose head alone is refitted.</summary>
    [JsonConverter(typeof(PersistedModelConverter<FeatureNet>))]
    public FeatureNet? Features { get; init; }

    public const string InitialAlignment = "InitialAlignment", MinPrincipalCosine = "MinPrincipalCosine",
        FirstPhaseSamplesUsed = "FirstPhaseSamples", StepSizeUsed = "StepSize", RidgeUsed = "Ridge";

    public override IReadOnlyList<string> DiagnosticNames =>
        new[] { InitialAlignment, MinPrincipalCosine, FirstPhaseSamplesUsed, StepSizeUsed, RidgeUsed };

    public override string Describe() =>
        Features is { } f
            ? Invariant($"head on learned features m={f.Width} {f.Activation}") + (Ridge is { } rr ? Invariant($" ridge={rr:G4}") : " ridge=auto")
            : Invariant($"m={Width} {Activation}") +
              (FirstPhaseSamples is { } n1 ? Invariant($" n1={n1}") : " n1=n/2") +
              (StepSize is { } eta ? Invariant($" eta={eta:G4}") : "") +
              (WeightDecay is { } wd ? Invariant($" decay={wd:G4}") : "") +
              (RemoveLinearPart ? "" : " keep-linear") +
              (BiasScale != 1 ? Invariant($" bias={BiasScale:G4}") : "") +
              (Ridge is { } r ? Invariant($" ridge={r:G4}") : " ridge=auto");

    public override void Validate(int? dimension = null)
    {
        HyperParameter.Range(nameof(Width), Width, 2, 100_000);
        HyperParameter.Defined(nameof(Activation), Activation);
        HyperParameter.Range(nameof(FirstPhaseSamples), FirstPhaseSamples, 1, int.MaxValue);
        HyperParameter.Positive(nameof(StepSize), StepSize);
        HyperParameter.NonNegative(nameof(WeightDecay), WeightDecay);
        HyperParameter.NonNegative(nameof(BiasScale), BiasScale);
        HyperParameter.NonNegative(nameof(Ridge), Ridge);
        Options(0).Validate();
        if (dimension is { } d && (long)Width * d > Array.MaxLength)
            throw HyperParameter.Invalid($"m = {Width} units × d = {d} weights cannot be held; use a narrower net.");
        if (Features is not null && dimension is { } dd && Features.InputDimension != dd)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The features expect dimension {Features.InputDimension} but the data has {dd}; use a task that shares U.");
    }

    public override string? SkipReason(int n, int d) =>
        Features is null && n - (FirstPhaseSamples ?? n / 2) < 2 ? $"n = {n} leaves fewer than 2 rows for phase 2" : null;

    private TwoPhaseOptions Options(long seed) => new()
    {
        Width = Width, Activation = Activation, FirstPhaseSamples = FirstPhaseSamples, StepSize = StepSize, WeightDecay = WeightDecay,
        RemoveLinearPart = RemoveLinearPart, BiasScale = BiasScale, Ridge = Ridge, Seed = seed,
    };

    public override LearnerSpec WithRidge(double? ridge) => this with { Ridge = ridge };

    public override bool ChoosesRidge => true;

    public override LearnerFit Fit(Dataset train, long seed, FitContext context)
    {
        if (Features is not null)
        {
            var (net, ridge) = TwoPhaseLearner.FitHead(Features, train, Ridge, context);
            return new LearnerFit(net, HistoryTable.Empty, new[]
            {
                new Diagnostic(InitialAlignment, double.NaN), new Diagnostic(MinPrincipalCosine, double.NaN),
                new Diagnostic(FirstPhaseSamplesUsed, 0), new Diagnostic(StepSizeUsed, double.NaN), new Diagnostic(RidgeUsed, ridge),
            });
        }
        var fit = TwoPhaseLearner.Fit(train, Options(seed), context);
        return new LearnerFit(fit.Net, HistoryTable.Empty, new[]
        {
            new Diagnostic(InitialAlignment, fit.InitialAlignment),
            new Diagnostic(MinPrincipalCosine, fit.PrincipalCosines.Length > 0 ? fit.PrincipalCosines.Min() : double.NaN),
            new Diagnostic(FirstPhaseSamplesUsed, fit.FirstPhaseSamples),
            new Diagnostic(StepSizeUsed, fit.StepSize),
            new Diagnostic(RidgeUsed, fit.Ridge),
        });
    }
}
