namespace FeatureLearning.Core.Learners;

/// <summary>Progress and cancellation hooks passed to a fit. The progress callback runs on the calling thread.</summary>
public sealed class FitContext
{
    public static readonly FitContext None = new();

    public CancellationToken Cancellation { get; init; }

    /// <summary>Called with (fraction done in [0,1], short status) at most a few hundred times per fit.</summary>
    public Action<double, string>? Progress { get; init; }

    public void Report(double fraction, string status) => Progress?.Invoke(Math.Clamp(fraction, 0, 1), status);

    public void ThrowIfCancelled() => Cancellation.ThrowIfCancellationRequested();
}
