using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Numerics;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.MultiIndex;

/// <summary>
/// <para type="synopsis">Trains a two-layer net with Damian et al.'s two-phase algorithm (one first-layer gradient step, then a ridge head), or refits only the head on learned features.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "TwoPhaseNetwork")]
[OutputType(typeof(TrainedModel), typeof(TwoPhaseNetworkSpec))]
public sealed class InvokeTwoPhaseNetworkCommand : LearnerCmdlet
{
    /// <summary>m, the number of hidden units (even).</summary>
    [Parameter]
    [ValidateRange(2, 100_000)]
    public int Width { get; set; } = 512;

    [Parameter]
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>n1: the first rows used for the phase-1 gradient; the rest is the fresh batch of phase 2. Default: half.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? FirstPhaseSamples { get; set; }

    [Parameter]
    public double? StepSize { get; set; }

    [Parameter]
    public double? WeightDecay { get; set; }

    /// <summary>Do not regress the mean and linear part out of the phase-1 labels.</summary>
    [Parameter]
    public SwitchParameter KeepLinearPart { get; set; }

    [Parameter]
    public double BiasScale { get; set; } = 1.0;

    [Parameter]
    public double? Ridge { get; set; }

    /// <summary>A model from Invoke-TwoPhaseNetwork whose first layer (W, b) is kept: only the head is fitted, on all of -Data.</summary>
    [Parameter]
    public TrainedModel? Features { get; set; }

    protected override string Activity => "Two-phase network";

    protected override LearnerSpec BuildSpec() => new TwoPhaseNetworkSpec
    {
        Width = Width,
        Activation = Activation,
        FirstPhaseSamples = FirstPhaseSamples,
        StepSize = StepSize,
        WeightDecay = WeightDecay,
        RemoveLinearPart = !KeepLinearPart,
        BiasScale = BiasScale,
        Ridge = Ridge,
        Features = Features is null ? null
            : Features.GetModel() as FeatureNet ?? throw new FeatureLearningException("FeatureLearning.WrongModel",
                $"-Features must be a model from Invoke-TwoPhaseNetwork, got a {Features.ToRow().Learner} model."),
    };
}
