using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.SpikedRf;

namespace FeatureLearning.PowerShell.SpikedRf;

/// <summary>
/// <para type="synopsis">Trains a two-layer net by one giant gradient step on the first layer, then ridge on the readout (Cui et al. 2024).</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "OneStepNetwork")]
[OutputType(typeof(TrainedModel), typeof(OneStepNetworkSpec))]
public sealed class InvokeOneStepNetworkCommand : OneStepCmdlet
{
    protected override string Activity => "One-step network";

    protected override LearnerSpec BuildSpec() => WithSharedSettings(new OneStepNetworkSpec());
}
