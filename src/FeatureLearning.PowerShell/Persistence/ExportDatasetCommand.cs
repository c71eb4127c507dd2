using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Persistence;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Persistence;

/// <summary>
/// <para type="synopsis">Saves a dataset (samples, labels and its generator's parameters) to a versioned JSON file.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "Dataset")]
[OutputType(typeof(FileInfo))]
public sealed class ExportDatasetCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        Guard(() =>
        {
            FeatureLearningFile.SaveDataset(Data, full, Cancellation);
            WriteVerbose($"Saved {Data} to {full}.");
            if (PassThru) WriteObject(new FileInfo(full));
        }, Path);
    }
}
