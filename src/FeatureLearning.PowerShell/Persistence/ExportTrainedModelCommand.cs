using System.Management.Automation;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Persistence;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Persistence;

/// <summary>
/// <para type="synopsis">Saves a trained model (weights, summary, history and task) to a versioned JSON file.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "TrainedModel")]
[OutputType(typeof(FileInfo))]
public sealed class ExportTrainedModelCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public TrainedModel Model { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        Guard(() =>
        {
            FeatureLearningFile.SaveModel(Model, full, Cancellation);
            WriteVerbose($"Saved {Model.GetModel()} to {full}.");
            if (PassThru) WriteObject(new FileInfo(full));
        }, Path);
    }
}
