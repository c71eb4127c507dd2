using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.ReluTeacher;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.ReluTeacher;

/// <summary>
/// <para type="synopsis">Compares the closed-form NTK (K1 + s·K0) and NNGP (K1) of a two-layer ReLU net with the empirical tangent kernel of a random wide net, or of a trained one, at random input pairs.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "TangentKernel", DefaultParameterSetName = "Random")]
[OutputType(typeof(TangentKernelRow))]
public sealed class MeasureTangentKernelCommand : FeatureLearningCmdlet
{
    /// <summary>Inputs; pairs are drawn from its rows.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public Dataset Data { get; set; } = null!;

    /// <summary>m of the random net in the NTK parametrisation f(x) = m^{-1/2} Σ a_j ReLU(g_j·x/√d), g_j ~ N(0, I), a_j = ±1.</summary>
    [Parameter(ParameterSetName = "Random")]
    [ValidateRange(1, 100_000_000)]
    public int Width { get; set; } = 20000;

    /// <summary>A model from Invoke-WideReluNetwork: its own tangent kernel (gradients in (a, W) as stored) instead of a random net's.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Model")]
    public TrainedModel Model { get; set; } = null!;

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Pairs { get; set; } = 20;

    [Parameter]
    public int Seed { get; set; }

    protected override void ProcessRecord()
    {
        GuardItem(() =>
        {
            WideReluNet net;
            double rateA, rateW;
            if (ParameterSetName == "Model")
            {
                net = Model.GetModel() as WideReluNet ?? throw new FeatureLearningException("FeatureLearning.WrongModel",
                    $"-Model must come from Invoke-WideReluNetwork, got a {Model.ToRow().Learner} model.");
                (rateA, rateW) = (1.0, 1.0);
            }
            else
            {
                net = WideReluNet.RandomNtk(Data.Dimension, Width, Seed);
                (rateA, rateW) = EmpiricalTangentKernel.NtkRates(net);
            }
            foreach (var row in TangentKernelComparison.Compare(net, Data, Pairs, Seed, rateA, rateW, Cancellation))
                WriteObject(row);
        }, Data);
    }
}
