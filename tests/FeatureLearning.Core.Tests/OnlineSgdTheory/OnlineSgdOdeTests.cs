using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory.OnlineSgd;

namespace FeatureLearning.Core.Tests.OnlineSgdTheory;

public class OnlineSgdOdeTests
{
    /// <summary>A net with O(1) overlaps: random weights plus a component along the signal directions.</summary>
    private static TwoLayerNet AlignedNet(GaussianMixtureGenerator gen, int hidden, Activation activation, long seed)
    {
        int d = gen.Dimension;
        var rng = new Rng(seed);
        var w = new double[hidden * d];
        rng.FillGaussian(w, 0.8);
        double sqrtD = Math.Sqrt(d);
        for (int k = 0; k < hidden; k++)
            foreach (var e in gen.Directions)
            {
                double overlap = 0.9 * rng.NextGaussian();
                for (int i = 0; i < d; i++) w[k * d + i] += overlap * sqrtD * e[i];
            }
        var v = new double[hidden];
        rng.FillGaussian(v, 0.7);
        return new TwoLayerNet(d, hidden, activation, w, v);
    }

    [Theory]
    [InlineData(MixtureKind.Xor, Activation.Relu, 3)]
    [InlineData(MixtureKind.TwoCluster, Activation.Erf, 2)]
    public void Right_hand_side_matches_the_mean_change_of_actual_sgd_steps(MixtureKind kind, Activation activation, int hidden)
    {
        // One real SGD step (TwoLayerNetTrainer on a one-sample dataset) per fresh sample, from the same state; the mean
        // change × d estimates the drift the ODE predicts (exact up to O(1/d) and Monte Carlo error).
        const int d = 400, samples = 12000;
        const double lr = 0.6, reg = 0.3;
        var gen = new GaussianMixtureGenerator(d, 3, kind, seed: 5);
        var net = AlignedNet(gen, hidden, activation, 17);
        var start = OrderParameters.FromNet(net, gen.Directions);
        var options = new TwoLayerNetOptions
        {
            Hidden = hidden, Activation = activation, LearningRate = lr, Regularization = reg,
            Algorithm = TrainingAlgorithm.Sgd, Epochs = 1, HistoryPoints = 2, MonitorSamples = 0,
        };
        var data = ((IDataGenerator)gen).Sample(samples, new Rng(99));
        int nR = start.R.Length, nQ = start.Q.Length, nV = start.V.Length, n = nR + nQ + nV;
        var sum = new double[n];
        var sumSq = new double[n];
        var change = new double[n];
        for (int i = 0; i < samples; i++)
        {
            var one = new Dataset(data.Row(i).ToArray(), new[] { data.Y[i] }, d, gen);
            var after = OrderParameters.FromNet(TwoLayerNetTrainer.Fit(one, options, initial: net).Net, gen.Directions);
            for (int j = 0; j < nR; j++) change[j] = (after.R[j] - start.R[j]) * d;
            for (int j = 0; j < nQ; j++) change[nR + j] = (after.Q[j] - start.Q[j]) * d;
            for (int j = 0; j < nV; j++) change[nR + nQ + j] = (after.V[j] - start.V[j]) * d;
            for (int j = 0; j < n; j++) { sum[j] += change[j]; sumSq[j] += change[j] * change[j]; }
        }
        var ode = new OnlineSgdOde(new OnlineSgdOdeOptions
        {
            Kind = kind, Snr = 3, Activation = activation, LearningRate = lr, Regularization = reg, MonteCarloSamples = 200_000, Seed = 3,
        }, hidden);
        var rates = ode.CreateRates();
        ode.Evaluate(start, rates);
        var predicted = rates.R.Concat(rates.Q).Concat(rates.V).ToArray();
        for (int j = 0; j < n; j++)
        {
            double mean = sum[j] / samples;
            double standardError = Math.Sqrt(Math.Max(0, sumSq[j] / samples - mean * mean) / samples);
            // 4.5 standard errors of the SGD average, plus the ODE's own Monte Carlo error and the O(1/d) terms.
            double tolerance = 4.5 * standardError + 0.005 * (1 + Math.Abs(mean));
            Assert.True(Math.Abs(mean - predicted[j]) < tolerance,
                $"component {j}: SGD {mean:F4} ± {standardError:F4}, ODE {predicted[j]:F4}");
        }
        // The drift is not trivially zero: the test would notice a missing term.
        Assert.True(predicted.Max(Math.Abs) > 0.1);
    }

