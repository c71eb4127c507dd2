using System.Diagnostics;
using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that fit one model to piped data: the shared parameters (-Data, -TestSamples, -TestData,
/// -Seed) and the common tail: time the fit, measure it on fresh test data, emit a TrainedModel.
/// </summary>
public abstract class LearnerCmdlet : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public Dataset Data { get; set; } = null!;

    [Parameter]
    [ValidateRange(0, 10_000_000)]
    public int TestSamples { get; set; } = 10000;

    [Parameter]
    public Dataset? TestData { get; set; }

    [Parameter]
    public int Seed { get; set; }

    /// <summary>What a fit produced: the model, its history (if any) and a short description of its settings.</summary>
    protected readonly record struct FitResult(IModel Model, IReadOnlyList<TrainingRecord>? History, string Settings);

    /// <summary>Runs <paramref name="fit"/> with progress under <paramref name="activity"/> and writes the TrainedModel.</summary>
    protected void FitAndWrite(string activity, Func<FitContext, FitResult> fit)
    {
        Guard(() =>
        {
            if (TestData is not null && TestData.Dimension != Data.Dimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"-TestData has dimension {TestData.Dimension} but the training data has {Data.Dimension}.");
            var clock = Stopwatch.StartNew();
            var result = fit(Context(activity));
            double seconds = clock.Elapsed.TotalSeconds;
            var model = TrainedModel.Create(result.Model, Data, Seed, seconds, TestSamples, TestData, result.History, result.Settings, Cancellation);
            CompleteProgress(activity);
            WriteObject(model);
        }, Data);
    }
}
