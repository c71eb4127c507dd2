namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// Runs a sweep slot's tasks with at most <see cref="MaximumConcurrencyLevel"/> threads. A trial started on this scheduler
/// makes it TaskScheduler.Current, so the Parallel.For loops inside the learners (which take no explicit scheduler)
/// queue here and use at most that many threads instead of the whole machine: parallel trials then do not
/// oversubscribe the cores. With a limit of 1 every nested loop runs inline on the trial's own thread.
/// </summary>
internal sealed class TrialTaskScheduler : TaskScheduler
{
    [ThreadStatic] private static TrialTaskScheduler? t_owner;
    private readonly LinkedList<Task> _queue = new();
    private readonly int _limit;
    private int _workers;

    public TrialTaskScheduler(int limit) => _limit = Math.Max(1, limit);

    public override int MaximumConcurrencyLevel => _limit;

    protected override void QueueTask(Task task)
    {
        if ((task.CreationOptions & TaskCreationOptions.LongRunning) != 0)
        {
            // The slot's own loop gets a dedicated thread outside the pool workers: inside a Parallel.For it either
            // runs a replica inline or waits, and Parallel.For never runs more than the limit's replicas at once.
            var thread = new Thread(() =>
            {
                t_owner = this;
                try { TryExecuteTask(task); }
                finally { t_owner = null; }
            }) { IsBackground = true, Name = "Sweep trial" };
            thread.Start();
            return;
        }
        lock (_queue)
        {
            _queue.AddLast(task);
            if (_workers >= _limit) return;
            _workers++;
        }
        ThreadPool.UnsafeQueueUserWorkItem(_ => Drain(), null);
    }

    private void Drain()
    {
        t_owner = this;
        try
        {
            while (true)
            {
                Task next;
                lock (_queue)
                {
                    if (_queue.Count == 0) { _workers--; return; }
                    next = _queue.First!.Value;
                    _queue.RemoveFirst();
                }
                TryExecuteTask(next);
            }
        }
        finally { t_owner = null; }
    }

    // Only threads already working for this scheduler may run its tasks inline (Parallel.For's waiting root does).
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued)
    {
        if (t_owner != this) return false;
        if (taskWasPreviouslyQueued && !TryDequeue(task)) return false;
        return TryExecuteTask(task);
    }

    protected override bool TryDequeue(Task task)
    {
        lock (_queue) return _queue.Remove(task);
    }

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_queue) return _queue.ToArray();
    }
}
