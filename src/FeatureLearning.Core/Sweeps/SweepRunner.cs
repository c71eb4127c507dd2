using System.Collections.Concurrent;
using System.Diagnostics;
using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// Runs trials of a plan, several at a time. Each trial rebuilds its data from its description alone (the seed's
/// training pool drawn with stream 100 and cut to n rows, the seed's test set with stream 101, exactly as
/// <see cref="LearnerComparison"/> does), so a trial gives the same numbers alone, in any order, on any thread or machine.
/// </summary>
public sealed class SweepRunner
{
    private readonly SweepPlan _plan;
    private readonly IDataGenerator _generator;
    private readonly LearnerSpec[] _learners;

    public SweepRunner(SweepPlan plan)
    {
        plan.Validate();
        _plan = plan;
        _generator = plan.Task.CreateGenerator();
        _learners = plan.Learners.Select(l => l.ToSpec()).ToArray();
    }

    /// <summary>Trials run at the same time (each on its own thread).</summary>
    public int MaxParallelTrials { get; init; } = 1;

    /// <summary>Threads one trial's parallel loops may use; null shares the cores: max(1, cores / parallel trials).</summary>
    public int? ThreadsPerTrial { get; init; }

    public int EffectiveThreadsPerTrial => ThreadsPerTrial ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, MaxParallelTrials));

    /// <summary>Runs one trial on the calling thread.</summary>
    public ComparisonRow RunTrial(SweepTrial trial, FitContext context)
    {
        var learner = _learners[trial.Learner];
        var pool = _generator.Sample(trial.TrainingPool, Rng.ForStream(trial.Seed, 100), context.Cancellation);
        var train = trial.N == trial.TrainingPool ? pool : pool.Take(trial.N);
        var test = _generator.Sample(_plan.TestSamples, Rng.ForStream(trial.Seed, 101), context.Cancellation);
        context.ThrowIfCancelled();
        var clock = Stopwatch.StartNew();
        var model = learner.Fit(train, trial.Seed, context);
        double seconds = clock.Elapsed.TotalSeconds;
        var testMeasure = Metrics.Evaluate(model, test, context.Cancellation);
        var trainMeasure = Metrics.Evaluate(model, train, context.Cancellation);
        int d = _generator.Dimension;
        return new ComparisonRow(learner.Name, _generator.TaskName, d, trial.N, (double)trial.N / d, trial.Seed,
            testMeasure.Error, trainMeasure.Error, testMeasure.Mse, seconds, _generator.BayesError);
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
