using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Theory;

namespace FeatureLearning.PowerShell.SpikedRf;

/// <summary>
/// <para type="synopsis">Fits the spiked random-features model σ(√c·w0·x + r·v̂·x) built directly, with a ridge readout.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SpikedRandomFeatures", DefaultParameterSetName = "Step")]
[OutputType(typeof(TrainedModel))]
public sealed class InvokeSpikedRandomFeaturesCommand : OneStepCmdlet
{
    /// <summary>r, the spike strength (overrides the value implied by -StepSize and -Alpha0).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Spike")]
    public double SpikeStrength { get; set; }

    /// <summary>c, the bulk variance.</summary>
    [Parameter(ParameterSetName = "Spike")]
    public double BulkVariance { get; set; } = 1.0;

    /// <summary>γ, the cosine between the spike direction and θ.</summary>
    [Parameter(ParameterSetName = "Spike")]
    public double Gamma { get; set; } = 1.0;

    protected override void ProcessRecord()
    {
        FitAndWriteWithSpike("Spiked random features", context =>
        {
            var o = Options();
            var spike = ParameterSetName == "Spike"
                ? new SpikedRfParameters(SpikeStrength, BulkVariance, Gamma)
                : TheorySpike(o) ?? throw new FeatureLearningException("FeatureLearning.NoGenerator",
                    "-StepSize/-Alpha0 need data from New-SingleIndexTask (the spike depends on the link); or give -SpikeStrength, -BulkVariance and -Gamma.",
                    ErrorKind.InvalidOperation);
            WriteVerbose($"sRF p={o.Width} r={spike.R:G4} c={spike.C:G4} gamma={spike.Gamma:G4} ridge={o.Ridge} on {Data}.");
            var model = OneStepLearner.FitSpiked(Data, spike, o, context);
            return (model, spike, $"p={o.Width} r={spike.R:G3} c={spike.C:G3} gamma={spike.Gamma:G3} ridge={o.Ridge:G3} {o.Activation}");
        });
    }
}
