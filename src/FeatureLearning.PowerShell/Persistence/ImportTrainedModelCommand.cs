using System.Management.Automation;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Persistence;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Persistence;

/// <summary>
/// <para type="synopsis">Reads a trained model saved by Export-TrainedModel.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "TrainedModel")]
[OutputType(typeof(TrainedModel))]
public sealed class ImportTrainedModelCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        Guard(() => WriteObject(TrainedModels.Wrap(FeatureLearningFile.LoadModel(full))), Path);
    }
}
