using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Comparison;

/// <summary>The learners Compare-Learner and New-SweepPlan know by name.</summary>
public enum LearnerName
{
    TwoLayerNet,
    RandomFeatures,
    KernelRidge,
}

/// <summary>Settings shared by the named learners of a comparison (the mixture spec's defaults).</summary>
public sealed record StandardLearnerSettings
{
    public int Hidden { get; init; } = 4;
    public Activation Activation { get; init; } = Activation.Relu;
    public double LearningRate { get; init; } = 0.5;
    public double Time { get; init; } = 200;
    public double FeaturesPerDimension { get; init; } = 2.0;
    public KernelKind Kernel { get; init; } = KernelKind.Rbf;
    public int MaxKernelSamples { get; init; } = 6000;

    public static readonly LearnerName[] DefaultTrio = { LearnerName.TwoLayerNet, LearnerName.RandomFeatures, LearnerName.KernelRidge };

    /// <summary>The specs for <paramref name="names"/>; settings are validated here, before any trial runs.</summary>
    public IReadOnlyList<LearnerSpec> Build(IEnumerable<LearnerName> names)
    {
        var list = new List<LearnerSpec>();
        foreach (var name in names)
        {
            switch (name)
            {
                case LearnerName.TwoLayerNet:
                    var options = new TwoLayerNetOptions { Hidden = Hidden, Activation = Activation, LearningRate = LearningRate, Time = Time };
                    options.Validate();
                    list.Add(new TwoLayerNetSpec(options));
                    break;
                case LearnerName.RandomFeatures:
                    if (!double.IsFinite(FeaturesPerDimension) || FeaturesPerDimension <= 0 || FeaturesPerDimension > RandomFeaturesSpec.MaxFeaturesPerDimension)
                        throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter",
                            $"-FeaturesPerDimension must be in (0, {RandomFeaturesSpec.MaxFeaturesPerDimension}], got {FeaturesPerDimension}.");
                    list.Add(new RandomFeaturesSpec(new RandomFeaturesOptions { Activation = Activation.Relu }, FeaturesPerDimension));
                    break;
                case LearnerName.KernelRidge:
                    list.Add(new KernelRidgeSpec(new KernelSpec(Kernel), null, MaxKernelSamples));
                    break;
                default:
                    throw new FeatureLearningException("FeatureLearning.UnknownLearner", $"Unknown learner '{name}'; use one of {string.Join(", ", Enum.GetNames<LearnerName>())}.");
            }
        }
        return list;
    }
}
