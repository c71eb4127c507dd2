using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Persistence;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Persistence;

/// <summary>
/// <para type="synopsis">Reads datasets saved by Export-Dataset, each with its task (so learners can draw fresh test sets).</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Dataset", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Dataset))]
public sealed class ImportDatasetCommand : FileReaderCmdlet
{
    protected override void Read(string fullPath) => WriteObject(FeatureLearningFile.LoadDataset(fullPath));
}
