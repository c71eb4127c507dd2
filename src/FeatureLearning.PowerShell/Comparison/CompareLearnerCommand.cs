using System.Management.Automation;
using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Comparison;

/// <summary>The learners Compare-Learner knows by name.</summary>
public enum LearnerName
{
    TwoLayerNet,
    RandomFeatures,
    KernelRidge,
}

/// <summary>
/// <para type="synopsis">Runs several learners over sample sizes and seeds on one task; one flat row per (learner, n, seed).</para>
/// </summary>
[Cmdlet(VerbsData.Compare, "Learner", DefaultParameterSetName = "Alpha")]
[OutputType(typeof(ComparisonRow))]
public sealed class CompareLearnerCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public Dataset Data { get; set; } = null!;

    /// <summary>Sample sizes as n/d.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Alpha")]
    public double[] Alpha { get; set; } = Array.Empty<double>();

    [Parameter(Mandatory = true, ParameterSetName = "Samples")]
    public int[] Samples { get; set; } = Array.Empty<int>();

    [Parameter]
    public int[] Seed { get; set; } = { 0, 1, 2 };

    /// <summary>Learners by name; the default trio when omitted.</summary>
    [Parameter]
    public LearnerName[]? Learner { get; set; }

    /// <summary>Learner specifications built in script (advanced; combined with -Learner).</summary>
    [Parameter]
    public LearnerSpec[]? Spec { get; set; }

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int Hidden { get; set; } = 4;

    [Parameter]
    public Activation Activation { get; set; } = Activation.Relu;

    [Parameter]
    public double LearningRate { get; set; } = 0.5;

    /// <summary>Training time t of the net (epochs = t·d/n).</summary>
    [Parameter]
    public double Time { get; set; } = 200;

    /// <summary>Random features P = ratio × d.</summary>
    [Parameter]
    public double FeaturesPerDimension { get; set; } = 2.0;

    [Parameter]
    public KernelKind Kernel { get; set; } = KernelKind.Rbf;

    /// <summary>Dense kernel ridge is skipped (with a warning) above this many samples.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxKernelSamples { get; set; } = 6000;

    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int TestSamples { get; set; } = 10000;

    protected override void ProcessRecord()
    {
        const string activity = "Comparing learners";
        if (Data.Generator is null)
            Fail("FeatureLearning.NoGenerator", "Compare-Learner draws training and test sets from the dataset's generator; pass data made by a New-* cmdlet.", Data);
        var counts = new List<int>();
        if (ParameterSetName == "Alpha")
        {
            foreach (double a in Alpha)
            {
                if (!double.IsFinite(a) || a <= 0)
                    Fail("FeatureLearning.InvalidSampleCount", $"Every -Alpha must be positive and finite, got {a}.", a);
                double n = Math.Round(a * Data.Dimension);
                if (n > Array.MaxLength / Data.Dimension)
                    Fail("FeatureLearning.InvalidSampleCount", $"-Alpha {a} asks for {n:G3} samples of dimension {Data.Dimension}, more than memory can hold; use a smaller -Alpha.", a);
                counts.Add(Math.Max(1, (int)n));
            }
        }
        else counts.AddRange(Samples);
        counts = counts.Distinct().OrderBy(n => n).ToList();

        var learners = new List<LearnerSpec>();
        var names = Learner ?? (Spec is null ? new[] { LearnerName.TwoLayerNet, LearnerName.RandomFeatures, LearnerName.KernelRidge } : Array.Empty<LearnerName>());
        foreach (var name in names)
        {
            learners.Add(name switch
            {
                LearnerName.TwoLayerNet => new TwoLayerNetSpec(new TwoLayerNetOptions { Hidden = Hidden, Activation = Activation, LearningRate = LearningRate, Time = Time }),
                LearnerName.RandomFeatures => new RandomFeaturesSpec(new RandomFeaturesOptions { Activation = Activation.Relu }, FeaturesPerDimension),
                LearnerName.KernelRidge => new KernelRidgeSpec(new KernelSpec(Kernel), null, MaxKernelSamples),
                _ => throw new ArgumentOutOfRangeException(),
            });
        }
        if (Spec is not null) learners.AddRange(Spec);

        Guard(() =>
        {
            var comparison = new LearnerComparison
            {
                Generator = Data.Generator!,
                Learners = learners,
                SampleCounts = counts,
                Seeds = Seed.Select(s => (long)s).ToList(),
                TestSamples = TestSamples,
            };
            WriteVerbose($"{comparison.TotalTrials} trials: {string.Join(", ", learners.Select(l => l.Name))} × n = {string.Join(", ", counts)} × seeds {string.Join(", ", Seed)}.");
            foreach (var row in comparison.Run(Context(activity), WriteWarning))
                WriteObject(row);
            CompleteProgress(activity);
        }, Data);
    }
}
