namespace FeatureLearning.Core.Numerics;

/// <summary>
/// Runs a fixed list of tasks 0…count−1 on up to <see cref="Parallelism.MaxDegree"/> workers, handed out strictly in
/// index order, where a task may wait for earlier tasks (<see cref="WaitFor"/>). It replaces a barrier between two
/// parallel loops by the dependencies that are really there: a worker that would sit idle at the end of one step
/// starts the next step's tasks whose inputs are ready. Which tasks exist, and what each computes, depends on the sizes
/// only, so results do not depend on the thread count. Deadlock-free: a task waits only for lower indices, and those
/// were handed out before it to a running worker (or were finished) and wait only for lower indices in turn.
/// </summary>
internal sealed class OrderedTasks
{
    private readonly bool[] _done;
    private readonly object _gate = new();
    private readonly CancellationToken _cancel;
    private int _next = -1;
    private volatile bool _failed;

    private OrderedTasks(int count, CancellationToken cancel)
    {
        _done = new bool[count];
        _cancel = cancel;
    }

    /// <summary>Runs <paramref name="body"/>(index, runner) for every index; throws what a task threw, or the cancellation.</summary>
    public static void Run(int count, Action<int, OrderedTasks> body, CancellationToken cancel)
    {
        if (count <= 0) return;
        var runner = new OrderedTasks(count, cancel);
        int workers = Math.Min(count, Parallelism.MaxDegree > 0 ? Parallelism.MaxDegree : Environment.ProcessorCount);
        try
        {
            Parallel.For(0, workers, Parallelism.Options(cancel), _ => runner.Work(body));
        }
        catch (AggregateException e)
        {
            // The task's own error, not the other workers' "stopped because of it".
            var cause = e.Flatten().InnerExceptions.FirstOrDefault(x => x is not StoppedBecauseOfAnotherTask) ?? e;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(cause).Throw();
        }
    }

    private sealed class StoppedBecauseOfAnotherTask() : OperationCanceledException("Another task of the same computation failed.");

    private void Work(Action<int, OrderedTasks> body)
    {
        try
        {
            for (int task = Interlocked.Increment(ref _next); task < _done.Length && !_failed; task = Interlocked.Increment(ref _next))
            {
                _cancel.ThrowIfCancellationRequested(); // one check per task: a stop waits for at most the running tasks
                body(task, this);
                lock (_gate)
                {
                    Volatile.Write(ref _done[task], true);
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch
        {
            _failed = true; // wake the waiters, so Parallel.For can finish and rethrow
            lock (_gate) Monitor.PulseAll(_gate);
            throw;
        }
    }

    /// <summary>Blocks the calling task until task <paramref name="task"/> (a lower index) has finished.</summary>
    public void WaitFor(int task)
    {
        if (Volatile.Read(ref _done[task])) return;
        lock (_gate)
        {
            while (!Volatile.Read(ref _done[task]))
            {
                if (_failed) throw new StoppedBecauseOfAnotherTask();
                _cancel.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 20); // woken by every completion; the timeout only bounds a cancellation check
            }
        }
    }

    /// <summary>Waits for every task in [first, last).</summary>
    public void WaitForRange(int first, int last)
    {
        for (int t = first; t < last; t++) WaitFor(t);
    }
}
