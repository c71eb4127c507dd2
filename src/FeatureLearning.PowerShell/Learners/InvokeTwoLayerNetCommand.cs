using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Numerics;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Learners;

/// <summary>
/// <para type="synopsis">Trains a two-layer net f(x) = Σ v_k g(w_k·x/√d) by SGD or GD (alias Train-TwoLayerNet).</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "TwoLayerNet")]
[Alias("Train-TwoLayerNet")]
[OutputType(typeof(TrainedModel), typeof(TwoLayerNetSpec))]
public sealed class InvokeTwoLayerNetCommand : LearnerCmdlet
{
    [Parameter]
    [ValidateRange(1, TwoLayerNetSpec.MaxHidden)]
    public int Hidden { get; set; } = 4;

    [Parameter]
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>η: the first layer steps by η (gradient carrying 1/√d), the second by η/d.</summary>
    [Parameter]
    public double LearningRate { get; set; } = 0.5;

    /// <summary>η₂: the second layer steps by η₂/d instead of η/d.</summary>
    [Parameter]
    public double? SecondLayerLearningRate { get; set; }

    [Parameter]
    public double Regularization { get; set; }

    /// <summary>The second layer's weight decay instead of -Regularization.</summary>
    [Parameter]
    public double? SecondLayerRegularization { get; set; }

    /// <summary>Paper: -LearningRate, -SecondLayerLearningRate, -Regularization, -SecondLayerRegularization and -InitScale are the mixture paper's (unit means, noise σ), converted with the data's σ.</summary>
    [Parameter]
    public MixtureConvention Convention { get; set; } = MixtureConvention.Module;

    [Parameter]
    public TrainingAlgorithm Algorithm { get; set; } = TrainingAlgorithm.Sgd;

    [Parameter]
    public int? Epochs { get; set; }

    /// <summary>Training time t = samples processed / d (Online, and Sgd/MiniBatch when -Epochs is not given); iterations for FullBatchGd.</summary>
    [Parameter]
    public double Time { get; set; } = 200;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Keep the second layer at its initial value (or at -SecondLayer).</summary>
    [Parameter]
    public SwitchParameter FixedSecondLayer { get; set; }

    [Parameter]
    public double[]? SecondLayer { get; set; }

    [Parameter]
    public double InitScale { get; set; } = 1.0;

    [Parameter]
    public double SecondLayerInitScale { get; set; } = 1.0;

    [Parameter]
    public SwitchParameter Bias { get; set; }

    /// <summary>Start from this model's weights instead of a random initialisation.</summary>
    [Parameter]
    public TrainedModel? InitialModel { get; set; }

    [Parameter]
    [ValidateRange(2, 100_000)]
    public int HistoryPoints { get; set; } = 50;

    [Parameter]
    [ValidateRange(0, 10_000_000)]
    public int MonitorSamples { get; set; } = 2000;

    protected override string Activity => "Training a two-layer net";

    protected override LearnerSpec BuildSpec() => new TwoLayerNetSpec
    {
        Hidden = Hidden,
        Activation = Activation,
        LearningRate = LearningRate,
        SecondLayerLearningRate = SecondLayerLearningRate,
        Regularization = Regularization,
        SecondLayerRegularization = SecondLayerRegularization,
        Convention = Convention,
        Algorithm = Algorithm,
        Epochs = Epochs,
        Time = Time,
        BatchSize = BatchSize,
        TrainSecondLayer = !FixedSecondLayer,
        SecondLayer = SecondLayer,
        FirstLayerInitScale = InitScale,
        SecondLayerInitScale = SecondLayerInitScale,
        UseBias = Bias,
        Initial = InitialModel is null ? null
            : InitialModel.GetModel() as TwoLayerNet ?? throw new FeatureLearningException("FeatureLearning.WrongModel",
                $"-InitialModel must be a two-layer net, got a {InitialModel.ToRow().Learner} model."),
        HistoryPoints = HistoryPoints,
        MonitorSamples = MonitorSamples,
    };
}
