using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Persistence;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Persistence;

/// <summary>
/// <para type="synopsis">Reads a dataset saved by Export-Dataset, with its generator.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Dataset")]
[OutputType(typeof(Dataset))]
public sealed class ImportDatasetCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        Guard(() => WriteObject(FeatureLearningFile.LoadDataset(full)), Path);
    }
}
