using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Sweeps;

namespace FeatureLearning.Core.Tests.Sweeps;

public class SweepRunnerTests
{
    [Fact]
    public void TrialsRunAloneGiveLearnerComparisonsRows()
    {
        // LearnerComparison draws each seed's data once and runs everything in one loop; the runner rebuilds the data
        // per trial from the plan: the two must agree to the last bit.
        var comparison = SweepTestData.Comparison();
        var expected = comparison.Run(comparison.Plan(), FitContext.None).Select(SweepTestData.Key).ToList();
        var plan = SweepTestData.Plan();
        var runner = new SweepRunner(plan);
        // Backwards, one by one: order and history must not matter.
        var actual = plan.Trials.Reverse().Select(t => (t.Id, Row: runner.RunTrial(t, FitContext.None)))
            .OrderBy(p => p.Id).Select(p => SweepTestData.Key(p.Row)).ToList();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void ParallelRunsGiveTheSerialRows(int parallel, int threadsPerTrial)
    {
        var plan = SweepTestData.Plan();
        var serial = new SweepRunner(plan).Run(plan.Trials, FitContext.None).OrderBy(o => o.Trial.Id).Select(o => SweepTestData.Key(o.Row!)).ToList();
        var runner = new SweepRunner(plan) { MaxParallelTrials = parallel, ThreadsPerTrial = threadsPerTrial };
        var outcomes = runner.Run(plan.Trials, FitContext.None).ToList();
        Assert.Equal(plan.TrialCount, outcomes.Count);
        Assert.Equal(serial, outcomes.OrderBy(o => o.Trial.Id).Select(o => SweepTestData.Key(o.Row!)).ToList());
    }

    [Fact]
    public void AFailingTrialYieldsItsErrorAndTheOthersRun()
    {
        // A learning rate that makes SGD diverge passes every check up front and fails only when it runs.
        var learners = SweepTestData.Learners().Append(new TwoLayerNetSpec { LearningRate = 1e9, Time = 4 }).ToList();
        var plan = SweepTestData.Plan(learners, new[] { 16 }, new long[] { 0 }, 200);
        var outcomes = new SweepRunner(plan) { MaxParallelTrials = 2 }.Run(plan.Trials, FitContext.None).ToList();
        Assert.Equal(4, outcomes.Count);
        var failed = Assert.Single(outcomes, o => !o.Succeeded);
        Assert.Equal(3, failed.Trial.Id);
        Assert.Equal("FeatureLearning.Diverged", failed.Error!.Id);
    }

    [Fact]
    public async Task ParallelLoopsStayWithinTheLimitOfTheirFlow()
    {
        // The options every library loop uses (DenseMath, KernelSpec) must honour the trial's limit, including in tasks it starts.
        foreach (int limit in new[] { 1, 2 })
        {
            int busy = 0, peak = 0;
            await Task.Factory.StartNew(() =>
            {
                using var scope = Numerics.Parallelism.Limit(limit);
                Task.Run(() =>
                    Parallel.For(0, 32, Numerics.Parallelism.Options(), _ =>
                    {
                        int now = Interlocked.Increment(ref busy);
                        int seen;
                        while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
                        Thread.SpinWait(100_000);
                        Interlocked.Decrement(ref busy);
                    })).Wait();
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Assert.InRange(peak, 1, limit);
        }
        Assert.Equal(-1, Numerics.Parallelism.MaxDegree);
    }

    [Fact]
    public void CancellingStopsTheRunningTrialsAndLeavesTheResultsFileReadable()
    {
        var plan = SweepTestData.Plan(new LearnerSpec[] { new TwoLayerNetSpec { Time = 1e7 } }, new[] { 16 }, new long[] { 0, 1, 2, 3 }, 100);
        var path = Path.Combine(Path.GetTempPath(), $"fl-cancel-{Guid.NewGuid():N}.jsonl");
        try
        {
            // A trial of t = 1e7 (1.6e8 SGD steps) runs far longer than the test allows, so only cancellation can stop it.
            // Cancel from a dedicated thread: a CancellationTokenSource timer fires on the thread pool, which the other
            // test classes running in parallel can keep busy for seconds.
            using var stop = new CancellationTokenSource();
            var canceller = new Thread(() => { Thread.Sleep(1000); stop.Cancel(); }) { IsBackground = true };
            canceller.Start();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using (var writer = new SweepResultsWriter(path))
                Assert.ThrowsAny<OperationCanceledException>(() =>
                {
                    foreach (var outcome in new SweepRunner(plan) { MaxParallelTrials = 2 }.Run(plan.Trials, new FitContext { Cancellation = stop.Token }))
                        writer.Write(outcome);
                });
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"stopping took {clock.Elapsed}");
            var results = SweepResults.Read(path);
            Assert.Empty(results.Rows);
            Assert.Empty(results.Errors);
        }
        finally { File.Delete(path); }
    }
}
