using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Learners;

/// <summary>
/// <para type="synopsis">Fits a random-features model: a fixed random first layer with P features and a ridge readout.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RandomFeatures")]
[OutputType(typeof(TrainedModel))]
public sealed class InvokeRandomFeaturesCommand : LearnerCmdlet
{
    /// <summary>P; defaults to 2d.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Features { get; set; }

    [Parameter]
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>Unnormalised ridge λ in Σ(y − f)² + λ‖a‖²; chosen on a validation split when omitted.</summary>
    [Parameter]
    public double Ridge { get; set; } = double.NaN;

    protected override void ProcessRecord()
    {
        const string activity = "Fitting random features";
        FitAndWrite(activity, context =>
        {
            int p = Features > 0 ? Features : 2 * Data.Dimension;
            var options = new RandomFeaturesOptions { Features = p, Activation = Activation, Ridge = double.IsNaN(Ridge) ? null : Ridge, Seed = Seed };
            WriteVerbose($"Random features P={p} {Activation} on {Data}.");
            var fitted = RandomFeaturesLearner.Fit(Data, options, context);
            return new FitResult(fitted, null, $"P={p} {Activation} ridge={fitted.Ridge:G3}");
        });
    }
}
