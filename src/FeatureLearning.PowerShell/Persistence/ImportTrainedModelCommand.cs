using System.Management.Automation;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Persistence;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Persistence;

/// <summary>
/// <para type="synopsis">Reads trained models saved by Export-TrainedModel (any learner), with their settings, history and task.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "TrainedModel", DefaultParameterSetName = PathSet)]
[OutputType(typeof(TrainedModel))]
public sealed class ImportTrainedModelCommand : FileReaderCmdlet
{
    protected override void Read(string fullPath) => WriteObject(TrainedModels.Wrap(FeatureLearningFile.LoadModel(fullPath)));
}
