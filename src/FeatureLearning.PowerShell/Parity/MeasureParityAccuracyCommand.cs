using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Parity;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Parity;

/// <summary>
/// <para type="synopsis">Scores a trained model on a sparse-parity task: accuracy overall, on the uniform half and on the structured half.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "ParityAccuracy")]
[OutputType(typeof(ParityAccuracyRow))]
public sealed class MeasureParityAccuracyCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public TrainedModel Model { get; set; } = null!;

    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int TestSamples { get; set; } = 10000;

    [Parameter]
    public int Seed { get; set; }

    protected override void ProcessRecord()
    {
        GuardItem(() =>
        {
            var task = Model.GetGenerator() as SparseParityGenerator ?? throw new FeatureLearningException("FeatureLearning.WrongTask",
                $"The model was trained on '{Model.ToRow().Task}', not on data from New-SparseParity.");
            if (Model.GetModel().InputDimension != task.Dimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch", $"The model expects {Model.GetModel().InputDimension} inputs but the task has {task.Dimension} bits.");
            if ((long)TestSamples * task.Dimension > 500_000_000L)
                throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", $"-TestSamples {TestSamples} × {task.Dimension} bits is too many to hold; lower -TestSamples.");
            var a = ParityAccuracy.Measure(Model.GetModel(), task, TestSamples, Seed, Cancellation);
            WriteObject(new ParityAccuracyRow(Model.ToRow().Learner, Model.ToRow().Settings, task.Distribution.ToString(), task.Dimension, task.K, Model.ToRow().N,
                a.Overall, a.Uniform, a.Structured, Model.ToRow().Seconds, Model.ToRow().Seed));
        }, Model);
    }
}
