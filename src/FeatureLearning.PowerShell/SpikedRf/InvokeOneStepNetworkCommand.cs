using System.Management.Automation;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.PowerShell.SpikedRf;

/// <summary>
/// <para type="synopsis">Trains a two-layer net by one giant gradient step on the first layer, then ridge on the readout (Cui et al. 2024).</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "OneStepNetwork")]
[OutputType(typeof(TrainedModel))]
public sealed class InvokeOneStepNetworkCommand : OneStepCmdlet
{
    protected override void ProcessRecord()
    {
        FitAndWriteWithSpike("One-step network", context =>
        {
            var o = Options();
            WriteVerbose($"One-step network p={o.Width} n0={o.FirstBatch} eta={o.StepSize} ridge={o.Ridge} on {Data}.");
            var model = OneStepLearner.Fit(Data, o, context);
            return (model, TheorySpike(o), $"p={o.Width} n0={o.FirstBatch} eta={o.StepSize:G3} ridge={o.Ridge:G3} {o.Activation}");
        });
    }
}
