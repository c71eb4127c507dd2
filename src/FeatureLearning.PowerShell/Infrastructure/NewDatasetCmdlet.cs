using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Random;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// Base of the New-* cmdlets that draw a dataset from one generator: the size as -Samples or -Alpha (per dimension),
/// -Seed, and the draw itself, so every task's dataset comes from the same stream of its seed.
/// </summary>
public abstract class NewDatasetCmdlet : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ParameterSetName = "Samples")]
    [ValidateRange(0, int.MaxValue)]
    public int Samples { get; set; }

    /// <summary>Samples per dimension: n = α·d.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Alpha")]
    public double Alpha { get; set; }

    [Parameter]
    public int Seed { get; set; }

    /// <summary>Draws <paramref name="n"/> samples of <paramref name="generator"/> and writes them as a dataset that
    /// knows its generator (so learners can draw fresh test sets). Call inside Guard.</summary>
    protected void Draw(IDataGenerator generator, int n)
    {
        WriteVerbose($"Drawing {n} samples of {generator.TaskName} ({generator.Describe()}).");
        var data = generator.Sample(n, Rng.ForStream(Seed, RandomStreams.Dataset), Cancellation);
        WriteObject(new Dataset(data.X, data.Y, data.Dimension, generator, Seed));
    }
}
