using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Learners;

/// <summary>
/// <para type="synopsis">Emits a trained model's history as flat rows: for a two-layer net time, losses, test error and the order parameters; for the wide ReLU and parity nets their checkpoints.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "TrainingHistory")]
[OutputType(FlatRows.HistoryTypeName)]
public sealed class GetTrainingHistoryCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public TrainedModel Model { get; set; } = null!;

    protected override void ProcessRecord()
    {
        if (Model.GetHistory().Count == 0)
            WriteWarning($"The {Model.ToRow().Learner} model has no training history (only iteratively trained nets record one).");
        foreach (var row in FlatRows.History(Model))
            WriteObject(row);
    }
}
