using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Data;

/// <summary>
/// <para type="synopsis">Draws an XOR-like (or two-cluster) Gaussian mixture dataset that carries its generator.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "GaussianMixture", DefaultParameterSetName = "Samples")]
[OutputType(typeof(Dataset))]
public sealed class NewGaussianMixtureCommand : NewDatasetCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(2, 1_000_000)]
    public int Dimension { get; set; }

    /// <summary>snr = m², the squared norm of a cluster mean over the per-direction noise variance.</summary>
    [Parameter]
    public double Snr { get; set; } = 4.0;

    [Parameter]
    public MixtureKind Kind { get; set; } = MixtureKind.Xor;

    protected override void ProcessRecord()
    {
        int n = SampleCount(Samples, Alpha, Dimension);
        Guard(() =>
        {
            IDataGenerator generator = new GaussianMixtureGenerator(Dimension, Snr, Kind, Seed);
            Draw(generator, n);
        });
    }
}
