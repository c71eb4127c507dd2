using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Data;

/// <summary>
/// <para type="synopsis">Draws a single-index regression dataset y = σ*(θ·x/√d) + noise with Gaussian inputs; it carries its generator.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "SingleIndexTask", DefaultParameterSetName = "Samples")]
[OutputType(typeof(Dataset))]
public sealed class NewSingleIndexTaskCommand : NewDatasetCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, 1_000_000)]
    public int Dimension { get; set; }

    [Parameter]
    public LinkFunction Link { get; set; } = LinkFunction.Tanh;

    /// <summary>Standard deviation of the additive Gaussian label noise.</summary>
    [Parameter]
    public double Noise { get; set; }

    protected override void ProcessRecord()
    {
        int n = SampleCount(Samples, Alpha, Dimension);
        Guard(() =>
        {
            IDataGenerator generator = new SingleIndexGenerator(Dimension, Link, Noise, Seed);
            Draw(generator, n);
        });
    }
}
