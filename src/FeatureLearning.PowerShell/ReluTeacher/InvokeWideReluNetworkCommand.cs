using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.ReluTeacher;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.ReluTeacher;

/// <summary>
/// <para type="synopsis">Trains an over-parametrised two-layer ReLU net f(x) = Σ a_j ReLU(w_j·x) (both layers, small random initialisation) by full-batch GD, SGD or Adam, with its training history and its alignment with the teacher's W*.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "WideReluNetwork")]
[OutputType(typeof(TrainedModel))]
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
    public double SecondLayerInitScale { get; set; } = double.NaN;

    [Parameter]
    public SwitchParameter FixedSecondLayer { get; set; }

    [Parameter]
    public double LearningRate { get; set; } = double.NaN;

    [Parameter]
    [ValidateRange(0, 100_000_000)]
    public int Epochs { get; set; } = 1000;

    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int BatchSize { get; set; } = 256;

    [Parameter]
    [ValidateRange(0, 100_000_000)]
    public int StageOneEpochs { get; set; }

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

    /// <summary>Type name of the decorated result (a console view shows d·MSE and the alignment).</summary>
    public const string TypeName = "FeatureLearning.WideReluModel";

    protected override void ProcessRecord()
    {
        const string activity = "Training a wide ReLU network";
        var options = new WideReluOptions
        {
            Width = Width, Algorithm = Algorithm, InitScale = InitScale,
            SecondLayerInitScale = double.IsNaN(SecondLayerInitScale) ? null : SecondLayerInitScale,
            FixedSecondLayer = FixedSecondLayer, LearningRate = double.IsNaN(LearningRate) ? null : LearningRate, Epochs = Epochs,
            BatchSize = BatchSize, StageOneEpochs = MyInvocation.BoundParameters.ContainsKey(nameof(StageOneEpochs)) ? StageOneEpochs : null,
            StageTwoFactor = StageTwoFactor, WeightDecay = WeightDecay, HistoryPoints = HistoryPoints, MonitorSamples = MonitorSamples, Seed = Seed,
        };
        Guard(() =>
        {
            options.Validate(Data.Dimension);
            if ((long)TestSamples * Data.Dimension > 500_000_000L || (long)MonitorSamples * Data.Dimension > 500_000_000L)
                throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                    $"-TestSamples/-MonitorSamples × {Data.Dimension} dimensions is too many to hold; lower them.");
            if (TestData is not null && TestData.Dimension != Data.Dimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"-TestData has dimension {TestData.Dimension} but the training data has {Data.Dimension}.");
            WriteVerbose($"Wide ReLU net m={Width} {Algorithm} eta={options.EffectiveLearningRate:G3} tau={InitScale:G3} on {Data}.");
            var fit = WideReluTrainer.Fit(Data, options, Context(activity));
            var history = fit.History.Select(p => new TrainingRecord(p.Epoch, p.Step, p.Epoch, p.TrainMse, p.MonitorMse, 0.5 * p.MonitorMse,
                0, 0, Array.Empty<double>(), Array.Empty<double>(), Array.Empty<double>())).ToArray();
            string settings = $"m={Width} {Algorithm} eta={options.EffectiveLearningRate:G3} tau={InitScale:G3} epochs={fit.Epochs}" +
                (options.StageOneEpochs is { } t1 ? $" stage2@{t1}x{StageTwoFactor:G3}" : "") + (FixedSecondLayer ? " fixed-a" : "");
            var model = TrainedModel.Create(fit.Net, Data, Seed, fit.Seconds, TestSamples, TestData, history, settings, Cancellation);
            CompleteProgress(activity);
            WriteObject(Decorate(model, fit, Data));
        }, Data);
    }

    /// <summary>The TrainedModel with flat note properties: d·MSE, the teacher's error levels and the alignment with W*.</summary>
    internal static PSObject Decorate(TrainedModel model, WideReluFit fit, Dataset data)
    {
        var teacher = data.Generator as AbsTeacherGenerator;
        var directions = (data.Generator as ISignalDirections)?.Directions;
        int d = data.Dimension;
        DirectionAlignment[]? final = directions is null ? null : TeacherAlignment.PerDirection(fit.Net.W, fit.Net.A, d, directions, teacher?.A);
        DirectionAlignment[]? initial = directions is null ? null : TeacherAlignment.PerDirection(fit.Initial.W, fit.Initial.A, d, directions, teacher?.A);
        var result = new PSObject(model);
        result.TypeNames.Insert(0, TypeName);
        void Add(string name, object? value) => result.Properties.Add(new PSNoteProperty(name, value));
        Add("Width", fit.Net.Width);
        Add("Epochs", fit.Epochs);
        Add("Steps", fit.Steps);
        Add("DTestMse", d * model.TestMse);
        Add("NullMse", teacher?.NullMse ?? double.NaN);
        Add("KernelFloorMse", teacher?.KernelFloorMse ?? double.NaN);
        Add("MinAlignment", final?.Min(p => p.MaxCosine) ?? double.NaN);
        Add("MeanAlignment", final?.Average(p => p.MaxCosine) ?? double.NaN);
        Add("AlignedMass", directions is null ? double.NaN : TeacherAlignment.AlignedMass(fit.Net.W, fit.Net.A, d, directions));
        Add("InitialMinAlignment", initial?.Min(p => p.MaxCosine) ?? double.NaN);
        Add("AlignmentHistory", fit.History);
        return result;
    }
}
