using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.IO;
using FeatureLearning.Core.Persistence;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Persistence;

/// <summary>
/// <para type="synopsis">Saves a dataset (samples, labels and its generator's parameters) to a versioned JSON file.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "Dataset", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDatasetCommand : OneItemFileWriterCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public Dataset Data { get; set; } = null!;

    protected override string ItemName => "dataset";

    protected override string ActionNoun => "dataset file";

    protected override void ProcessRecord() => WriteCurrent(Data);

    protected override void Save(string fullPath, FileWriteSettings settings) =>
        FeatureLearningFile.SaveDataset(Data, fullPath, Cancellation, settings);

    protected override string Describe() => Data.ToString()!;
}
