using System.Management.Automation;
using FeatureLearning.Core.Learners;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Learners;

/// <summary>
/// <para type="synopsis">Emits a trained net's history as flat rows: time, losses, test error and order parameters.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "TrainingHistory")]
[OutputType(typeof(PSObject))]
public sealed class GetTrainingHistoryCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public TrainedModel Model { get; set; } = null!;

    protected override void ProcessRecord()
    {
        if (Model.History.Count == 0)
            WriteWarning($"The {Model.Learner} model has no training history (only iteratively trained nets record one).");
        foreach (var record in Model.History)
            WriteObject(FlatRows.History(Model, record));
    }
}
