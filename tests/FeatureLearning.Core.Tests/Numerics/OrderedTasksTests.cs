using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Tests;

public class OrderedTasksTests
{
    /// <summary>
    /// Task i reads the results of tasks i−1 and i−3 after waiting for them: a prefix sum written that way is right only
    /// if every wait really waited, and every task ran exactly once.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Waits_see_the_finished_results_of_earlier_tasks_with_any_number_of_threads(int threads)
    {
        ThreadPool.GetMinThreads(out int workers, out int io); // spare pool threads, so the helpers start at once
        if (workers < 8) ThreadPool.SetMinThreads(8, io);
        const int count = 400;
        var value = new long[count];
        var runs = new int[count];
        using var limit = Parallelism.Limit(threads);
        OrderedTasks.Run(count, (i, tasks) =>
        {
            Interlocked.Increment(ref runs[i]);
            long sum = i;
            if (i >= 1) { tasks.WaitFor(i - 1); sum += value[i - 1]; }
            if (i >= 3) { tasks.WaitFor(i - 3); sum += value[i - 3]; }
            if (i % 7 == 0) Thread.SpinWait(2000); // uneven tasks, so workers really wait on each other
            Volatile.Write(ref value[i], sum);
        }, CancellationToken.None);
        LaggedSums.AssertComputed(value, runs);
    }

    [Fact]
    public void A_failing_task_surfaces_as_its_own_exception_and_releases_the_waiters()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => OrderedTasks.Run(50, (i, tasks) =>
        {
            if (i == 10) throw new InvalidOperationException("task 10 failed");
            if (i > 10) tasks.WaitFor(10); // would wait forever if the failure did not wake them
        }, CancellationToken.None));
        Assert.Equal("task 10 failed", ex.Message);
    }

    /// <summary>After a stop, no task starts: the tasks begun after it are at most the ones already claimed by a worker.</summary>
    [Fact]
    public void A_stop_lets_no_new_task_start()
    {
        using var cts = new CancellationTokenSource();
        int started = 0, startedAfterStop = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => OrderedTasks.Run(10_000, (i, tasks) =>
        {
            if (cts.IsCancellationRequested) Interlocked.Increment(ref startedAfterStop);
            if (Interlocked.Increment(ref started) == 20) cts.Cancel();
            if (i > 0) tasks.WaitFor(i - 1);
        }, cts.Token));
        Assert.InRange(started, 20, 20 + Environment.ProcessorCount);
        Assert.InRange(startedAfterStop, 0, Environment.ProcessorCount);
    }
}
