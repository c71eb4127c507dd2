using System.Management.Automation;
using FeatureLearning.Core.IO;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Persistence;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Persistence;

/// <summary>
/// <para type="synopsis">Saves a trained model (weights, summary, history and task) to a versioned JSON file.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "TrainedModel", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportTrainedModelCommand : OneItemFileWriterCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public TrainedModel Model { get; set; } = null!;

    protected override string ItemName => "model";

    protected override string ActionNoun => "model file";

    protected override void ProcessRecord() => WriteCurrent(Model);

    protected override void Save(string fullPath, FileWriteSettings settings) =>
        FeatureLearningFile.SaveModel(Model, fullPath, Cancellation, settings);

    protected override string Describe() => Model.GetModel().ToString()!;
}
