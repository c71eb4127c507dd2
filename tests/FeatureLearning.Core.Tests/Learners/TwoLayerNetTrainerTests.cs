using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

public class TwoLayerNetTrainerTests
{
    private static double HalfLoss(TwoLayerNet net, double[] x, double y)
    {
        double e = net.Predict(x) - y;
        return 0.5 * e * e;
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Erf)]
    [InlineData(Activation.Quadratic)]
    public void One_SGD_step_is_the_gradient_step_with_the_papers_scalings(Activation activation)
    {
        // Independent check: finite differences of ½(f − y)² give ∂L/∂w and ∂L/∂v; the trainer must move w by
        // −η ∂L/∂w and v by −(η/d) ∂L/∂v (Refinetti et al.'s scalings).
        int d = 6, K = 3;
        var rng = new Rng(1);
        var x = new double[d]; rng.FillGaussian(x);
        double y = 1.0;
        var o = new TwoLayerNetOptions { Hidden = K, Activation = activation, LearningRate = 1e-3, Seed = 4, MonitorSamples = 0, HistoryPoints = 2, Epochs = 1 };
        var net0 = TwoLayerNetTrainer.Initialise(d, o);
        var fit = TwoLayerNetTrainer.Fit(new Dataset(x, new[] { y }, d, null), o, null, net0);
        const double h = 1e-6;
        for (int i = 0; i < K * d; i++)
        {
            var plus = net0.Clone(); plus.W[i] += h;
            var minus = net0.Clone(); minus.W[i] -= h;
            double grad = (HalfLoss(plus, x, y) - HalfLoss(minus, x, y)) / (2 * h);
            Assert.Equal(net0.W[i] - o.LearningRate * grad, fit.Net.W[i], 1e-9);
        }
        for (int k = 0; k < K; k++)
        {
            var plus = net0.Clone(); plus.V[k] += h;
            var minus = net0.Clone(); minus.V[k] -= h;
            double grad = (HalfLoss(plus, x, y) - HalfLoss(minus, x, y)) / (2 * h);
            Assert.Equal(net0.V[k] - o.LearningRate / d * grad, fit.Net.V[k], 1e-9);
        }
    }

    [Theory]
    [InlineData(7, 13)]   // a group of four and three single units; vector tails
    [InlineData(8, 40)]
    public void Two_epochs_of_SGD_are_the_plain_per_sample_loop_in_the_shuffled_order(int K, int d)
    {
        // Independent check of the step that updates w and computes the next sample's pre-activations in one pass:
        // a plain loop over the same shuffled order (same stream), across the epoch boundary, with ReLU units that
        // switch on and off between samples.
        int n = 9;
        var rng = new Rng(7);
        var x = new double[n * d]; rng.FillGaussian(x);
        var y = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? -1.0 : 1.0).ToArray();
        var o = new TwoLayerNetOptions { Hidden = K, Activation = Activation.Relu, LearningRate = 0.3, Seed = 5, MonitorSamples = 0, HistoryPoints = 2, Epochs = 2 };
        var net0 = TwoLayerNetTrainer.Initialise(d, o);
        var fit = TwoLayerNetTrainer.Fit(new Dataset(x, y, d, null), o, null, net0);

        var w = (double[])net0.W.Clone(); var v = (double[])net0.V.Clone();
        var order = new int[n];
        var orderRng = Rng.ForStream(o.Seed, RandomStreams.TwoLayerNetOrder);
        double invSqrtD = 1 / Math.Sqrt(d);
        int switches = 0;
        var wasActive = new bool[K];
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int i = 0; i < n; i++) order[i] = i;
            orderRng.Shuffle(order);
            foreach (int r in order)
            {
                var g = new double[K]; var gp = new double[K];
                double f = 0;
                for (int k = 0; k < K; k++)
                {
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += w[k * d + j] * x[r * d + j];
                    double lambda = dot * invSqrtD;
                    g[k] = Math.Max(lambda, 0); gp[k] = lambda > 0 ? 1 : 0;
                    if (wasActive[k] != lambda > 0) switches++;
                    wasActive[k] = lambda > 0;
                    f += v[k] * g[k];
                }
                double e = f - y[r];
                for (int k = 0; k < K; k++)
                    for (int j = 0; j < d; j++) w[k * d + j] -= o.LearningRate * e * v[k] * gp[k] * invSqrtD * x[r * d + j];
                for (int k = 0; k < K; k++) v[k] -= o.SecondRate / d * e * g[k];
            }
        }
        Assert.True(switches > K, $"units should switch on and off between samples ({switches} switches)");
        for (int i = 0; i < w.Length; i++) Assert.Equal(w[i], fit.Net.W[i], 1e-12);
        for (int k = 0; k < K; k++) Assert.Equal(v[k], fit.Net.V[k], 1e-12);
    }

    [Fact]
    public void Full_batch_step_is_d_times_the_mean_gradient()
    {
        int d = 5, n = 7;
        var rng = new Rng(2);
        var x = new double[n * d]; rng.FillGaussian(x);
        var y = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        var data = new Dataset(x, y, d, null);
        var o = new TwoLayerNetOptions { Hidden = 2, Activation = Activation.Tanh, LearningRate = 1e-3, Seed = 1, MonitorSamples = 0, HistoryPoints = 2, Algorithm = TrainingAlgorithm.FullBatchGd, Epochs = 1 };
        var net0 = TwoLayerNetTrainer.Initialise(d, o);
        var fit = TwoLayerNetTrainer.Fit(data, o, null, net0);
        double MeanLoss(TwoLayerNet net) => Enumerable.Range(0, n).Average(i => HalfLoss(net, x.AsSpan(i * d, d).ToArray(), y[i]));
        const double h = 1e-6;
        for (int i = 0; i < net0.W.Length; i++)
        {
            var p = net0.Clone(); p.W[i] += h; var m = net0.Clone(); m.W[i] -= h;
            double grad = (MeanLoss(p) - MeanLoss(m)) / (2 * h);
            Assert.Equal(net0.W[i] - o.LearningRate * d * grad, fit.Net.W[i], 1e-9);
        }
    }

    [Fact]
    public void Same_seed_gives_bit_identical_nets()
    {
        IDataGenerator g = new GaussianMixtureGenerator(30, 4, MixtureKind.Xor, 1);
        var data = g.Sample(300, new Rng(2));
        var o = new TwoLayerNetOptions { Time = 5, Seed = 3, MonitorSamples = 100 };
        var a = TwoLayerNetTrainer.Fit(data, o);
        var b = TwoLayerNetTrainer.Fit(data, o);
        Assert.Equal(a.Net.W, b.Net.W);
        Assert.Equal(a.History.Select(r => r.TestError), b.History.Select(r => r.TestError));
        var c = TwoLayerNetTrainer.Fit(data, o with { Seed = 4 });
        Assert.NotEqual(a.Net.W, c.Net.W);
    }

    [Fact]
    public void A_bias_free_odd_net_is_antisymmetric_so_it_cannot_learn_xor()
    {
        IDataGenerator g = new GaussianMixtureGenerator(40, 4, MixtureKind.Xor, 1);
        var data = g.Sample(2000, new Rng(2));
        var fit = TwoLayerNetTrainer.Fit(data, new TwoLayerNetOptions { Activation = Activation.Erf, Time = 30, Seed = 1, MonitorSamples = 0 });
        var x = data.Row(0).ToArray();
        var minus = x.Select(v => -v).ToArray();
        Assert.Equal(-fit.Net.Predict(x), fit.Net.Predict(minus), 12);
        var test = g.Sample(20_000, new Rng(9));
        Assert.InRange(Metrics.Evaluate(fit.Net, test).Error, 0.48, 0.52);
    }

    [Fact]
    public void A_single_erf_unit_learns_the_linearly_separable_mixture()
    {
        IDataGenerator g = new GaussianMixtureGenerator(100, 4, MixtureKind.TwoCluster, 1);
        var fit = TwoLayerNetTrainer.Fit(g.Sample(10, new Rng(2)),
            new TwoLayerNetOptions { Hidden = 1, Activation = Activation.Erf, Algorithm = TrainingAlgorithm.Online, Time = 40, Seed = 1, MonitorSamples = 0 });
        var test = g.Sample(20_000, new Rng(9));
        Assert.InRange(Metrics.Evaluate(fit.Net, test).Error, 0, g.BayesError + 0.02);
    }

    [Fact]
    public void Online_relu_net_approaches_the_bayes_error_on_xor()
    {
        // The spec's quick setting: d = 200 is enough to see the net escape the plateau and reach the Bayes rule.
        IDataGenerator g = new GaussianMixtureGenerator(200, 4, MixtureKind.Xor, 1);
        var errors = new List<double>();
        var test = g.Sample(20_000, new Rng(9));
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var fit = TwoLayerNetTrainer.Fit(g.Sample(1, new Rng(2)),
                new TwoLayerNetOptions { Hidden = 8, Algorithm = TrainingAlgorithm.Online, Time = 150, Seed = seed, MonitorSamples = 0 });
            errors.Add(Metrics.Evaluate(fit.Net, test).Error);
        }
        errors.Sort();
        Assert.InRange(errors[1], g.BayesError - 0.01, g.BayesError + 0.03); // median of three seeds
    }

    [Fact]
    public void A_diverging_learning_rate_is_reported_not_returned_as_NaN()
    {
        IDataGenerator g = new GaussianMixtureGenerator(50, 4, MixtureKind.Xor, 1);
        var ex = Assert.Throws<DivergenceException>(() =>
            TwoLayerNetTrainer.Fit(g.Sample(500, new Rng(2)), new TwoLayerNetOptions { LearningRate = 1e4, Time = 10, MonitorSamples = 0 }));
        Assert.Equal("FeatureLearning.Diverged", ex.ErrorId);
        Assert.Contains("LearningRate", ex.Message);
    }

    [Fact]
    public void Learning_rate_zero_limit_leaves_the_order_parameters_fixed()
    {
        IDataGenerator g = new GaussianMixtureGenerator(50, 4, MixtureKind.Xor, 1);
        var fit = TwoLayerNetTrainer.Fit(g.Sample(500, new Rng(2)), new TwoLayerNetOptions { LearningRate = 1e-12, Time = 5, MonitorSamples = 0, HistoryPoints = 3 });
        var first = fit.History[0]; var last = fit.History[^1];
        for (int i = 0; i < first.Q.Length; i++) Assert.Equal(first.Q[i], last.Q[i], 8);
        for (int i = 0; i < first.R.Length; i++) Assert.Equal(first.R[i], last.R[i], 8);
    }
}
