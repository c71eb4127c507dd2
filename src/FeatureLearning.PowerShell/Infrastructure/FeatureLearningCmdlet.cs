using System.Diagnostics;
using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// Base of every cmdlet: maps core errors to terminating ErrorRecords with stable ids, turns Ctrl+C
/// (StopProcessing) into a cancellation the core checks, and throttles Write-Progress.
/// </summary>
public abstract class FeatureLearningCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
    private static int _nextActivityId = 1000;
    private readonly int _activityId = Interlocked.Increment(ref _nextActivityId);

    protected CancellationToken Cancellation => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>A fit context whose progress goes to Write-Progress under <paramref name="activity"/>.</summary>
    protected FitContext Context(string activity) => new()
    {
        Cancellation = _stop.Token,
        Progress = (fraction, status) => Progress(activity, status, fraction),
    };

    /// <summary>Write-Progress at most every 100 ms (and always at completion).</summary>
    protected void Progress(string activity, string status, double fraction)
    {
        if (fraction < 1 && _sinceProgress.ElapsedMilliseconds < 100) return;
        _sinceProgress.Restart();
        WriteProgress(new ProgressRecord(_activityId, activity, string.IsNullOrEmpty(status) ? activity : status)
        {
            PercentComplete = (int)Math.Clamp(Math.Round(100 * fraction), 0, 100),
        });
    }

    protected void CompleteProgress(string activity) =>
        WriteProgress(new ProgressRecord(_activityId, activity, "done") { RecordType = ProgressRecordType.Completed });

    /// <summary>Runs core work, mapping its exceptions to PowerShell conventions (a core error stops the command).</summary>
    protected void Guard(Action action, object? target = null) => Run(action, target, perItem: false);

    /// <summary>
    /// Runs the work for one pipeline item: a core error becomes a non-terminating error (WriteError) for that item, so
    /// -ErrorAction and $ErrorActionPreference decide whether the pipeline goes on; Ctrl+C and running out of memory still
    /// stop it. Returns whether the item succeeded.
    /// </summary>
    protected bool GuardItem(Action action, object? target) => Run(action, target, perItem: true);

    private bool Run(Action action, object? target, bool perItem)
    {
        try
        {
            action();
            return true;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (AggregateException ae) when (ae.InnerException is OperationCanceledException && _stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (FeatureLearningException ex)
        {
            var record = RecordOf(ex, target);
            if (!perItem) ThrowTerminatingError(record);
            WriteError(record);
            return false;
        }
        catch (OutOfMemoryException ex)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("Out of memory: reduce the number of samples, features or test samples.", ex),
                "FeatureLearning.InsufficientMemory", ErrorCategory.ResourceUnavailable, target));
            return false;
        }
    }

    /// <summary>The ErrorRecord of a core error: its stable id, the category of its kind, the target.</summary>
    protected static ErrorRecord RecordOf(FeatureLearningException ex, object? target) => new(ex, ex.ErrorId, Category(ex.Kind), target);

    /// <summary>Terminating error for a parameter problem found in the cmdlet itself.</summary>
    protected void Fail(string errorId, string message, object? target = null, ErrorCategory category = ErrorCategory.InvalidArgument) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, category, target));

    /// <summary>The sample count: -Samples as given, or in the "Alpha" parameter set α samples per
    /// <paramref name="unit"/> times <paramref name="dimension"/>; refused here, before any generator is built, when
    /// the draw cannot fit in memory.</summary>
    protected int SampleCount(int samples, double alpha, int dimension, string unit = "dimension")
    {
        int n = ParameterSetName == "Alpha" ? SamplesFromAlpha(alpha, dimension, unit) : samples;
        Guard(() => DatasetSize.EnsureFits(n, dimension));
        return n;
    }

    private int SamplesFromAlpha(double alpha, int dimension, string unit)
    {
        if (!double.IsFinite(alpha) || alpha <= 0)
            Fail("FeatureLearning.InvalidSampleCount", $"-Alpha (samples per {unit}) must be positive and finite, got {alpha}.", alpha);
        double count = Math.Round(alpha * dimension);
        if (count > Array.MaxLength / Math.Max(1, dimension))
            Fail("FeatureLearning.InvalidSampleCount", $"-Alpha {alpha} at {dimension} {unit}s asks for {count:G3} samples, too many to hold; lower -Alpha.", alpha);
        return Math.Max(1, (int)count);
    }

    internal static ErrorCategory Category(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        ErrorKind.NotConverged => ErrorCategory.LimitsExceeded,
        _ => ErrorCategory.NotSpecified,
    };
}
