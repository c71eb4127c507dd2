using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Tests;

public class TaskGraphTests
{
    /// <summary>
    /// Task i adds the results of tasks i−1 and i−3, its dependencies, without waiting itself: a prefix sum built that way
    /// is right only if no task started before its dependencies finished, and every task ran exactly once.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Tasks_start_after_their_dependencies_with_any_number_of_threads(int threads)
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (workers < 8) ThreadPool.SetMinThreads(8, io);
        const int count = 400;
        var dependencies = new int[count][];
        for (int i = 0; i < count; i++)
            dependencies[i] = new[] { i - 1, i - 3 }.Where(d => d >= 0).ToArray();
        var value = new long[count];
        var runs = new int[count];
        using var limit = Parallelism.Limit(threads);
        TaskGraph.Run(dependencies, i =>
        {
            Interlocked.Increment(ref runs[i]);
            long sum = i;
            foreach (int d in dependencies[i]) sum += Volatile.Read(ref value[d]);
            if (i % 7 == 0) Thread.SpinWait(2000);
            Volatile.Write(ref value[i], sum);
        }, CancellationToken.None);
        LaggedSums.AssertComputed(value, runs);
    }

    /// <summary>While task 0 runs, the ready tasks after it run on the other thread, lowest number first: no thread waits.</summary>
    [Fact]
    public void A_free_thread_takes_the_lowest_ready_task_instead_of_waiting()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (workers < 4) ThreadPool.SetMinThreads(4, io);
        // 0 and 1 independent; 2 needs 0; 3 and 4 independent. Task 0 holds until 3 and 4 have run.
        var dependencies = new[] { Array.Empty<int>(), Array.Empty<int>(), new[] { 0 }, Array.Empty<int>(), Array.Empty<int>() };
        var order = new List<int>();
        using var bothDone = new CountdownEvent(2);
        using var limit = Parallelism.Limit(2);
        TaskGraph.Run(dependencies, i =>
        {
            lock (order) order.Add(i);
            if (i == 0) Assert.True(bothDone.Wait(TimeSpan.FromMinutes(1)), "tasks 3 and 4 never ran while task 0 was running");
            if (i is 3 or 4) bothDone.Signal();
        }, CancellationToken.None);
        Assert.Equal(new[] { 1, 3, 4, 2 }, order.Where(i => i != 0).ToArray());
    }

    [Fact]
    public void On_one_thread_the_tasks_run_in_their_numbered_order()
    {
        var dependencies = new[] { Array.Empty<int>(), new[] { 0 }, Array.Empty<int>(), new[] { 1, 2 } };
        var order = new List<int>();
        using var limit = Parallelism.Limit(1);
        TaskGraph.Run(dependencies, order.Add, CancellationToken.None);
        Assert.Equal(new[] { 0, 1, 2, 3 }, order);
    }

    [Fact]
    public void A_dependency_on_a_later_task_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => TaskGraph.Run(new[] { new[] { 1 }, Array.Empty<int>() }, _ => { }, CancellationToken.None));
        Assert.Contains("lower-numbered", ex.Message);
    }

    [Fact]
    public void A_failing_task_surfaces_as_its_own_exception_and_its_dependents_never_run()
    {
        var dependencies = new int[50][];
        for (int i = 0; i < 50; i++) dependencies[i] = i > 10 ? new[] { 10 } : Array.Empty<int>();
        int dependentsRun = 0;
        var ex = Assert.Throws<InvalidOperationException>(() => TaskGraph.Run(dependencies, i =>
        {
            if (i == 10) throw new InvalidOperationException("task 10 failed");
            if (i > 10) Interlocked.Increment(ref dependentsRun);
        }, CancellationToken.None));
        Assert.Equal("task 10 failed", ex.Message);
        Assert.Equal(0, dependentsRun);
    }

    /// <summary>After a stop, no task starts: the tasks begun after it are at most the ones already running.</summary>
    [Fact]
    public void A_stop_lets_no_new_task_start()
    {
        using var cts = new CancellationTokenSource();
        int started = 0, startedAfterStop = 0;
        var dependencies = new int[10_000][];
        for (int i = 0; i < dependencies.Length; i++) dependencies[i] = i > 0 ? new[] { i - 1 } : Array.Empty<int>();
        Assert.ThrowsAny<OperationCanceledException>(() => TaskGraph.Run(dependencies, i =>
        {
            if (cts.IsCancellationRequested) Interlocked.Increment(ref startedAfterStop);
            if (Interlocked.Increment(ref started) == 20) cts.Cancel();
        }, cts.Token));
        Assert.Equal(20, started); // a chain: one task at a time, and none after the stop
        Assert.Equal(0, startedAfterStop);
    }
}
