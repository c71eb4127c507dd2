using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Parity;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Parity;

/// <summary>
/// <para type="synopsis">Draws a sparse-parity dataset: x in {−1,+1}^n, y the parity of a hidden subset of k bits.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "SparseParity", DefaultParameterSetName = "Samples")]
[OutputType(typeof(Dataset))]
public sealed class NewSparseParityCommand : NewDatasetCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, 1_000_000)]
    public int Bits { get; set; }

    /// <summary>Size of the hidden subset (ignored when -Subset is given, which must then agree).</summary>
    [Parameter]
    [ValidateRange(0, 1_000_000)]
    public int K { get; set; } = 3;

    [Parameter]
    public ParityDistribution Distribution { get; set; } = ParityDistribution.Mixture;

    /// <summary>0-based indices of the hidden bits; drawn from -Seed when omitted.</summary>
    [Parameter]
    public int[]? Subset { get; set; }

    [Parameter]
    public double Noise { get; set; }

    protected override void ProcessRecord()
    {
        int n = SampleCount(Samples, Alpha, Bits, "bit");
        Guard(() =>
        {
            int k = Subset is not null && !MyInvocation.BoundParameters.ContainsKey(nameof(K)) ? 0 : K;
            IDataGenerator generator = new SparseParityGenerator(Bits, k, Distribution, Noise, Seed, Subset);
            Draw(generator, n);
        });
    }
}
