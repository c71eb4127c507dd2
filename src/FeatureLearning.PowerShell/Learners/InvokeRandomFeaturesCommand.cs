using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Numerics;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Learners;

/// <summary>
/// <para type="synopsis">Fits a random-features model: a fixed random first layer with P features and a ridge readout.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RandomFeatures")]
[OutputType(typeof(TrainedModel), typeof(RandomFeaturesSpec))]
public sealed class InvokeRandomFeaturesCommand : LearnerCmdlet
{
    /// <summary>P; by default 2d (or -FeaturesPerDimension × d).</summary>
    [Parameter]
    [ValidateRange(1, RandomFeaturesSpec.MaxFeatures)]
    public int? Features { get; set; }

    /// <summary>P/d, when -Features is not given.</summary>
    [Parameter]
    public double? FeaturesPerDimension { get; set; }

    [Parameter]
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>Unnormalised ridge λ in Σ(y − f)² + λ‖a‖²; chosen on a validation split when omitted.</summary>
    [Parameter]
    public double? Ridge { get; set; }

    protected override string Activity => "Fitting random features";

    protected override LearnerSpec BuildSpec() =>
        new RandomFeaturesSpec { Features = Features, FeaturesPerDimension = FeaturesPerDimension, Activation = Activation, Ridge = Ridge };
}