    [Fact]
    public void A_vanishing_learning_rate_leaves_the_state_fixed()
    {
        var gen = new GaussianMixtureGenerator(300, 4, MixtureKind.Xor, seed: 1);
        var start = OrderParameters.FromNet(AlignedNet(gen, 3, Activation.Relu, 2), gen.Directions);
        OrderParameters Final(double lr)
        {
            var ode = new OnlineSgdOde(new OnlineSgdOdeOptions { LearningRate = lr, Time = 5, Step = 0.1, Points = 2, MonteCarloSamples = 2000 }, 3);
            var last = ode.Integrate(start)[^1];
            return new OrderParameters(3, 2, last.R, last.Q, last.V);
        }
        double Distance(OrderParameters a) =>
            a.R.Zip(start.R).Concat(a.Q.Zip(start.Q)).Concat(a.V.Zip(start.V)).Max(p => Math.Abs(p.First - p.Second));
        Assert.Equal(0.0, Distance(Final(0)));
        double small = Distance(Final(1e-6)), twice = Distance(Final(2e-6));
        Assert.True(small < 1e-4 && small > 0, $"change {small}");
        Assert.InRange(twice / small, 1.95, 2.05); // linear in η as η → 0
    }

    [Fact]
    public void Same_seed_gives_the_same_curve_and_another_seed_a_close_one()
    {
        var gen = new GaussianMixtureGenerator(200, 4, MixtureKind.Xor, seed: 3);
        var start = OrderParameters.FromInitialisation(gen, new TwoLayerNetOptions { Hidden = 2, Seed = 4 });
        IReadOnlyList<TrainingRecord> Run(long seed) =>
            new OnlineSgdOde(new OnlineSgdOdeOptions { Time = 10, Points = 3, MonteCarloSamples = 3000, Seed = seed }, 2).Integrate(start);
        var a = Run(7);
        var b = Run(7);
        var c = Run(8);
        for (int p = 0; p < a.Count; p++)
        {
            Assert.Equal(a[p].Q, b[p].Q);
            Assert.Equal(a[p].TestError, b[p].TestError);
        }
        Assert.NotEqual(a[^1].Q, c[^1].Q);
        Assert.InRange(Math.Abs(a[^1].TestLoss - c[^1].TestLoss), 0, 0.05);
    }

    [Fact]
    public void Initial_state_is_the_one_the_trainer_starts_from()
    {
        var gen = new GaussianMixtureGenerator(150, 2, MixtureKind.Xor, seed: 8);
        var options = new TwoLayerNetOptions { Hidden = 3, Seed = 11, Algorithm = TrainingAlgorithm.Online, Time = 1, HistoryPoints = 2, MonitorSamples = 0 };
        var state = OrderParameters.FromInitialisation(gen, options);
        var data = ((IDataGenerator)gen).Sample(1, new Rng(1));
        var first = TwoLayerNetTrainer.Fit(data, options).History[0];
        Assert.Equal(first.R, state.R);
        Assert.Equal(first.Q, state.Q);
        Assert.Equal(first.V, state.V);
    }

    [Fact]
    public void Two_cluster_task_is_learned_by_one_unit_and_the_error_matches_its_closed_form()
    {
        // K = 1, erf: sign f = sign(v) sign(λ), so the error is Φ(−m R/√Q) (R v > 0), independent of the Monte Carlo.
        var gen = new GaussianMixtureGenerator(500, 4, MixtureKind.TwoCluster, seed: 2);
        var start = OrderParameters.FromInitialisation(gen, new TwoLayerNetOptions { Hidden = 1, Activation = Activation.Erf, Seed = 1 });
        var ode = new OnlineSgdOde(new OnlineSgdOdeOptions
        {
            Kind = MixtureKind.TwoCluster, Snr = 4, Activation = Activation.Erf, LearningRate = 0.2, Time = 40, Points = 5, MonteCarloSamples = 40_000,
        }, 1);
        var last = ode.Integrate(start)[^1];
        double bayes = gen.BayesError;
        Assert.True(last.TestError < bayes + 0.01, $"ODE error {last.TestError:F4}, Bayes {bayes:F4}");
        double exact = StandardNormal.Cdf(-2.0 * Math.Abs(last.R[0]) / Math.Sqrt(last.Q[0]));
        Assert.True(last.R[0] * last.V[0] > 0);
        Assert.InRange(last.TestError - exact, -0.004, 0.004);
    }

