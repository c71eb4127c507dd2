using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.SpikedRf;

namespace FeatureLearning.PowerShell.SpikedRf;

/// <summary>
/// <para type="synopsis">Fits the spiked random-features model σ(√c·w0·x + r·v̂·x) built directly, with a ridge readout.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SpikedRandomFeatures")]
[OutputType(typeof(TrainedModel), typeof(SpikedRandomFeaturesSpec))]
public sealed class InvokeSpikedRandomFeaturesCommand : OneStepCmdlet
{
    /// <summary>r, the spike strength (instead of the value the theory gives for -StepSize and -Alpha0 on a single-index task).</summary>
    [Parameter]
    public double? SpikeStrength { get; set; }

    /// <summary>c, the bulk variance (with -SpikeStrength; default 1).</summary>
    [Parameter]
    public double? BulkVariance { get; set; }

    /// <summary>γ, the cosine between the spike direction and θ (with -SpikeStrength; default 1).</summary>
    [Parameter]
    public double? Gamma { get; set; }

    protected override string Activity => "Spiked random features";

    protected override LearnerSpec BuildSpec() =>
        WithSharedSettings(new SpikedRandomFeaturesSpec { SpikeStrength = SpikeStrength, BulkVariance = BulkVariance, Gamma = Gamma });
}
