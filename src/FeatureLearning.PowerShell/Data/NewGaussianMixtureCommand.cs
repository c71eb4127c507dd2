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

    /// <summary>snr = m², the squared norm of a cluster mean over the per-direction noise variance (default 4 when neither -Snr nor -Noise is given).</summary>
    [Parameter]
    public double? Snr { get; set; }

    /// <summary>
    /// σ, the noise of Refinetti et al. (2021) with cluster means of norm 1 (their figure's axis 1/SNR): the same mixture as
    /// -Snr 1/σ², with the same numbers for the same seed. Not together with -Snr.
    /// </summary>
    [Parameter]
    public double? Noise { get; set; }

    [Parameter]
    public MixtureKind Kind { get; set; } = MixtureKind.Xor;

    protected override void ProcessRecord()
    {
        int n = SampleCount(Samples, Alpha, Dimension);
        Guard(() =>
        {
            double snr = MixtureNoise.Resolve(Snr, Noise, defaultSnr: 4.0);
            IDataGenerator generator = new GaussianMixtureGenerator(Dimension, snr, Kind, Seed);
            Draw(generator, n);
        });
    }
}
