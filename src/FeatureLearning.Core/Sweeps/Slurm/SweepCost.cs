using System.Diagnostics;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>The cost of a trial, measured by running a few trials of the plan here, one thread each (as array tasks run them).</summary>
public static class SweepCost
{
    /// <summary>
    /// Mean seconds of up to <paramref name="samples"/> trials spread over the plan (at 1/6, 1/2 and 5/6 of its order
    /// for three), stopping after <paramref name="budget"/>; a trial cut by the budget counts as the budget (a lower
    /// bound, said in the description). Trials that throw are skipped. Returns the seconds and how they were obtained.
    /// </summary>
    public static (double Seconds, string Source) Measure(SweepPlan plan, int samples, TimeSpan budget, CancellationToken cancel = default)
    {
        var runner = new SweepRunner(plan);
        var trials = plan.Trials;
        var picked = Enumerable.Range(0, Math.Min(samples, trials.Count))
            .Select(i => trials[(int)((i + 0.5) * trials.Count / Math.Min(samples, trials.Count))]).Distinct().ToList();
        var times = new List<double>();
        bool capped = false;
        var total = Stopwatch.StartNew();
        using var limit = Numerics.Parallelism.Limit(1);
        foreach (var trial in picked)
        {
            var left = budget - total.Elapsed;
            if (left <= TimeSpan.Zero) break;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            stop.CancelAfter(left);
            var clock = Stopwatch.StartNew();
            try
            {
                runner.RunTrial(trial, new FitContext { Cancellation = stop.Token });
                times.Add(clock.Elapsed.TotalSeconds);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is AggregateException { InnerException: OperationCanceledException })
            {
                cancel.ThrowIfCancellationRequested();
                times.Add(clock.Elapsed.TotalSeconds);
                capped = true;
                break;
            }
            catch (Exception ex) when (ex is FeatureLearningException or ArgumentException or InvalidOperationException) { }
        }
        if (times.Count == 0)
            throw new FeatureLearningException("FeatureLearning.TrialCostUnknown",
                "Could not measure the cost of a trial here (the sampled trials failed); give -TrialSeconds (an estimate of one trial's seconds on one core).",
                ErrorKind.InvalidOperation);
        double mean = Math.Max(1e-3, times.Average());
        string source = capped
            ? $"at least: a trial measured here was stopped after the {budget.TotalSeconds:0} s budget; give -TrialSeconds for a better estimate"
            : $"measured here on {times.Count} trial{(times.Count == 1 ? "" : "s")} of the plan, one thread each";
        return (mean, source);
    }
}
