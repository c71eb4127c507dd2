using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Persistence;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory;

namespace FeatureLearning.Core.Tests.SpikedRf;

public class OneStepLearnerTests
{
    private static (Dataset Train, Dataset Test) Task(int d, double alpha, long seed, LinkFunction link = LinkFunction.Tanh, double noise = 0, int testSamples = 4000)
    {
        IDataGenerator g = new SingleIndexGenerator(d, link, noise, seed);
        return (g.Sample((int)Math.Round(alpha * d), Rng.ForStream(seed, 1)), g.Sample(testSamples, Rng.ForStream(seed, 2)));
    }

    [Fact]
    public void Generator_labels_are_the_link_of_the_projection_and_reproducible()
    {
        var g = new SingleIndexGenerator(30, LinkFunction.He3, 0, 5);
        Assert.Equal(1.0, DenseMath.Dot(g.ThetaHat, g.ThetaHat), 12);
        IDataGenerator gen = g;
        var a = gen.Sample(20, new Rng(3));
        var b = gen.Sample(20, new Rng(3));
        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Y, b.Y);
        for (int i = 0; i < a.Count; i++)
        {
            double z = DenseMath.Dot(a.Row(i), g.ThetaHat);
            Assert.Equal((z * z * z - 3 * z) / Math.Sqrt(6), a.Y[i], 10);
        }
        Assert.Equal(TaskType.Regression, gen.TaskType);
        Assert.Equal(g.ThetaHat, Assert.Single(g.Directions));
    }

    [Fact]
    public void Label_noise_has_the_requested_variance()
    {
        var g = new SingleIndexGenerator(10, LinkFunction.Linear, 0.5, 1);
        var data = ((IDataGenerator)g).Sample(40000, new Rng(2));
        double s = 0;
        for (int i = 0; i < data.Count; i++) { double e = data.Y[i] - DenseMath.Dot(data.Row(i), g.ThetaHat); s += e * e; }
        Assert.InRange(s / data.Count, 0.25 * 0.97, 0.25 * 1.03);
    }

    // II.8.3: the update W1 − W0 is a rank-one spike with cos(v, θ) ≈ γ and σ1/√p ≈ r; mean row norm² ≈ c + r².
    [Fact]
    public void Real_step_produces_the_predicted_spike()
    {
        var (train, _) = Task(600, 0.1, 11);
        var o = new OneStepOptions { Width = 600, FirstBatch = 300, StepSize = 1, Ridge = 0.01, Seed = 11 };
        var model = OneStepLearner.Fit(train, o);
        var spike = SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0, 1, 0.5);
        Assert.InRange(model.SpikeOverlap, spike.Gamma - 0.05, spike.Gamma + 0.05);
        Assert.InRange(model.SpikeStrength, 0.9 * spike.R, 1.1 * spike.R);
        Assert.InRange(model.MeanRowNormSquared, 0.9 * (spike.C + spike.R * spike.R), 1.1 * (spike.C + spike.R * spike.R));
    }

    [Fact]
    public void Power_iteration_finds_the_singular_pair_of_a_rank_one_matrix()
    {
        int p = 7, d = 5;
        var u = new double[] { 1, -2, 0.5, 0, 3, 1, -1 };
        var v = new double[] { 0.6, 0, 0.8, 0, 0 };
        var a = new double[p * d];
        for (int j = 0; j < p; j++) for (int i = 0; i < d; i++) a[j * d + i] = u[j] * v[i];
        var (sigma, found) = OneStepLearner.TopRightSingular(a, p, d, new Rng(1), default);
        Assert.Equal(Math.Sqrt(u.Sum(x => x * x)), sigma, 8);
        Assert.Equal(1.0, Math.Abs(DenseMath.Dot(found, v)), 8);
    }

    // II.8.6 / II.8.8: direct sRF and plain RF simulations at d = p = 500 (3 seeds, 1500 test samples each: the test
    // feature map dominates the cost) against the MP theory.
    [Fact]
    public void Direct_sRF_and_plain_RF_match_the_theory_at_d_500()
    {
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Tanh, Ridge = 0.01 };
        var spike = SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0, 1, 0.5);
        double srfTheory = new SpikedRandomFeaturesTheory(spike, options).Solve(2).TestError;
        double rfTheory = new SpikedRandomFeaturesTheory(SpikedRfParameters.RandomFeatures, options).Solve(2).TestError;
        double srf = 0, rf = 0;
        long[] seeds = { 1, 2, 3 };
        foreach (long seed in seeds)
        {
            var (train, test) = Task(500, 2, seed, testSamples: 1500);
            var o = new OneStepOptions { Width = 500, FirstBatch = 250, StepSize = 1, Ridge = 0.01, Seed = seed };
            srf += Metrics.Evaluate(OneStepLearner.FitSpiked(train, spike, o), test).Mse / seeds.Length;
            rf += Metrics.Evaluate(OneStepLearner.Fit(train, o with { StepSize = 0 }), test).Mse / seeds.Length;
        }
        Assert.InRange(srf, srfTheory - 0.02, srfTheory + 0.02);
        Assert.InRange(rf, rfTheory - 0.015, rfTheory + 0.015);
    }

    [Fact]
    public void Direct_sRF_spike_has_overlap_gamma_and_same_seed_gives_same_model()
    {
        var (train, test) = Task(60, 1.5, 4);
        var spike = new SpikedRfParameters(0.8, 1.2, 0.6);
        var o = new OneStepOptions { Width = 40, Ridge = 0.1, Seed = 9 };
        var a = OneStepLearner.FitSpiked(train, spike, o);
        var b = OneStepLearner.FitSpiked(train, spike, o);
        Assert.Equal(0.6, a.SpikeOverlap, 10);
        Assert.Equal(a.Readout, b.Readout);
        var n1 = OneStepLearner.Fit(train, o);
        var n2 = OneStepLearner.Fit(train, o);
        Assert.Equal(n1.Weights, n2.Weights);
        Assert.Equal(Metrics.Evaluate(n1, test).Mse, Metrics.Evaluate(n2, test).Mse);
    }

    [Theory]
    [InlineData(61)]   // n = 60 < p: the learner solves the dual n×n system
    [InlineData(40)]   // n ≥ p: the primal p×p system
    public void Readout_equals_the_explicit_primal_ridge_solution(int width)
    {
        var (train, _) = Task(30, 2, 6);
        var small = train.Take(60);
        var model = OneStepLearner.FitSpiked(small, new SpikedRfParameters(0.5, 1, 0.9), new OneStepOptions { Width = width, Ridge = 0.3, Seed = 2 });
        int p = width, n = small.Count;
        // Naive loops: a = (ΦᵀΦ + λI)⁻¹ Φᵀy.
        var phi = new double[n * p];
        model.FeatureMap(small.X, n, phi);
        var gram = new double[p * p];
        var rhs = new double[p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
            {
                rhs[j] += phi[i * p + j] * small.Y[i];
                for (int k = 0; k < p; k++) gram[j * p + k] += phi[i * p + j] * phi[i * p + k];
            }
        var a = DenseMath.SolveRidge(gram, p, 0.3, rhs);
        for (int j = 0; j < p; j++) Assert.Equal(a[j], model.Readout[j], 7);
    }

    [Fact]
    public void Bad_inputs_get_stable_error_ids()
    {
        var (train, _) = Task(10, 1, 1);
        Assert.Equal("FeatureLearning.InvalidStepSize",
            Assert.Throws<FeatureLearningException>(() => OneStepLearner.Fit(train, new OneStepOptions { Width = 5, StepSize = double.NaN })).ErrorId);
        Assert.Equal("FeatureLearning.InvalidNoise",
            Assert.Throws<FeatureLearningException>(() => new SingleIndexGenerator(5, LinkFunction.Tanh, -1, 0)).ErrorId);
        // Data without a task gives its first n0 rows to the step; it must keep at least one for the readout.
        var orphan = new Dataset(train.X, train.Y, train.Dimension, null);
        Assert.Equal("FeatureLearning.InvalidSampleCount",
            Assert.Throws<FeatureLearningException>(() => OneStepLearner.Fit(orphan, new OneStepOptions { Width = 5, FirstBatch = orphan.Count })).ErrorId);
    }
}
