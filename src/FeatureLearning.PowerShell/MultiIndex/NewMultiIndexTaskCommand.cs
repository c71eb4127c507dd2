using System.Collections;
using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Random;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.MultiIndex;

/// <summary>
/// <para type="synopsis">Draws a multi-index polynomial regression task y = g(Ux) + noise (Damian, Lee, Soltanolkotabi 2022), or a second task sharing U.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "MultiIndexTask", DefaultParameterSetName = "Samples")]
[OutputType(typeof(Dataset))]
public sealed class NewMultiIndexTaskCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Samples")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Alpha")]
    [ValidateRange(1, 1_000_000)]
    public int Dimension { get; set; }

    [Parameter(ParameterSetName = "Samples")]
    [Parameter(ParameterSetName = "Alpha")]
    [ValidateRange(1, 8)]
    public int Rank { get; set; } = 2;

    [Parameter(ParameterSetName = "Samples")]
    [Parameter(ParameterSetName = "Alpha")]
    [Parameter(ParameterSetName = "Transfer")]
    [ValidateRange(2, 8)]
    public int Degree { get; set; } = 3;

    [Parameter(Mandatory = true, ParameterSetName = "Samples")]
    [Parameter(Mandatory = true, ParameterSetName = "Transfer")]
    [ValidateRange(0, int.MaxValue)]
    public int Samples { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Alpha")]
    public double Alpha { get; set; }

    /// <summary>Standard deviation σ of Gaussian label noise (f* has unit variance).</summary>
    [Parameter(ParameterSetName = "Samples")]
    [Parameter(ParameterSetName = "Alpha")]
    public double Noise { get; set; }

    /// <summary>Terms of g as hashtables @{ Coefficient = c; Powers = 1,1 } (normalised Hermite products); random when omitted.</summary>
    [Parameter(ParameterSetName = "Samples")]
    [Parameter(ParameterSetName = "Alpha")]
    [Parameter(ParameterSetName = "Transfer")]
    public Hashtable[]? Terms { get; set; }

    /// <summary>A multi-index dataset (or its generator) whose U the new task shares: transfer learning's target task.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Transfer", ValueFromPipeline = true)]
    public object Source { get; set; } = null!;

    /// <summary>Which random head of the seed's family to use (0 is the source task's).</summary>
    [Parameter]
    public int Head { get; set; }

    [Parameter]
    public int Seed { get; set; }

    protected override void ProcessRecord()
    {
        Guard(() =>
        {
            MultiIndexGenerator generator;
            int n = Samples;
            if (ParameterSetName == "Transfer")
            {
                var source = Source is PSObject ps ? ps.BaseObject : Source;
                var baseGenerator = source switch
                {
                    Dataset { Generator: MultiIndexGenerator g } => g,
                    FeatureLearning.Core.Learning.TrainedModel t when t.GetGenerator() is MultiIndexGenerator g => g,
                    MultiIndexGenerator g => g,
                    _ => throw new FeatureLearningException("FeatureLearning.NoGenerator",
                        "-Source must be a dataset from New-MultiIndexTask (or its generator or a model trained on one)."),
                };
                int head = MyInvocation.BoundParameters.ContainsKey(nameof(Head)) ? Head : baseGenerator.Head + 1;
                var terms = ParseTerms(baseGenerator.Rank);
                generator = terms is not null ? baseGenerator.WithHead(terms, head)
                    : baseGenerator.WithNewHead(head, MyInvocation.BoundParameters.ContainsKey(nameof(Degree)) ? Degree : null);
            }
            else
            {
                n = SampleCount(Samples, Alpha, Dimension);
                generator = new MultiIndexGenerator(Dimension, Rank, Degree, Noise, Seed, Head, ParseTerms(Rank));
            }
            WriteVerbose($"Drawing {n} samples of {generator.Describe()}: g = {string.Join(" ", generator.Terms)}.");
            var data = ((IDataGenerator)generator).Sample(n, Rng.ForStream(Seed, RandomStreams.DatasetForHead(generator.Head)), Cancellation);
            WriteObject(new Dataset(data.X, data.Y, data.Dimension, generator, Seed));
        });
    }

    private MultiIndexTerm[]? ParseTerms(int rank)
    {
        if (Terms is null) return null;
        return Terms.Select(t =>
        {
            if (!t.ContainsKey("Coefficient") || !t.ContainsKey("Powers"))
                throw new FeatureLearningException("FeatureLearning.InvalidTerms",
                    "Each -Terms entry needs Coefficient and Powers keys, e.g. @{ Coefficient = 1; Powers = 1, 1 }.");
            var powers = LanguagePrimitives.ConvertTo<int[]>(t["Powers"]);
            return new MultiIndexTerm(LanguagePrimitives.ConvertTo<double>(t["Coefficient"]), powers);
        }).ToArray();
    }
}
