using System.Runtime.ExceptionServices;

namespace FeatureLearning.Core.Numerics;

/// <summary>
/// Runs tasks 0…count−1 with known dependencies on up to <see cref="Parallelism.MaxDegree"/> threads: a free thread
/// takes the lowest-numbered task whose dependencies have all finished. Unlike <see cref="OrderedTasks"/>, which hands
/// tasks out strictly in order so that a thread may sit waiting on its task's inputs, no thread waits while a later
/// task is ready: in the right-looking Cholesky the next panel's solve then starts while the last tiles of the current
/// update are still running (look-ahead). The numbering is the priority; which thread runs a task, and when, never
/// changes what it computes as long as each task waits for every earlier task that touches its data, so results do not
/// depend on the thread count. The calling thread is one of the workers.
/// </summary>
internal sealed class TaskGraph
{
    private readonly int[][] _dependents;
    private readonly int[] _waitingOn;
    private readonly PriorityQueue<int, int> _ready = new();
    private readonly object _gate = new();
    private readonly CancellationToken _cancel;
    private int _completed, _inFlight;
    private bool _failed;
    private Exception? _error;

    private TaskGraph(int[][] dependencies, CancellationToken cancel)
    {
        int count = dependencies.Length;
        _cancel = cancel;
        _waitingOn = new int[count];
        var dependents = new List<int>[count];
        for (int t = 0; t < count; t++) dependents[t] = new List<int>();
        for (int t = 0; t < count; t++)
        {
            foreach (int d in dependencies[t])
            {
                if (d < 0 || d >= t) throw new ArgumentException($"Task {t} depends on task {d}: a task may wait only for lower-numbered tasks.");
                dependents[d].Add(t);
            }
            _waitingOn[t] = dependencies[t].Length;
            if (_waitingOn[t] == 0) _ready.Enqueue(t, t);
        }
        _dependents = Array.ConvertAll(dependents, list => list.ToArray());
    }

    /// <summary>
    /// Runs <paramref name="body"/>(task) for every task once all of <paramref name="dependencies"/>[task] (lower
    /// numbers) have finished; returns when all have finished and throws what a task threw, or the cancellation, which
    /// is checked before each task.
    /// </summary>
    public static void Run(int[][] dependencies, Action<int> body, CancellationToken cancel)
    {
        if (dependencies.Length == 0) return;
        var graph = new TaskGraph(dependencies, cancel);
        int threads = Math.Min(dependencies.Length, Parallelism.Threads);
        for (int h = 1; h < threads; h++)
            Task.Factory.StartNew(() => graph.Work(body), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        graph.Work(body);
        graph.WaitUntilSettled();
        if (graph._error is { } error) ExceptionDispatchInfo.Capture(error).Throw();
    }

    private void Work(Action<int> body)
    {
        while (true)
        {
            int task;
            lock (_gate)
            {
                while (true)
                {
                    if (_failed || _completed == _waitingOn.Length) return;
                    if (_ready.TryDequeue(out task, out _)) break;
                    Monitor.Wait(_gate); // woken by every completion and by a failure
                }
                _inFlight++;
            }
            Exception? error = null;
            try
            {
                _cancel.ThrowIfCancellationRequested(); // one check per task: a stop waits for the running tasks only
                body(task);
            }
            catch (Exception e) { error = e; }
            lock (_gate)
            {
                _inFlight--;
                if (error is null)
                {
                    _completed++;
                    foreach (int next in _dependents[task])
                        if (--_waitingOn[next] == 0) _ready.Enqueue(next, next);
                }
                else
                {
                    _error ??= error;
                    _failed = true;
                }
                Monitor.PulseAll(_gate);
            }
            if (error is not null) return;
        }
    }

    /// <summary>Until every task has finished, or, after a failure, until no task is running (they hold the caller's pointers).</summary>
    private void WaitUntilSettled()
    {
        lock (_gate)
            while (_inFlight > 0 || (!_failed && _completed < _waitingOn.Length)) Monitor.Wait(_gate);
    }
}
