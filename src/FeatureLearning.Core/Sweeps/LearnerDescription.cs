using System.Text.Json.Serialization;
using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// A learner and its settings as stored in a sweep plan (name + settings), convertible to and from a
/// <see cref="LearnerSpec"/>. The seed inside the settings is not stored: each trial fits with its own seed.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "name")]
[JsonDerivedType(typeof(TwoLayerNetDescription), "TwoLayerNet")]
[JsonDerivedType(typeof(RandomFeaturesDescription), "RandomFeatures")]
[JsonDerivedType(typeof(KernelRidgeDescription), "KernelRidge")]
public abstract record LearnerDescription
{
    [JsonIgnore]
    public abstract string Name { get; }

    public abstract LearnerSpec ToSpec();

    public static LearnerDescription FromSpec(LearnerSpec spec) => spec switch
    {
        TwoLayerNetSpec s => new TwoLayerNetDescription(s.Options),
        RandomFeaturesSpec s => new RandomFeaturesDescription(s.Options, s.FeaturesPerDimension),
        KernelRidgeSpec s => new KernelRidgeDescription(s.Kernel, s.Ridge, s.MaxDenseSamples),
        _ => throw new FeatureLearningException("FeatureLearning.UnsupportedSweepLearner",
            $"A sweep plan cannot describe the learner {spec.Name} ({spec.GetType().Name}) yet; use -Learner TwoLayerNet, RandomFeatures or KernelRidge."),
    };
}

public sealed record TwoLayerNetDescription(TwoLayerNetOptions Settings) : LearnerDescription
{
    [JsonIgnore]
    public override string Name => "TwoLayerNet";

    public override LearnerSpec ToSpec() => new TwoLayerNetSpec(Settings);
}

public sealed record RandomFeaturesDescription(RandomFeaturesOptions Settings, double? FeaturesPerDimension) : LearnerDescription
{
    [JsonIgnore]
    public override string Name => "RandomFeatures";

    public override LearnerSpec ToSpec() => new RandomFeaturesSpec(Settings, FeaturesPerDimension);
}

public sealed record KernelRidgeDescription(KernelSpec Kernel, double? Ridge, int MaxDenseSamples) : LearnerDescription
{
    [JsonIgnore]
    public override string Name => "KernelRidge";

    public override LearnerSpec ToSpec() => new KernelRidgeSpec(Kernel, Ridge, MaxDenseSamples);
}
