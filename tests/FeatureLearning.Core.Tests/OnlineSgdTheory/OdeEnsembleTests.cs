using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory.OnlineSgd;

namespace FeatureLearning.Core.Tests.OnlineSgdTheory;

public class OdeEnsembleTests
{
    // The two-cluster task with erf units has no plateau (R = 0 is not a fixed point), so the d → ∞ limit is regular there:
    // the ensemble must converge to the single ODE from the mean initial state, with a spread ∝ 1/√d. The second layer is
    // fixed at the start (its N(0, 1) draw is an O(1) randomness that does not shrink with d).
    private static readonly double[] SecondLayer = { 0.8, -0.5 };

    private static OnlineSgdOdeOptions Ode(double time, int monteCarlo = 2000) => new()
    {
        Kind = MixtureKind.TwoCluster, Snr = 2, Activation = Activation.Erf, LearningRate = 0.5, Time = time, Points = 3,
        MonteCarloSamples = monteCarlo, Seed = 4,
    };

    private static OdeEnsembleResult Ensemble(int dimension, int members, bool noise, double time = 4, int monteCarlo = 2000) =>
        OdeEnsemble.Run(Ode(time, monteCarlo), 2, new OdeEnsembleOptions
        {
            Members = members, Dimension = dimension, Seed = 9, SgdNoise = noise, SecondLayer = SecondLayer,
        });

