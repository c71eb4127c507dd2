using System.Management.Automation;
using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// The parameters Compare-Learner and New-SweepPlan share (a task, sample sizes, seeds, learners and their settings),
/// so a plan lists exactly the trials the comparison would run.
/// </summary>
public abstract class ComparisonParametersCmdlet : FeatureLearningCmdlet
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

    /// <summary>Sample counts from -Alpha or -Samples, distinct and ascending; fails on sizes that cannot be held.</summary>
    protected List<int> SampleCounts()
    {
        if (Data.Generator is null)
            Fail("FeatureLearning.NoGenerator", "Trials draw training and test sets from the dataset's generator; pass data made by a New-* cmdlet.", Data);
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
        return counts.Distinct().OrderBy(n => n).ToList();
    }

    /// <summary>The named learners with this call's settings, plus any -Spec.</summary>
    protected List<LearnerSpec> Learners()
    {
        var settings = new StandardLearnerSettings
        {
            Hidden = Hidden, Activation = Activation, LearningRate = LearningRate, Time = Time,
            FeaturesPerDimension = FeaturesPerDimension, Kernel = Kernel, MaxKernelSamples = MaxKernelSamples,
        };
        var names = Learner ?? (Spec is null ? StandardLearnerSettings.DefaultTrio : Array.Empty<LearnerName>());
        var learners = new List<LearnerSpec>();
        Guard(() => learners.AddRange(settings.Build(names)), Data);
        if (Spec is not null) learners.AddRange(Spec);
        return learners;
    }
}
