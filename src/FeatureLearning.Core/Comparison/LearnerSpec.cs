using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Comparison;

/// <summary>A learner and its settings, able to fit a dataset with a given seed. Nothing mutable is shared between fits.</summary>
public abstract record LearnerSpec
{
    /// <summary>Name used in result rows.</summary>
    public abstract string Name { get; }

    /// <summary>Largest training set this learner accepts (dense kernels); larger sizes are skipped with a warning.</summary>
    public virtual int MaxSamples => int.MaxValue;

    public abstract IModel Fit(Dataset train, long seed, FitContext context);
}

public sealed record TwoLayerNetSpec(TwoLayerNetOptions Options) : LearnerSpec
{
    public override string Name => "TwoLayerNet";

    public override IModel Fit(Dataset train, long seed, FitContext context) =>
        TwoLayerNetTrainer.Fit(train, Options with { Seed = seed, HistoryPoints = Math.Max(2, Options.HistoryPoints), MonitorSamples = 0 }, context).Net;
}

/// <summary>Random features; when <see cref="FeaturesPerDimension"/> is set, P = round(ratio·d).</summary>
public sealed record RandomFeaturesSpec(RandomFeaturesOptions Options, double? FeaturesPerDimension = null) : LearnerSpec
{
    /// <summary>Upper bound on P/d: beyond it the P×P normal equations stop being a sensible request.</summary>
    public const double MaxFeaturesPerDimension = 1000;

    public override string Name => "RandomFeatures";

    public override IModel Fit(Dataset train, long seed, FitContext context)
    {
        if (FeaturesPerDimension is { } r && (!double.IsFinite(r) || r <= 0 || r > MaxFeaturesPerDimension))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"Features per dimension must be in (0, {MaxFeaturesPerDimension}], got {r}.");
        int p = FeaturesPerDimension is { } ratio ? Math.Max(1, (int)Math.Round(ratio * train.Dimension)) : Options.Features;
        return RandomFeaturesLearner.Fit(train, Options with { Seed = seed, Features = p }, context);
    }
}

public sealed record KernelRidgeSpec(KernelSpec Kernel, double? Ridge = null, int MaxDenseSamples = 6000) : LearnerSpec
{
    public override string Name => "KernelRidge";

    public override int MaxSamples => MaxDenseSamples;

    public override IModel Fit(Dataset train, long seed, FitContext context) => KernelRidgeLearner.Fit(train, Kernel, Ridge, context);
}
