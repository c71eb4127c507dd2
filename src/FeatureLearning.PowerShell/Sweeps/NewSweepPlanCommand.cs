using System.Management.Automation;
using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Sweeps;
using FeatureLearning.PowerShell.Comparison;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>
/// <para type="synopsis">Lists every trial Compare-Learner would run for the same parameters as a sweep plan (and saves it as JSON).</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "SweepPlan", DefaultParameterSetName = "Alpha")]
[OutputType(typeof(SweepPlan))]
public sealed class NewSweepPlanCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public Dataset Data { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = "Alpha")]
    public double[] Alpha { get; set; } = Array.Empty<double>();

    [Parameter(Mandatory = true, ParameterSetName = "Samples")]
    public int[] Samples { get; set; } = Array.Empty<int>();

    [Parameter]
    public int[] Seed { get; set; } = { 0, 1, 2 };

    [Parameter]
    public LearnerName[]? Learner { get; set; }

    [Parameter]
    public LearnerSpec[]? Spec { get; set; }

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int Hidden { get; set; } = 4;

    [Parameter]
    public Activation Activation { get; set; } = Activation.Relu;

    [Parameter]
    public double LearningRate { get; set; } = 0.5;

    [Parameter]
    public double Time { get; set; } = 200;

    [Parameter]
    public double FeaturesPerDimension { get; set; } = 2.0;

    [Parameter]
    public KernelKind Kernel { get; set; } = KernelKind.Rbf;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxKernelSamples { get; set; } = 6000;

    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int TestSamples { get; set; } = 10000;

    /// <summary>Also save the plan as JSON here.</summary>
    [Parameter]
    public string? Path { get; set; }

    /// <summary>Overwrite an existing file at -Path.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (Data.Generator is null)
            Fail("FeatureLearning.NoGenerator", "A sweep plan redraws training and test sets from the dataset's generator; pass data made by a New-* cmdlet.", Data);
        var counts = new List<int>();
        if (ParameterSetName == "Alpha")
        {
            foreach (double a in Alpha)
            {
                if (!double.IsFinite(a) || a <= 0)
                    Fail("FeatureLearning.InvalidSampleCount", $"Every -Alpha must be positive and finite, got {a}.", a);
                counts.Add(Math.Max(1, (int)Math.Round(a * Data.Dimension)));
            }
        }
        else counts.AddRange(Samples);

        // The same learners, with the same settings, as Compare-Learner builds from these parameters.
        var learners = new List<LearnerSpec>();
        var names = Learner ?? (Spec is null ? new[] { LearnerName.TwoLayerNet, LearnerName.RandomFeatures, LearnerName.KernelRidge } : Array.Empty<LearnerName>());
        foreach (var name in names)
        {
            learners.Add(name switch
            {
                LearnerName.TwoLayerNet => new TwoLayerNetSpec(new TwoLayerNetOptions { Hidden = Hidden, Activation = Activation, LearningRate = LearningRate, Time = Time }),
                LearnerName.RandomFeatures => new RandomFeaturesSpec(new RandomFeaturesOptions { Activation = Activation.Relu }, FeaturesPerDimension),
                LearnerName.KernelRidge => new KernelRidgeSpec(new KernelSpec(Kernel), null, MaxKernelSamples),
                _ => throw new ArgumentOutOfRangeException(nameof(Learner)),
            });
        }
        if (Spec is not null) learners.AddRange(Spec);

        string? target = Path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (target is not null && File.Exists(target) && !Force)
            Fail("FeatureLearning.SweepPlanExists", $"'{target}' already exists; pass -Force to overwrite it or choose another -Path.", target, ErrorCategory.ResourceExists);

        Guard(() =>
        {
            var plan = SweepPlan.Create(Data.Generator!, learners, counts, Seed.Select(s => (long)s).ToList(), TestSamples, WriteWarning);
            WriteVerbose($"{plan.TrialCount} trials: {string.Join(", ", plan.Learners.Select(l => l.Name))} × n = {string.Join(", ", counts.Distinct().OrderBy(n => n))} × seeds {string.Join(", ", Seed)}.");
            if (target is not null) plan.Save(target);
            WriteObject(plan);
        }, Data);
    }
}
