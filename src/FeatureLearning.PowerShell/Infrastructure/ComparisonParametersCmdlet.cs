using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// The parameters Compare-Learner and New-SweepPlan share (data, sample sizes, seeds, learners and their settings), so a
/// plan lists exactly the trials the comparison would run. Learners are named (the task's paper settings for that
/// learner) or given as specs (any Invoke-* learner cmdlet with -AsSpec); without -Learner the task's own comparison runs.
/// </summary>
public abstract class ComparisonParametersCmdlet : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public Dataset Data { get; set; } = null!;

    /// <summary>The test set for data without a task (ignored on a task's data: each seed draws its own).</summary>
    [Parameter]
    public Dataset? TestData { get; set; }

    /// <summary>Sample sizes as n/d.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Alpha")]
    public double[] Alpha { get; set; } = Array.Empty<double>();

    [Parameter(Mandatory = true, ParameterSetName = "Samples")]
    public int[] Samples { get; set; } = Array.Empty<int>();

    [Parameter]
    public int[] Seed { get; set; } = { 0, 1, 2 };

    /// <summary>Learners by name (TwoLayerNet, KernelRidge, …) or as specs from an Invoke-* cmdlet with -AsSpec; the task's comparison when omitted.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(LearnerNameCompleter))]
    public object[]? Learner { get; set; }

    /// <summary>Learner specs (kept for scripts written before -Learner took specs; combined with -Learner).</summary>
    [Parameter]
    public LearnerSpec[]? Spec { get; set; }

    // The settings below apply to the named learners of their family when given (the XOR paper's knobs).

    [Parameter]
    [ValidateRange(1, TwoLayerNetSpec.MaxHidden)]
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

    /// <summary>Kernel ridge solves exactly up to this many samples and with Nyström centres above.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxKernelSamples { get; set; } = 6000;

    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int TestSamples { get; set; } = 10000;

    private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    /// <summary>Sample counts from -Alpha or -Samples, distinct and ascending; fails on sizes that cannot be held.</summary>
    protected List<int> SampleCounts()
    {
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

    /// <summary>The comparison these parameters describe (learners resolved against the data's task).</summary>
    protected LearnerComparison Comparison() => new()
    {
        Data = Data,
        TestData = TestData,
        Learners = Learners(),
        SampleCounts = SampleCounts(),
        Seeds = Seed.Select(s => (long)s).ToList(),
        TestSamples = TestSamples,
    };

    private List<LearnerSpec> Learners()
    {
        var task = Data.Generator?.Task;
        var learners = new List<LearnerSpec>();
        foreach (var item in Learner ?? Array.Empty<object>())
        {
            object value = item is PSObject ps ? ps.BaseObject : item;
            switch (value)
            {
                case LearnerSpec spec:
                    learners.Add(spec);
                    break;
                case LearnerName name:
                    learners.Add(Named(name, task));
                    break;
                case string text when Enum.TryParse<LearnerName>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(text.TrimStart()[0]):
                    learners.Add(Named(parsed, task));
                    break;
                default:
                    Fail("FeatureLearning.UnknownLearner",
                        $"-Learner takes learner names ({string.Join(", ", Enum.GetNames<LearnerName>())}) or specs from an Invoke-* learner cmdlet with -AsSpec; got '{value}'.",
                        value);
                    break;
            }
        }
        if (Spec is not null) learners.AddRange(Spec);
        if (learners.Count == 0)
        {
            var defaults = task?.DefaultLearners()
                ?? new LearnerSpec[] { new TwoLayerNetSpec(), new RandomFeaturesSpec(), new KernelRidgeSpec { DenseLimit = 6000 } };
            learners.AddRange(defaults.Select(Override));
        }
        return learners;
    }

    private LearnerSpec Named(LearnerName name, TaskSpec? task) => Override(task?.Learner(name) ?? LearnerSpec.Default(name));

    /// <summary>The comparison knobs given on the command line, applied to the learners they belong to.</summary>
    private LearnerSpec Override(LearnerSpec spec) => spec switch
    {
        TwoLayerNetSpec net => net with
        {
            Hidden = Given(nameof(Hidden)) ? Hidden : net.Hidden,
            Activation = Given(nameof(Activation)) ? Activation : net.Activation,
            LearningRate = Given(nameof(LearningRate)) ? LearningRate : net.LearningRate,
            Time = Given(nameof(Time)) ? Time : net.Time,
        },
        RandomFeaturesSpec rf when Given(nameof(FeaturesPerDimension)) => rf with { Features = null, FeaturesPerDimension = FeaturesPerDimension },
        KernelRidgeSpec kr => kr with
        {
            Kernel = Given(nameof(Kernel)) ? Kernel : kr.Kernel,
            DenseLimit = Given(nameof(MaxKernelSamples)) ? MaxKernelSamples : kr.DenseLimit,
        },
        _ => spec,
    };
}

/// <summary>Tab completion of learner names for -Learner (which also takes spec objects, so it cannot be an enum).</summary>
public sealed class LearnerNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters) =>
        Enum.GetNames<LearnerName>()
            .Where(n => n.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
}
