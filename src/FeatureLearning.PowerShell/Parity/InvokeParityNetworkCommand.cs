using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Parity;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Parity;

/// <summary>
/// <para type="synopsis">Trains a depth-two ReLU net on a sparse-parity dataset and reports test accuracy and the first layer's weight mass on the hidden bits.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "ParityNetwork")]
[OutputType(typeof(ParityNetworkResult))]
public sealed class InvokeParityNetworkCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public Dataset Data { get; set; } = null!;

    [Parameter]
    [ValidateRange(2, 100_000)]
    public int Width { get; set; } = 512;

    [Parameter]
    public ParityAlgorithm Algorithm { get; set; } = ParityAlgorithm.TwoPhase;

    [Parameter]
    public ParityLoss Loss { get; set; } = ParityLoss.Hinge;

    [Parameter]
    public double LearningRate { get; set; } = double.NaN;

    [Parameter]
    public double FirstStep { get; set; } = 2.0;

    [Parameter]
    public double BiasRange { get; set; } = double.NaN;

    [Parameter]
    [ValidateRange(0, 100_000_000)]
    public int Steps { get; set; } = 2000;

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 32;

    [Parameter]
    public double WeightDecay { get; set; }

    [Parameter]
    public double TargetAccuracy { get; set; } = double.NaN;

    [Parameter]
    [ValidateRange(2, 100_000)]
    public int HistoryPoints { get; set; } = 50;

    [Parameter]
    [ValidateRange(0, 10_000_000)]
    public int MonitorSamples { get; set; } = 2000;

    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int TestSamples { get; set; } = 10000;

    [Parameter]
    public int Seed { get; set; }

    protected override void ProcessRecord()
    {
        const string activity = "Training a parity network";
        Guard(() =>
        {
            var task = Data.Generator as SparseParityGenerator ?? throw new FeatureLearningException("FeatureLearning.WrongTask",
                "Invoke-ParityNetwork needs data from New-SparseParity (it measures accuracy on fresh samples and the weight mass on the hidden bits).");
            var options = new ParityNetOptions
            {
                Width = Width, Algorithm = Algorithm, Loss = Loss, LearningRate = LearningRate, FirstStep = FirstStep,
                BiasRange = BiasRange, Steps = Steps, BatchSize = BatchSize, WeightDecay = WeightDecay,
                TargetAccuracy = TargetAccuracy, HistoryPoints = HistoryPoints, MonitorSamples = MonitorSamples, Seed = Seed,
            };
            if ((long)TestSamples * Data.Dimension > 500_000_000L)
                throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", $"-TestSamples {TestSamples} × {Data.Dimension} bits is too many to hold; lower -TestSamples.");
            var fit = ParityNetTrainer.Fit(Data, options, Context(activity));
            var accuracy = ParityAccuracy.Measure(fit.Model, task, TestSamples, Seed, Cancellation);
            string settings = $"q={Width} {Algorithm} {Loss} steps={fit.Steps}";
            var trained = TrainedModel.Create(fit.Model, Data, Seed, fit.Seconds, TestSamples, settings: settings, cancel: Cancellation);
            CompleteProgress(activity);
            WriteObject(new ParityNetworkResult
            {
                Learner = "ParityNetwork", Algorithm = Algorithm.ToString(), Loss = Loss.ToString(), Distribution = task.Distribution.ToString(),
                Bits = task.Dimension, K = task.K, N = Data.Count, Width = Width, Steps = fit.Steps, StepsToTarget = fit.StepsToTarget,
                TestAccuracy = accuracy.Overall, TestError = 1 - accuracy.Overall, UniformAccuracy = accuracy.Uniform,
                StructuredAccuracy = accuracy.Structured, SubsetMass = fit.Model.SubsetMass(task.Subset), TrainError = trained.TrainError,
                Seconds = fit.Seconds, Seed = Seed, Settings = settings, TrainedModel = trained, History = fit.History,
            });
        }, Data);
    }
}
