namespace FeatureLearning.Core.Numerics;

/// <summary>
/// The number of threads the parallel loops of the current computation may use. A sweep running several trials at once
/// limits each trial (<see cref="Limit"/>) so the trials together do not oversubscribe the cores. Every Parallel.For in
/// the library takes its options from <see cref="Options"/>. (Since .NET 10 ParallelOptions captures the default
/// scheduler, so a custom TaskScheduler cannot do this.)
/// </summary>
public static class Parallelism
{
    private static readonly AsyncLocal<int> s_limit = new();

    /// <summary>The current limit; -1 (no limit) unless set by <see cref="Limit"/>.</summary>
    public static int MaxDegree => s_limit.Value > 0 ? s_limit.Value : -1;

    /// <summary>How many threads a computation of the current flow runs on: the limit, or else one per processor.</summary>
    public static int Threads => MaxDegree > 0 ? MaxDegree : Environment.ProcessorCount;

    public static ParallelOptions Options(CancellationToken cancel = default) =>
        new() { CancellationToken = cancel, MaxDegreeOfParallelism = MaxDegree };

    /// <summary>Limits the parallel loops of the calling flow (and the tasks it starts) to <paramref name="threads"/> until disposed.</summary>
    public static IDisposable Limit(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads));
        int previous = s_limit.Value;
        s_limit.Value = threads;
        return new Restore(previous);
    }

    private sealed class Restore(int previous) : IDisposable
    {
        public void Dispose() => s_limit.Value = previous;
    }
}
