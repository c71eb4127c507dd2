using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Parity;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Parity;

/// <summary>
/// <para type="synopsis">Trains a depth-two ReLU net on ±1 labels (Daniely and Malach's two-phase training, or SGD/Adam); on a parity task the row also reports the accuracy on each half of D_A and the first layer's weight mass on the hidden bits.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ParityNetwork")]
[OutputType(typeof(TrainedModel), typeof(ParityNetworkSpec))]
public sealed class InvokeParityNetworkCommand : LearnerCmdlet
{
    [Parameter]
    [ValidateRange(2, 100_000)]
    public int Width { get; set; } = 512;

    [Parameter]
    public ParityAlgorithm Algorithm { get; set; } = ParityAlgorithm.TwoPhase;

    [Parameter]
    public ParityLoss Loss { get; set; } = ParityLoss.Hinge;

    [Parameter]
    public double? LearningRate { get; set; }

    [Parameter]
    public double FirstStep { get; set; } = 2.0;

    [Parameter]
    public double? BiasRange { get; set; }

    [Parameter]
    [ValidateRange(0, 100_000_000)]
    public int Steps { get; set; } = 2000;

    /// <summary>TwoPhase: the most second-layer GD steps (GD runs at least -Steps and stops once the loss stops falling).</summary>
    [Parameter]
    [ValidateRange(0, 100_000_000)]
    public int MaxSteps { get; set; } = 50_000;

    [Parameter]
    [ValidateRange(1, 100_000_000)]
    public int ConvergenceWindow { get; set; } = 1000;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double ConvergenceTolerance { get; set; } = 0.1;

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 32;

    [Parameter]
    public double WeightDecay { get; set; }

    [Parameter]
    public double? TargetAccuracy { get; set; }

    [Parameter]
    [ValidateRange(2, 100_000)]
    public int HistoryPoints { get; set; } = 50;

    [Parameter]
    [ValidateRange(0, 10_000_000)]
    public int MonitorSamples { get; set; } = 2000;

    protected override string Activity => "Training a parity network";

    protected override LearnerSpec BuildSpec() => new ParityNetworkSpec
    {
        Width = Width, Algorithm = Algorithm, Loss = Loss, LearningRate = LearningRate, FirstStep = FirstStep, BiasRange = BiasRange,
        Steps = Steps, MaxSteps = MaxSteps, ConvergenceWindow = ConvergenceWindow, ConvergenceTolerance = ConvergenceTolerance, BatchSize = BatchSize, WeightDecay = WeightDecay, TargetAccuracy = TargetAccuracy,
        HistoryPoints = HistoryPoints, MonitorSamples = MonitorSamples,
    };
}
