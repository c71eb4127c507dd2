using FeatureLearning.Core.Data;
using FeatureLearning.Core.Parity;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests.Parity;

public class LossPlateauRuleTests
{
    /// <summary>The first step at which the rule reports a plateau for the loss sequence, or −1 within the steps.</summary>
    private static long FirstPlateau(LossPlateauRule rule, Func<long, double> loss, long steps)
    {
        for (long t = 0; t <= steps; t++)
            if (rule.Observe(t, loss(t))) return t;
        return -1;
    }

    [Fact]
    public void A_flat_loss_is_a_plateau_at_the_first_window_boundary()
    {
        Assert.Equal(100, FirstPlateau(new LossPlateauRule(100, 0.1), _ => 0.3, 1000));
    }

    [Fact]
    public void A_falling_loss_keeps_the_descent_going_even_when_it_oscillates()
    {
        // Geometric fall (63 % per window) and the same with a factor-2 jump every other step, as full-batch GD on the
        // hinge does: the running minimum still falls.
        Assert.Equal(-1, FirstPlateau(new LossPlateauRule(1000, 0.1), t => Math.Pow(0.999, t), 20_000));
        Assert.Equal(-1, FirstPlateau(new LossPlateauRule(1000, 0.1), t => Math.Pow(0.999, t) * (t % 2 == 0 ? 1 : 2), 20_000));
    }

    [Fact]
    public void A_slowing_loss_stops_where_its_relative_fall_per_window_drops_below_the_tolerance()
    {
        // L = 1/(1 + t): over a window W ending at t the best falls by W/(t + 1) of its value, first ≤ 0.1 at t + 1 ≥ 10 W.
        Assert.Equal(1000, FirstPlateau(new LossPlateauRule(100, 0.1), t => 1.0 / (1 + t), 100_000));
    }

    [Fact]
    public void A_loss_below_the_floor_ends_the_descent_and_a_rising_loss_is_a_plateau()
    {
        Assert.Equal(300, FirstPlateau(new LossPlateauRule(100, 0.0, floor: 1e-3), t => Math.Pow(0.97, t), 10_000)); // 0.97^231 < 1e-3
        Assert.Equal(100, FirstPlateau(new LossPlateauRule(100, 0.0), t => 0.1 + 1e-4 * t, 10_000));
    }
}

public class ParityBudgetTests
{
    [Fact]
    public void The_second_phase_runs_until_converged_and_learns_what_a_fixed_2000_steps_does_not()
    {
        // A smaller analogue of n = 25, k = 5, N = 3000 (there the fixed 2000 steps gave uniform-half accuracy 0.61–0.97,
        // the convergence rule 1.000 on five seeds, in 4000–13 000 steps, too slow for a unit test): n = 12, k = 5, N = 600.
        // Whether 2000 steps happen to suffice depends on the draw, so the claim is over four seeds: the rule learns on
        // every one, the fixed budget fails on most (3 of 4 when this was written; at least half is demanded).
        int fixedFailures = 0;
        foreach (long seed in new long[] { 1, 2, 3, 4 })
        {
            IDataGenerator g = new SparseParityGenerator(12, 5, ParityDistribution.Mixture, 0, seed);
            var sample = g.Sample(600, Rng.ForStream(seed, 1));
            var train = new Dataset(sample.X, sample.Y, 12, g, seed);
            var task = (SparseParityGenerator)g;
            var options = new ParityNetOptions { Width = 128, MonitorSamples = 0, Seed = seed };
            var fixedBudget = ParityNetTrainer.Fit(train, options with { MaxSteps = 0 });
            var converged = ParityNetTrainer.Fit(train, options);
            Assert.Equal(2000, fixedBudget.Steps);
            double before = ParityAccuracy.Measure(fixedBudget.Model, task, 4000, 7).Uniform;
            double after = ParityAccuracy.Measure(converged.Model, task, 4000, 7).Uniform;
            if (before < 0.95) fixedFailures++;
            Assert.True(after > 0.99, $"seed {seed}: uniform-half accuracy {after:F3} after {converged.Steps} steps");
            Assert.True(after >= before, $"seed {seed}: {after:F3} after convergence, {before:F3} after 2000 steps");
            Assert.True(converged.Steps > 2000 && converged.Steps < options.MaxSteps, $"{converged.Steps} steps");
            // It stopped because the loss stopped falling (or fitted every sample), not at the cap.
            Assert.True(converged.History[^1].TrainLoss < 0.5 * fixedBudget.History[^1].TrainLoss);
        }
        Assert.True(fixedFailures >= 2, $"the fixed 2000 steps learned the uniform half on {4 - fixedFailures} of 4 seeds; pick a harder case");
    }

    [Fact]
    public void Sgd_and_adam_keep_their_fixed_step_count()
    {
        IDataGenerator g = new SparseParityGenerator(10, 3, ParityDistribution.Mixture, 0, 2);
        var sample = g.Sample(200, Rng.ForStream(2, 1));
        var train = new Dataset(sample.X, sample.Y, 10, g, 2);
        var fit = ParityNetTrainer.Fit(train, new ParityNetOptions { Width = 16, Algorithm = ParityAlgorithm.Adam, Steps = 150, MonitorSamples = 0 });
        Assert.Equal(150, fit.Steps);
    }
}
