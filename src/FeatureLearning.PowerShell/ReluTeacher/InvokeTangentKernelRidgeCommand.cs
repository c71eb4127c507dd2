using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.ReluTeacher;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.ReluTeacher;

/// <summary>
/// <para type="synopsis">Fits kernel ridge with the empirical tangent kernel of a finite ReLU net: a random net in the NTK parametrisation (-Width), or a trained net from Invoke-WideReluNetwork (-Network).</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "TangentKernelRidge", DefaultParameterSetName = "Random")]
[OutputType(typeof(TrainedModel), typeof(TangentKernelRidgeSpec))]
public sealed class InvokeTangentKernelRidgeCommand : LearnerCmdlet
{
    /// <summary>m of a random net f(x) = m^{-1/2} Σ a_j ReLU(g_j·x/√d), g_j ~ N(0, I), a_j = ±1.</summary>
    [Parameter(ParameterSetName = "Random")]
    [ValidateRange(1, 10_000_000)]
    public int Width { get; set; } = 4096;

    /// <summary>A model from Invoke-WideReluNetwork whose tangent kernel (gradients in (a, W) as stored) to use.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Network")]
    public TrainedModel Network { get; set; } = null!;

    /// <summary>Unnormalised ridge λ; chosen on a validation split when omitted.</summary>
    [Parameter]
    public double? Ridge { get; set; }

    protected override string Activity => "Fitting tangent-kernel ridge regression";

    protected override LearnerSpec BuildSpec() => new TangentKernelRidgeSpec
    {
        Width = Width,
        Ridge = Ridge,
        Network = ParameterSetName != "Network" ? null
            : Network.GetModel() as WideReluNet ?? throw new FeatureLearningException("FeatureLearning.WrongModel",
                $"-Network must come from Invoke-WideReluNetwork, got a {Network.ToRow().Learner} model."),
    };
}
