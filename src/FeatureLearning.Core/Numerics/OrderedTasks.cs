using System.Runtime.ExceptionServices;

namespace FeatureLearning.Core.Numerics;

/// <summary>
/// Runs a fixed list of tasks 0…count−1 on up to <see cref="Parallelism.MaxDegree"/> threads, handed out strictly in
/// index order, where a task may wait for earlier tasks (<see cref="WaitFor"/>). It replaces a barrier between two
/// parallel loops by the dependencies that are really there: a thread that would sit idle at the end of one step
/// starts the next step's tasks whose inputs are ready. Which tasks exist, and what each computes, depends on the sizes
/// only, so results do not depend on the thread count. Deadlock-free: a task waits only for lower indices, and those
/// were handed out before it to a running thread (or were finished) and wait only for lower indices in turn.
/// The calling thread is one of the workers, so progress can be reported on it, and a busy thread pool only delays the
/// helpers: the caller alone can run every task.
/// </summary>
internal sealed class OrderedTasks
{
    private readonly bool[] _done;
    private readonly object _gate = new();
    private readonly CancellationToken _cancel;
    private int _next = -1, _completed, _inFlight;
    private bool _failed; // read and written under _gate
    private Exception? _error;

    private OrderedTasks(int count, CancellationToken cancel)
    {
        _done = new bool[count];
        _cancel = cancel;
    }

    /// <summary>
    /// Runs <paramref name="body"/>(index, runner) for every index and returns when all have finished; throws what a
    /// task threw, or the cancellation. <paramref name="reportOnCaller"/>, if given, is called on the calling thread
    /// between its tasks with the number of tasks finished so far.
    /// </summary>
    public static void Run(int count, Action<int, OrderedTasks> body, CancellationToken cancel, Action<int>? reportOnCaller = null)
    {
        if (count <= 0) return;
        var runner = new OrderedTasks(count, cancel);
        int threads = Math.Min(count, Parallelism.Threads);
        for (int h = 1; h < threads; h++)
            Task.Factory.StartNew(() => runner.Work(body, null), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        try { runner.Work(body, reportOnCaller); }
        catch (Exception e) { runner.Fail(e); } // from the report: the helpers still hold the caller's pointers
        runner.WaitUntilSettled();
        if (runner._error is { } error) ExceptionDispatchInfo.Capture(error).Throw();
    }

    private void Work(Action<int, OrderedTasks> body, Action<int>? report)
    {
        while (true)
        {
            int task;
            lock (_gate)
            {
                // Claimed under the lock, so no task starts once a failure is recorded.
                if (_failed || _next + 1 >= _done.Length) return;
                task = ++_next;
                _inFlight++;
            }
            Exception? error = null;
            try
            {
                _cancel.ThrowIfCancellationRequested(); // one check per task: a stop waits for the running tasks only
                body(task, this);
            }
            catch (Exception e) { error = e; }
            lock (_gate)
            {
                if (error is null) { _done[task] = true; _completed++; }
                else Fail(error);
                _inFlight--;
                Monitor.PulseAll(_gate);
            }
            if (error is not null) return;
            report?.Invoke(Volatile.Read(ref _completed));
        }
    }

    private void Fail(Exception error)
    {
        lock (_gate)
        {
            if (error is not StoppedBecauseOfAnotherTask) _error ??= error;
            _failed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Until every task has finished, or, after a failure, until no task is running (they hold the caller's pointers).</summary>
    private void WaitUntilSettled()
    {
        lock (_gate)
            while (_inFlight > 0 || (!_failed && _completed < _done.Length)) Monitor.Wait(_gate);
    }

    /// <summary>Blocks the calling task until task <paramref name="task"/> (a lower index) has finished.</summary>
    public void WaitFor(int task)
    {
        if (Volatile.Read(ref _done[task])) return;
        lock (_gate)
        {
            while (!_done[task])
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

    private sealed class StoppedBecauseOfAnotherTask() : OperationCanceledException("Another task of the same computation failed.");
}
