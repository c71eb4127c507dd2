using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Random;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Data;

/// <summary>
/// <para type="synopsis">Draws a single-index regression dataset y = σ*(θ·x/√d) + noise with Gaussian inputs; it carries its generator.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "SingleIndexTask", DefaultParameterSetName = "Samples")]
[OutputType(typeof(Dataset))]
public sealed class NewSingleIndexTaskCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, 1_000_000)]
    public int Dimension { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Samples")]
    [ValidateRange(0, int.MaxValue)]
    public int Samples { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Alpha")]
    public double Alpha { get; set; }

    [Parameter]
    public LinkFunction Link { get; set; } = LinkFunction.Tanh;

    /// <summary>Standard deviation of the additive Gaussian label noise.</summary>
    [Parameter]
    public double Noise { get; set; }

    [Parameter]
    public int Seed { get; set; }

    protected override void ProcessRecord()
    {
        int n = Samples;
        if (ParameterSetName == "Alpha")
        {
            if (!double.IsFinite(Alpha) || Alpha <= 0)
                Fail("FeatureLearning.InvalidSampleCount", $"-Alpha (samples per dimension) must be positive and finite, got {Alpha}.", Alpha);
            double count = Math.Round(Alpha * Dimension);
            if (count > int.MaxValue / Math.Max(1, Dimension))
                Fail("FeatureLearning.InvalidSampleCount", $"-Alpha {Alpha} at -Dimension {Dimension} asks for {count:G3} samples, too many to hold; lower -Alpha.", Alpha);
            n = Math.Max(1, (int)count);
        }
        if ((long)n * Dimension > 2_000_000_000L)
            Fail("FeatureLearning.InvalidSampleCount", $"{n} samples × {Dimension} dimensions is more than 2e9 values (16 GB); draw fewer samples.", n);
        Guard(() =>
        {
            IDataGenerator generator = new SingleIndexGenerator(Dimension, Link, Noise, Seed);
            WriteVerbose($"Drawing {n} samples from the single-index task ({generator.Describe()}).");
            var data = generator.Sample(n, Rng.ForStream(Seed, 1));
            WriteObject(new Dataset(data.X, data.Y, data.Dimension, generator, Seed));
        });
    }
}
