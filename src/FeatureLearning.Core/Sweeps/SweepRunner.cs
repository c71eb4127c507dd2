using System.Collections.Concurrent;
using System.Diagnostics;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// Runs trials of a plan, several at a time. Each trial rebuilds its data from its description alone (the seed's
/// training pool and test set, drawn exactly as Compare-Learner draws them, <see cref="Trial.Draw"/>), and runs the one
/// trial function, so a trial gives the same row alone, in any order, on any thread or machine.
/// </summary>
public sealed class SweepRunner
{
    private readonly SweepPlan _plan;
    private readonly IDataGenerator? _generator;

    public SweepRunner(SweepPlan plan)
    {
        plan.Validate();
        _plan = plan;
        _generator = plan.CreateGenerator();
    }

    /// <summary>Trials run at the same time (each on its own thread).</summary>
    public int MaxParallelTrials { get; init; } = 1;

    /// <summary>Threads one trial's parallel loops may use; null shares the cores: max(1, cores / parallel trials).</summary>
    public int? ThreadsPerTrial { get; init; }

    public int EffectiveThreadsPerTrial => ThreadsPerTrial ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, MaxParallelTrials));

    /// <summary>Runs one trial on the calling thread.</summary>
    public ResultRow RunTrial(SweepTrial trial, FitContext context)
    {
        var learner = _plan.Learners[trial.Learner];
        var (pool, test) = _generator is null
            ? (_plan.Data!, _plan.TestData!)
            : Trial.Draw(_generator, trial.TrainingPool, _plan.TestSamples, trial.Seed, context.Cancellation);
        var train = trial.N == pool.Count ? pool : pool.Take(trial.N);
        return Trial.Run(learner, train, test, trial.Seed, context).ToRow();
    }

    /// <summary>
    /// Runs <paramref name="trials"/> on <see cref="MaxParallelTrials"/> threads and yields each outcome as it finishes
    /// (a failed trial yields its error and the others go on). Progress is reported on the enumerating thread.
    /// Cancellation stops the running trials at their next check and throws OperationCanceledException once they have stopped.
    /// </summary>
    public IEnumerable<TrialOutcome> Run(IReadOnlyList<SweepTrial> trials, FitContext context)
    {
        if (MaxParallelTrials < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidThrottleLimit", $"-ThrottleLimit must be at least 1, got {MaxParallelTrials}.");
        if (ThreadsPerTrial is < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidThrottleLimit", $"-ThreadsPerTrial must be at least 1, got {ThreadsPerTrial}.");
        if (trials.Count == 0) yield break;

        int slots = Math.Min(MaxParallelTrials, trials.Count);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        using var finished = new BlockingCollection<TrialOutcome>();
        var fractions = new double[slots];
        var running = new SweepTrial?[slots];
        int next = -1;
        Exception? crash = null;

        void Slot(int slot)
        {
            while (!stop.IsCancellationRequested)
            {
                int index = Interlocked.Increment(ref next);
                if (index >= trials.Count) return;
                var trial = trials[index];
                running[slot] = trial;
                Volatile.Write(ref fractions[slot], 0);
                var inner = new FitContext { Cancellation = stop.Token, Progress = (f, _) => Volatile.Write(ref fractions[slot], f) };
                TrialOutcome outcome;
                try
                {
                    outcome = new TrialOutcome(trial, RunTrial(trial, inner), null);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (AggregateException ae) when (stop.IsCancellationRequested && ae.InnerException is OperationCanceledException)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    outcome = new TrialOutcome(trial, null, TrialError.From(ex is AggregateException { InnerException: { } first } ? first : ex));
                }
                running[slot] = null;
                finished.Add(outcome);
            }
        }

        int threads = EffectiveThreadsPerTrial;
        var tasks = new Task[slots];
        for (int s = 0; s < slots; s++)
        {
            int slot = s;
            // One dedicated thread per slot; the learners' parallel loops inside it use at most `threads` threads.
            tasks[s] = Task.Factory.StartNew(() =>
            {
                using var limit = Numerics.Parallelism.Limit(threads);
                try { Slot(slot); }
                catch (Exception ex) { crash ??= ex; stop.Cancel(); }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        Task.WhenAll(tasks).ContinueWith(_ => finished.CompleteAdding(), TaskScheduler.Default);

        int done = 0;
        var progressClock = Stopwatch.StartNew();
        try
        {
            while (!finished.IsCompleted)
            {
                if (finished.TryTake(out var outcome, 200))
                {
                    done++;
                    context.Report((double)done / trials.Count, $"{done} of {trials.Count} trials done; finished {_plan.Describe(outcome.Trial)}");
                    yield return outcome;
                }
                else if (progressClock.ElapsedMilliseconds >= 500)
                {
                    progressClock.Restart();
                    double partial = 0;
                    var now = new List<string>();
                    for (int s = 0; s < slots; s++)
                        if (running[s] is { } trial)
                        {
                            partial += Volatile.Read(ref fractions[s]);
                            now.Add(_plan.Describe(trial));
                        }
                    context.Report((done + partial) / trials.Count, $"{done} of {trials.Count} trials done; running {string.Join(", ", now)}");
                }
            }
        }
        finally
        {
            // Leaving early (Ctrl+C, Select-Object -First, an error downstream): stop the running trials and wait for them.
            stop.Cancel();
            Task.WaitAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)).ToArray());
        }
        if (crash is not null) throw new InvalidOperationException($"The sweep stopped: {crash.Message}", crash);
        context.ThrowIfCancelled();
    }
}