    [Fact]
    public void A_state_that_is_not_a_covariance_is_rejected()
    {
        // Q = 0.5 but R = (1, 0): Q − R Rᵀ < 0, no net has these overlaps.
        var bad = new OrderParameters(1, 2, new[] { 1.0, 0.0 }, new[] { 0.5 }, new[] { 1.0 });
        var ode = new OnlineSgdOde(new OnlineSgdOdeOptions { MonteCarloSamples = 500 }, 1);
        var error = Assert.Throws<FeatureLearningException>(() => ode.Evaluate(bad, ode.CreateRates()));
        Assert.Equal("FeatureLearning.NotPositiveSemiDefinite", error.ErrorId);
        Assert.Contains("-Step", error.Message);
    }

    [Fact]
    public void A_too_large_learning_rate_is_reported_as_divergence()
    {
        var gen = new GaussianMixtureGenerator(100, 4, MixtureKind.Xor, seed: 1);
        var start = OrderParameters.FromInitialisation(gen, new TwoLayerNetOptions { Hidden = 2 });
        var ode = new OnlineSgdOde(new OnlineSgdOdeOptions { LearningRate = 50, Step = 0.05, Time = 50, Points = 2, MonteCarloSamples = 500 }, 2);
        var error = Assert.ThrowsAny<FeatureLearningException>(() => ode.Integrate(start));
        Assert.Contains(error.ErrorId, new[] { "FeatureLearning.Diverged", "FeatureLearning.NotPositiveSemiDefinite" });
    }

    [Fact]
    public void Odd_activation_stays_at_chance_on_xor()
    {
        var gen = new GaussianMixtureGenerator(300, 4, MixtureKind.Xor, seed: 1);
        var start = OrderParameters.FromInitialisation(gen, new TwoLayerNetOptions { Hidden = 2, Activation = Activation.Erf });
        var ode = new OnlineSgdOde(new OnlineSgdOdeOptions { Activation = Activation.Erf, Time = 20, Points = 2, MonteCarloSamples = 20_000 }, 2);
        Assert.InRange(ode.Integrate(start)[^1].TestError, 0.48, 0.52);
    }
}

public class OrderParameterColumnsTests
{
    [Fact]
    public void A_flattened_history_record_reads_back_to_the_same_state()
    {
        var gen = new GaussianMixtureGenerator(60, 4, MixtureKind.Xor, seed: 2);
        var state = OrderParameters.FromInitialisation(gen, new TwoLayerNetOptions { Hidden = 3, Seed = 7 });
        var record = state.ToRecord(12.5, 750, double.NaN, 0.4, 0.45);
        var columns = record.Flatten().ToDictionary(p => p.Key, p => p.Value);
        var back = OrderParameters.FromColumns(columns);
        Assert.Equal(state.R, back.R);
        Assert.Equal(state.Q, back.Q);
        Assert.Equal(state.V, back.V);
    }

    [Fact]
    public void A_warm_start_only_relabels_time()
    {
        var gen = new GaussianMixtureGenerator(80, 4, MixtureKind.Xor, seed: 2);
        var state = OrderParameters.FromInitialisation(gen, new TwoLayerNetOptions { Hidden = 2, Seed = 1 });
        var ode = new OnlineSgdOde(new OnlineSgdOdeOptions { Time = 2, Points = 3, MonteCarloSamples = 500 }, 2);
        var cold = ode.Integrate(state);
        var warm = ode.Integrate(state, startTime: 10);
        Assert.Equal(new[] { 10.0, 11.0, 12.0 }, warm.Select(r => r.Time));
        Assert.Equal(cold[^1].Q, warm[^1].Q);
    }
}

public class HeldOutEvaluationTests
{
    [Fact]
    public void Independent_evaluation_samples_leave_the_dynamics_unchanged_and_match_the_closed_form_error()
    {
        var gen = new GaussianMixtureGenerator(300, 2, MixtureKind.TwoCluster, seed: 3);
        var start = OrderParameters.FromInitialisation(gen, new TwoLayerNetOptions { Hidden = 1, Activation = Activation.Erf, Seed = 2 });
        var options = new OnlineSgdOdeOptions { Kind = MixtureKind.TwoCluster, Snr = 2, Activation = Activation.Erf, LearningRate = 0.3, Time = 20, Points = 3, MonteCarloSamples = 2000 };
        var shared = new OnlineSgdOde(options, 1).Integrate(start)[^1];
        var heldOut = new OnlineSgdOde(options with { EvaluationSamples = 100_000 }, 1).Integrate(start)[^1];
        Assert.Equal(shared.Q, heldOut.Q);
        Assert.Equal(shared.R, heldOut.R);
        double exact = StandardNormal.Cdf(-Math.Sqrt(2) * Math.Abs(heldOut.R[0]) / Math.Sqrt(heldOut.Q[0]));
        Assert.InRange(heldOut.TestError - exact, -0.004, 0.004);
    }
}
