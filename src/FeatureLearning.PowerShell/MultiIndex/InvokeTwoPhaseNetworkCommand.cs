using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Numerics;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.MultiIndex;

/// <summary>
/// <para type="synopsis">Trains a two-layer net with Damian et al.'s two-phase algorithm (one first-layer gradient step, then a ridge head), or refits only the head on learned features.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "TwoPhaseNetwork")]
[OutputType(typeof(TrainedModel))]
public sealed class InvokeTwoPhaseNetworkCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public Dataset Data { get; set; } = null!;

    /// <summary>m, the number of hidden units (even).</summary>
    [Parameter]
    [ValidateRange(2, 100_000)]
    public int Width { get; set; } = 512;

    [Parameter]
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>n1: the first rows used for the phase-1 gradient; the rest is the fresh batch of phase 2. Default: half.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int FirstPhaseSamples { get; set; }

    [Parameter]
    public double StepSize { get; set; } = double.NaN;

    [Parameter]
    public double WeightDecay { get; set; } = double.NaN;

    /// <summary>Do not regress the mean and linear part out of the phase-1 labels.</summary>
    [Parameter]
    public SwitchParameter KeepLinearPart { get; set; }

    [Parameter]
    public double BiasScale { get; set; } = 1.0;

    [Parameter]
    public double Ridge { get; set; } = double.NaN;

    /// <summary>A model from Invoke-TwoPhaseNetwork whose first layer (W, b) is kept: only the head is fitted, on all of -Data.</summary>
    [Parameter]
    public TrainedModel? Features { get; set; }

    [Parameter]
    [ValidateRange(0, 10_000_000)]
    public int TestSamples { get; set; } = 10000;

    [Parameter]
    public Dataset? TestData { get; set; }

    [Parameter]
    public int Seed { get; set; }

    protected override void ProcessRecord()
    {
        const string activity = "Two-phase network";
        Guard(() =>
        {
            if (TestData is not null && TestData.Dimension != Data.Dimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"-TestData has dimension {TestData.Dimension} but the training data has {Data.Dimension}.");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var directions = (Data.Generator as ISignalDirections)?.Directions;
            double[]? u = directions?.SelectMany(v => v).ToArray();
            TrainedModel model;
            if (Features is not null)
            {
                var features = Features.Model as FeatureNet ?? throw new FeatureLearningException("FeatureLearning.WrongModel",
                    $"-Features must be a model from Invoke-TwoPhaseNetwork, got a {Features.Learner} model.");
                var (net, ridge) = TwoPhaseLearner.FitHead(features, Data, double.IsNaN(Ridge) ? null : Ridge, Context(activity), "TransferHead");
                double alignment = u is null ? double.NaN : SubspaceAlignment.Fraction(net.W, net.Width, net.InputDimension, u, directions!.Count);
                model = TrainedModel.Create(net, Data, Seed, clock.Elapsed.TotalSeconds, TestSamples, TestData,
                    settings: $"m={net.Width} head only, ridge={ridge:G3}", cancel: Cancellation);
                WriteObject(Decorate(model, alignment, double.NaN, double.NaN, 0, Data.Count));
            }
            else
            {
                var options = new TwoPhaseOptions
                {
                    Width = Width,
                    Activation = Activation,
                    FirstPhaseSamples = MyInvocation.BoundParameters.ContainsKey(nameof(FirstPhaseSamples)) ? FirstPhaseSamples : null,
                    StepSize = double.IsNaN(StepSize) ? null : StepSize,
                    WeightDecay = double.IsNaN(WeightDecay) ? null : WeightDecay,
                    RemoveLinearPart = !KeepLinearPart,
                    BiasScale = BiasScale,
                    Ridge = double.IsNaN(Ridge) ? null : Ridge,
                    Seed = Seed,
                };
                WriteVerbose($"Two-phase net m={Width} {Activation} on {Data}.");
                var fit = TwoPhaseLearner.Fit(Data, options, Context(activity));
                model = TrainedModel.Create(fit.Net, Data, Seed, fit.Seconds, TestSamples, TestData,
                    settings: $"m={Width} {Activation} n1={fit.FirstPhaseSamples} eta={fit.StepSize:G3} ridge={fit.Ridge:G3} align={fit.Alignment:F3}",
                    cancel: Cancellation);
                double minCosine = fit.PrincipalCosines.Length > 0 ? fit.PrincipalCosines.Min() : double.NaN;
                WriteObject(Decorate(model, fit.Alignment, fit.InitialAlignment, minCosine, fit.FirstPhaseSamples, fit.SecondPhaseSamples));
            }
            CompleteProgress(activity);
        }, Data);
    }

    /// <summary>Type name of the decorated result (a console view shows the alignment columns).</summary>
    public const string TypeName = "FeatureLearning.TwoPhaseModel";

    /// <summary>The TrainedModel with flat note properties for the alignment with span(U) and the sample split.</summary>
    internal static PSObject Decorate(TrainedModel model, double alignment, double initial, double minCosine, int n1, int n2)
    {
        var result = new PSObject(model);
        result.TypeNames.Insert(0, TypeName);
        result.Properties.Add(new PSNoteProperty("SubspaceAlignment", alignment));
        result.Properties.Add(new PSNoteProperty("InitialAlignment", initial));
        result.Properties.Add(new PSNoteProperty("MinPrincipalCosine", minCosine));
        result.Properties.Add(new PSNoteProperty("FirstPhaseSamples", n1));
        result.Properties.Add(new PSNoteProperty("SecondPhaseSamples", n2));
        return result;
    }
}
