using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.ReluTeacher;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.ReluTeacher;

/// <summary>
/// <para type="synopsis">Trains an over-parametrised two-layer ReLU net f(x) = Σ a_j ReLU(w_j·x) (both layers, small random initialisation) by full-batch GD, SGD or Adam, with its training history and its alignment with the task's directions.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "WideReluNetwork")]
[OutputType(typeof(TrainedModel), typeof(WideReluNetworkSpec))]
public sealed class InvokeWideReluNetworkCommand : LearnerCmdlet
{
    /// <summary>m, the number of hidden units.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Width { get; set; } = 1024;

    [Parameter]
    public WideReluAlgorithm Algorithm { get; set; } = WideReluAlgorithm.GradientDescent;

    /// <summary>τ: w_j ~ N(0, τ²I/d).</summary>
    [Parameter]
    public double InitScale { get; set; } = 0.1;

    /// <summary>|a_j| at initialisation; default τ.</summary>
    [Parameter]
    public double? SecondLayerInitScale { get; set; }

    [Parameter]
    public SwitchParameter FixedSecondLayer { get; set; }

    /// <summary>η; 0.5 for GD and SGD, 0.002 for Adam when omitted.</summary>
    [Parameter]
    public double? LearningRate { get; set; }

    [Parameter]
    [ValidateRange(0, 100_000_000)]
    public int Epochs { get; set; } = 1000;

    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int BatchSize { get; set; } = 256;

    [Parameter]
    [ValidateRange(0, 100_000_000)]
    public int? StageOneEpochs { get; set; }

    [Parameter]
    public double StageTwoFactor { get; set; } = 0.1;

    [Parameter]
    public double WeightDecay { get; set; }

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int HistoryPoints { get; set; } = 50;

    [Parameter]
    [ValidateRange(0, 10_000_000)]
    public int MonitorSamples { get; set; } = 2000;

    protected override string Activity => "Training a wide ReLU network";

    protected override LearnerSpec BuildSpec() => new WideReluNetworkSpec
    {
        Width = Width, Algorithm = Algorithm, InitScale = InitScale, SecondLayerInitScale = SecondLayerInitScale,
        FixedSecondLayer = FixedSecondLayer, LearningRate = LearningRate, Epochs = Epochs, BatchSize = BatchSize,
        StageOneEpochs = StageOneEpochs, StageTwoFactor = StageTwoFactor, WeightDecay = WeightDecay,
        HistoryPoints = HistoryPoints, MonitorSamples = MonitorSamples,
    };
}
