using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Random;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that fit one learner: a learner cmdlet is its parameters plus the spec it builds from them
/// (<see cref="BuildSpec"/>); this class owns the rest — the shared parameters (-Data, -TestSamples, -TestData, -Seed),
/// -AsSpec (return the learner instead of fitting it, for Compare-Learner and New-SweepPlan), and the tail every learner
/// shares: the one trial function (fit, time, measure on fresh test data) and the one trained-model output.
/// </summary>
public abstract class LearnerCmdlet : FeatureLearningCmdlet
{
    /// <summary>The training data (piped).</summary>
    [Parameter(ValueFromPipeline = true, Position = 0)]
    public Dataset? Data { get; set; }

    /// <summary>Fresh samples from the data's task to measure the test error on (0: none).</summary>
    [Parameter]
    [ValidateRange(0, 10_000_000)]
    public int TestSamples { get; set; } = 10000;

    /// <summary>A test set to measure on instead of fresh samples (needed for data without a task).</summary>
    [Parameter]
    public Dataset? TestData { get; set; }

    /// <summary>Seed of the learner's own randomness (initialisation, batches) and of the fresh test set.</summary>
    [Parameter]
    public int Seed { get; set; }

    /// <summary>Return the learner with these settings (a spec for Compare-Learner -Learner or New-SweepPlan) instead of fitting.</summary>
    [Parameter]
    public SwitchParameter AsSpec { get; set; }

    /// <summary>The Write-Progress activity of a fit.</summary>
    protected abstract string Activity { get; }

    /// <summary>The learner these parameters describe.</summary>
    protected abstract LearnerSpec BuildSpec();

    /// <summary>Whether a parameter was given (for settings whose default depends on others).</summary>
    protected bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    private LearnerSpec _spec = null!;

    /// <summary>The settings are checked once, before any data: a bad setting stops the command (it would fail for every item).</summary>
    protected override void BeginProcessing()
    {
        Guard(() =>
        {
            _spec = BuildSpec();
            _spec.Validate();
        });
        if (AsSpec) WriteObject(_spec);
    }

    /// <summary>Each piped dataset is one item: a dataset the learner cannot fit is a non-terminating error and the rest go on.</summary>
    protected override void ProcessRecord()
    {
        if (AsSpec) return;
        if (Data is null)
            Fail("FeatureLearning.NoData", "Pipe a dataset into the learner (e.g. New-GaussianMixture … | " + MyInvocation.MyCommand.Name +
                ") or give -Data; -AsSpec returns the learner without fitting.");
        var data = Data!;
        var spec = _spec;
        GuardItem(() =>
        {
            spec.CheckTask(data.Generator, data.TaskType);
            var test = TestData;
            if (test is null && TestSamples > 0)
            {
                if (data.Generator is { } task) test = task.Sample(TestSamples, Rng.ForStream(Seed, RandomStreams.FitTestSet), Cancellation);
                else WriteWarning("The data has no task to draw a test set from, so TestError is NaN; give -TestData (rows set aside from the same source).");
            }
            WriteVerbose($"{spec} on {data}.");
            var model = Trial.Run(spec, data, test, Seed, Context(Activity));
            CompleteProgress(Activity);
            WriteObject(TrainedModels.Wrap(model));
        }, data);
    }
}
