using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using static System.FormattableString;

namespace FeatureLearning.Core.Learning;

/// <summary>
/// Random features F(x) = Σ_p a_p g(f_p·x/√d)/√P with a fixed Gaussian first layer and a ridge readout
/// (<see cref="RandomFeaturesLearner"/>). P is given directly or as a ratio P/d (the mixture paper's P = 2d by default).
/// </summary>
public sealed record RandomFeaturesSpec : LearnerSpec
{
    public const int MaxFeatures = 1_000_000;

    /// <summary>Upper bound on P/d: beyond it the P×P normal equations stop being a sensible request.</summary>
    public const double MaxFeaturesPerDimension = 1000;

    public override LearnerName Name => LearnerName.RandomFeatures;

    /// <summary>P; when null, round(<see cref="FeaturesPerDimension"/>·d).</summary>
    public int? Features { get; init; }

    /// <summary>P/d, used when <see cref="Features"/> is not given (default 2).</summary>
    public double? FeaturesPerDimension { get; init; }

    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Unnormalised ridge λ; null chooses it on a validation split.</summary>
    public double? Ridge { get; init; }

    public const string RidgeUsed = "Ridge", FeatureCount = "Features";

    public override IReadOnlyList<string> DiagnosticNames => new[] { RidgeUsed, FeatureCount };

    /// <summary>P for inputs of dimension <paramref name="d"/>.</summary>
    public int FeaturesFor(int d) => Features ?? Math.Max(1, (int)Math.Round((FeaturesPerDimension ?? 2.0) * d));

    public override string Describe() =>
        (Features is { } p ? Invariant($"P={p}") : Invariant($"P={FeaturesPerDimension ?? 2.0:G4}d")) + $" {Activation}" +
        (Ridge is { } r ? Invariant($" ridge={r:G4}") : " ridge=auto");

    public override void Validate(int? dimension = null)
    {
        if (Features is not null && FeaturesPerDimension is not null)
            throw HyperParameter.Invalid("Give -Features (P) or -FeaturesPerDimension (P/d), not both.");
        HyperParameter.Range(nameof(Features), Features, 1, MaxFeatures);
        HyperParameter.Positive(nameof(FeaturesPerDimension), FeaturesPerDimension, MaxFeaturesPerDimension);
        HyperParameter.Defined(nameof(Activation), Activation);
        HyperParameter.NonNegative(nameof(Ridge), Ridge);
        if (dimension is { } d && (long)FeaturesFor(d) * d > Array.MaxLength)
            throw HyperParameter.Invalid($"P = {FeaturesFor(d)} features × d = {d} weights cannot be held; use fewer features.");
    }

    public override LearnerSpec WithRidge(double? ridge) => this with { Ridge = ridge };

    public override bool ChoosesRidge => true;

    public override LearnerFit Fit(Dataset train, long seed, FitContext context)
    {
        int p = FeaturesFor(train.Dimension);
        var model = RandomFeaturesLearner.Fit(train, new RandomFeaturesOptions { Features = p, Activation = Activation, Ridge = Ridge, Seed = seed }, context);
        return new LearnerFit(model, HistoryTable.Empty, new[] { new Diagnostic(RidgeUsed, model.Ridge), new Diagnostic(FeatureCount, p) });
    }
}
