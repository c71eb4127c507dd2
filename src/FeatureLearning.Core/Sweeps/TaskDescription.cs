using System.Text.Json.Serialization;
using FeatureLearning.Core.Data;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// What a sweep plan stores about its task: enough to rebuild the generator on another machine. A new task kind is a
/// derived record, one <see cref="JsonDerivedTypeAttribute"/> line and one case in <see cref="FromGenerator"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(GaussianMixtureTaskDescription), "GaussianMixture")]
public abstract record TaskDescription
{
    public abstract IDataGenerator CreateGenerator();

    public static TaskDescription FromGenerator(IDataGenerator generator) => generator switch
    {
        GaussianMixtureGenerator g => new GaussianMixtureTaskDescription(g.Kind, g.Dimension, g.Snr, g.Seed),
        _ => throw new FeatureLearningException("FeatureLearning.UnsupportedSweepTask",
            $"A sweep plan cannot describe data from {generator.GetType().Name} yet; use data made by New-GaussianMixture, or run Compare-Learner directly."),
    };
}

/// <summary>The Gaussian mixture of <see cref="GaussianMixtureGenerator"/>; the seed fixes its cluster directions.</summary>
public sealed record GaussianMixtureTaskDescription(MixtureKind Mixture, int Dimension, double Snr, long Seed) : TaskDescription
{
    public override IDataGenerator CreateGenerator() => new GaussianMixtureGenerator(Dimension, Snr, Mixture, Seed);

    public override string ToString() => $"{Mixture} d={Dimension} snr={Snr:G4} seed={Seed}";
}