    [Fact]
    public void At_large_d_the_ensemble_mean_is_the_single_ode_from_the_mean_initial_state()
    {
        // Mean initial state of a random init: R = 0, Q = I, v as given.
        var mean = new OrderParameters(2, 1, new double[2], new[] { 1.0, 0, 0, 1.0 }, (double[])SecondLayer.Clone());
        // N_MC = 20 000: the noisy members' steps are sums of dt·d real increments, so their drift is the exact mean, not
        // the Monte Carlo one; with 20 000 samples the two differ by ≈ 0.001.
        var single = new OnlineSgdOde(Ode(3, 20_000), 2).Integrate(mean);
        foreach (bool noise in new[] { false, true })
        {
            var large = Ensemble(200_000, 6, noise, time: 3, monteCarlo: 20_000).Summary;
            var small = Ensemble(100, 6, noise, time: 3).Summary;
            for (int p = 1; p < single.Count; p++)
            {
                // d = 2·10⁵: members within ~0.002 of each other; the O(1/d) bias of the mean is negligible.
                Assert.InRange(large[p].Mean.TestError - single[p].TestError, -0.003, 0.003);
                Assert.InRange(large[p].Mean.TestLoss - single[p].TestLoss, -0.003, 0.003);
                Assert.InRange(large[p].Mean.R[0] - single[p].R[0], -0.003, 0.003);
            }
            // And the comparison can fail: at d = 100 the members are visibly spread.
            Assert.True(small[1].TestErrorStd > 5 * large[1].TestErrorStd, $"spread {small[1].TestErrorStd} at d = 100 vs {large[1].TestErrorStd} at d = 2·10⁵");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_spread_of_the_members_shrinks_like_one_over_root_d(bool noise)
    {
        // Slope of log(std of the members' test error at t = 2) against log d over d = 400 … 25 600. With E = 48 members the
        // relative standard error of one std is 1/√(2·47) ≈ 0.10, so the least-squares slope over ln d ∈ [6.0, 10.2] has a
        // standard error ≈ 0.10/√Σ(ln d − mean)² ≈ 0.035 (less with the members' common streams across d); ±0.15 is > 4σ.
        int[] dimensions = { 400, 1600, 6400, 25600 };
        var x = dimensions.Select(d => Math.Log(d)).ToArray();
        var y = dimensions.Select(d => Math.Log(Ensemble(d, 48, noise, time: 2).Summary[^1].TestErrorStd)).ToArray();
        double mx = x.Average(), my = y.Average();
        double slope = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
        Assert.InRange(slope, -0.65, -0.35);
    }

    [Fact]
    public void The_result_does_not_depend_on_the_thread_count()
    {
        OdeEnsembleResult Run(int threads)
        {
            using var limit = Parallelism.Limit(threads);
            return Ensemble(300, 5, noise: true, time: 2);
        }
        var one = Run(1);
        var two = Run(2);
        for (int m = 0; m < one.Members.Count; m++)
            for (int p = 0; p < one.Members[m].Count; p++)
            {
                Assert.Equal(one.Members[m][p].R, two.Members[m][p].R);
                Assert.Equal(one.Members[m][p].Q, two.Members[m][p].Q);
            }
        Assert.Equal(one.Summary[^1].TestErrorStd, two.Summary[^1].TestErrorStd);
    }

    [Fact]
    public void Summary_statistics_are_those_of_the_members()
    {
        var result = Ensemble(200, 7, noise: false, time: 2);
        var errors = result.Members.Select(m => m[^1].TestError).OrderBy(e => e).ToArray();
        var point = result.Summary[^1];
        Assert.Equal(errors.Average(), point.Mean.TestError, 12);
        double mean = errors.Average();
        Assert.Equal(Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / 6), point.TestErrorStd, 12);
        Assert.Equal(errors[3], point.TestErrorMedian, 12);
        Assert.Equal(7, point.Members);
    }
}

public class SgdNoiseTests
{
    [Theory]
    [InlineData(MixtureKind.Xor, Activation.Relu, 3)]
    [InlineData(MixtureKind.TwoCluster, Activation.Erf, 2)]
    public void Noise_covariance_matches_the_spread_of_actual_sgd_steps(MixtureKind kind, Activation activation, int hidden)
    {
        // Independent computation: the variance of d × (change of the order parameters in one real SGD step of
        // TwoLayerNetTrainer), over fresh samples from one state, vs the variance of the noise increments × d/dt.
        const int d = 300, samples = 6000;
        const double lr = 0.6, dt = 0.1;
        var gen = new GaussianMixtureGenerator(d, 3, kind, seed: 5);
        var rng = new Rng(21);
        var w = new double[hidden * d];
        rng.FillGaussian(w, 0.8);
        for (int k = 0; k < hidden; k++)
            foreach (var e in gen.Directions)
            {
                double overlap = 0.9 * rng.NextGaussian();
                for (int i = 0; i < d; i++) w[k * d + i] += overlap * Math.Sqrt(d) * e[i];
            }
        var v = new double[hidden];
        rng.FillGaussian(v, 0.7);
        var net = new TwoLayerNet(d, hidden, activation, w, v);
        var start = OrderParameters.FromNet(net, gen.Directions);
        var options = new TwoLayerNetOptions
        {
            Hidden = hidden, Activation = activation, LearningRate = lr, Algorithm = TrainingAlgorithm.Sgd, Epochs = 1,
            HistoryPoints = 2, MonitorSamples = 0,
        };
        var data = ((IDataGenerator)gen).Sample(samples, new Rng(99));
        int n = start.R.Length + start.Q.Length + start.V.Length;
        var real = new double[samples][];
        for (int i = 0; i < samples; i++)
        {
            var one = new Dataset(data.Row(i).ToArray(), new[] { data.Y[i] }, d, gen);
            var after = OrderParameters.FromNet(TwoLayerNetTrainer.Fit(one, options, initial: net).Net, gen.Directions);
            real[i] = Difference(after, start, d);
        }
        var odeOptions = new OnlineSgdOdeOptions { Kind = kind, Snr = 3, Activation = activation, LearningRate = lr, MonteCarloSamples = 100_000, Seed = 2 };
        var ode = new OnlineSgdOde(odeOptions, hidden);
        var rates = ode.CreateRates();
        ode.Evaluate(start, rates);
        var noise = new SgdNoise(odeOptions, hidden, d, new Rng(5));
        Assert.Equal(30, noise.StepsIn(dt));
        var modelled = new double[samples][];
        for (int i = 0; i < samples; i++)
        {
            var state = start.Clone();
            noise.Add(start, rates, dt, state);
            modelled[i] = Difference(state, start, Math.Sqrt(d / dt)); // Var = dt·Σ/d
        }
        int checkedComponents = 0;
        for (int j = 0; j < n; j++)
        {
            var (va, sa) = Variance(real.Select(r => r[j]).ToArray());
            var (vb, sb) = Variance(modelled.Select(r => r[j]).ToArray());
            if (va < 1e-10 && vb < 1e-10) continue;
            checkedComponents++;
            // 5 standard errors of the two variance estimates, plus the O(1/d) terms one real step adds (e.g. ‖x‖²/d).
            Assert.True(Math.Abs(va - vb) < 5 * Math.Sqrt(sa * sa + sb * sb) + 0.03 * va, $"component {j}: SGD variance {va:G4} ± {sa:G2}, noise {vb:G4} ± {sb:G2}");
        }
        Assert.True(checkedComponents >= n - hidden); // every R, Q and v component that fluctuates was compared
    }

    /// <summary>(after − before) × scale, flattened as R, Q, v; Q's lower triangle mirrors its upper one.</summary>
    private static double[] Difference(OrderParameters after, OrderParameters before, double scale) =>
        after.R.Zip(before.R).Concat(after.Q.Zip(before.Q)).Concat(after.V.Zip(before.V)).Select(p => (p.First - p.Second) * scale).ToArray();

    /// <summary>Sample variance and its standard error √((m4 − σ⁴)/n).</summary>
    private static (double Variance, double StandardError) Variance(double[] x)
    {
        double mean = x.Average();
        double m2 = x.Sum(v => (v - mean) * (v - mean)) / x.Length;
        double m4 = x.Sum(v => Math.Pow(v - mean, 4)) / x.Length;
        return (m2, Math.Sqrt(Math.Max(0, m4 - m2 * m2) / x.Length));
    }
}
