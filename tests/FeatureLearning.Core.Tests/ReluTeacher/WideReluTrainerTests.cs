using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Persistence;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.ReluTeacher;

namespace FeatureLearning.Core.Tests.ReluTeacher;

public class WideReluTrainerTests
{
    private static Dataset Task(int d, int n, long seed = 1, TeacherWeightKind kind = TeacherWeightKind.Uniform) =>
        ((IDataGenerator)new AbsTeacherGenerator(d, kind, 0, seed)).Sample(n, Rng.ForStream(seed, 1));

    private static double HalfLoss(WideReluNet net, Dataset data)
    {
        var f = new double[data.Count];
        net.Predict(data, f);
        double s = 0;
        for (int i = 0; i < f.Length; i++) s += (f[i] - data.Y[i]) * (f[i] - data.Y[i]);
        return s / (2 * data.Count);
    }

    [Fact]
    public void Batched_gradient_matches_finite_differences()
    {
        var data = Task(3, 37);
        var net = WideReluTrainer.Initialise(3, new WideReluOptions { Width = 5, InitScale = 1.0, Seed = 2 });
        // A chunk of 8 rows forces several GEMM blocks to be summed.
        var work = new WideReluTrainer.Workspace(net.Width, 3, chunk: 8);
        var rows = Enumerable.Range(0, data.Count).ToArray();
        double sse = work.Gradient(net, data, rows, default);
        Assert.Equal(2 * HalfLoss(net, data), sse / data.Count, 12);
        const double h = 1e-6;
        void Check(double[] p, double[] g)
        {
            for (int k = 0; k < p.Length; k++)
            {
                double keep = p[k];
                p[k] = keep + h; double up = HalfLoss(net, data);
                p[k] = keep - h; double down = HalfLoss(net, data);
                p[k] = keep;
                Assert.Equal((up - down) / (2 * h), g[k], 1e-8);   // a tolerance: rounding both to 7 decimals failed on a 1e-10 difference
            }
        }
        Check(net.W, work.GradW);
        Check(net.A, work.GradA);
    }

    [Fact]
    public void Batched_gradient_over_several_row_tiles_and_unit_blocks_equals_the_per_sample_sum()
    {
        // m = 150 (three blocks of 64 units, the last partial), 300 rows in chunks of 128 (GEMM blocks 128, 128, 44, each
        // cut into tiles of 64 rows), a shuffled row order: every edge of the batched loops, against a plain per-sample sum.
        int d = 5, m = 150, n = 300;
        var data = Task(d, n, seed: 4);
        var net = WideReluTrainer.Initialise(d, new WideReluOptions { Width = m, InitScale = 1.0, Seed = 5 });
        var rows = Enumerable.Range(0, n).ToArray();
        Rng.ForStream(6, 1).Shuffle(rows);
        var work = new WideReluTrainer.Workspace(m, d, chunk: 128);
        double sse = work.Gradient(net, data, rows, default);

        var gradW = new double[m * d];
        var gradA = new double[m];
        double expectedSse = 0;
        foreach (int i in rows)
        {
            var x = data.X.AsSpan(i * d, d);
            var z = new double[m];
            double f = 0;
            for (int j = 0; j < m; j++)
            {
                for (int k = 0; k < d; k++) z[j] += net.W[j * d + k] * x[k];
                if (z[j] > 0) f += net.A[j] * z[j];
            }
            double e = f - data.Y[i];
            expectedSse += e * e;
            for (int j = 0; j < m; j++)
            {
                if (z[j] <= 0) continue;
                gradA[j] += e * z[j] / n;
                for (int k = 0; k < d; k++) gradW[j * d + k] += e * net.A[j] * x[k] / n;
            }
        }
        Assert.Equal(expectedSse, sse, 1e-10 * expectedSse);
        double scale = gradW.Concat(gradA).Max(Math.Abs);
        Assert.True(scale > 0);
        for (int k = 0; k < gradW.Length; k++) Assert.Equal(gradW[k], work.GradW[k], 1e-12 * scale);
        for (int j = 0; j < m; j++) Assert.Equal(gradA[j], work.GradA[j], 1e-12 * scale);
    }

    [Fact]
    public void Gradient_descent_with_a_vanishing_learning_rate_leaves_the_net_at_its_initialisation()
    {
        var data = Task(6, 200);
        var o = new WideReluOptions { Width = 40, Epochs = 5, LearningRate = 1e-14, HistoryPoints = 1, MonitorSamples = 0, Seed = 3 };
        var fit = WideReluTrainer.Fit(data, o);
        // Five steps of size 1e-14 move a weight by at most 5e-14·|gradient| (gradients here are O(1)).
        for (int k = 0; k < fit.Net.W.Length; k++) Assert.True(Math.Abs(fit.Initial.W[k] - fit.Net.W[k]) < 1e-11);
        for (int k = 0; k < fit.Net.A.Length; k++) Assert.True(Math.Abs(fit.Initial.A[k] - fit.Net.A[k]) < 1e-11);
        Assert.NotEqual(fit.Initial.W, fit.Net.W);       // but it did take the steps
        Assert.Equal(5, fit.Steps);                      // full batch: one step per epoch
    }

    [Fact]
    public void One_gradient_descent_step_moves_the_weights_by_minus_eta_times_the_gradient()
    {
        var data = Task(4, 50);
        var o = new WideReluOptions { Width = 6, Epochs = 1, LearningRate = 0.3, WeightDecay = 0.2, HistoryPoints = 1, MonitorSamples = 0, Seed = 4 };
        var fit = WideReluTrainer.Fit(data, o);
        var work = new WideReluTrainer.Workspace(6, 4, 64);
        work.Gradient(fit.Initial, data, Enumerable.Range(0, 50).ToArray(), default);
        for (int k = 0; k < fit.Net.W.Length; k++)
            Assert.Equal(fit.Initial.W[k] - 0.3 * (work.GradW[k] + 0.2 * fit.Initial.W[k]), fit.Net.W[k], 13);
        for (int k = 0; k < 6; k++)
            Assert.Equal(fit.Initial.A[k] - 0.3 * (work.GradA[k] + 0.2 * fit.Initial.A[k]), fit.Net.A[k], 13);
    }

    [Theory]
    [InlineData(WideReluAlgorithm.GradientDescent)]
    [InlineData(WideReluAlgorithm.Adam)]
    public void A_second_stage_with_factor_one_is_the_one_stage_run_bit_for_bit(WideReluAlgorithm algorithm)
    {
        // The limit c = 1 of the two-stage schedule: the switch at T1 must change nothing else (no reset of Adam's moments).
        var data = Task(5, 120);
        var one = new WideReluOptions { Width = 12, Epochs = 8, Algorithm = algorithm, LearningRate = 0.05, BatchSize = 32, HistoryPoints = 2, MonitorSamples = 0, Seed = 6 };
        var two = one with { StageOneEpochs = 3, StageTwoFactor = 1 };
        var a = WideReluTrainer.Fit(data, one);
        var b = WideReluTrainer.Fit(data, two);
        Assert.Equal(a.Net.W, b.Net.W);
        Assert.Equal(a.Net.A, b.Net.A);
        // and a factor ≠ 1 does change the run (the comparison has power)
        var c = WideReluTrainer.Fit(data, one with { StageOneEpochs = 3, StageTwoFactor = 0.5 });
        Assert.NotEqual(a.Net.W, c.Net.W);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Two_stage_gradient_descent_takes_steps_of_eta_until_T1_and_of_c_eta_after(int t1)
    {
        // Two GD steps replayed by hand from the initialisation: w ← w − η_t ∇L(w), η_t = η for t < T1, c·η after.
        var data = Task(4, 60);
        const double eta = 0.4, c = 0.25;
        var o = new WideReluOptions { Width = 7, Epochs = 2, LearningRate = eta, StageOneEpochs = t1, StageTwoFactor = c, HistoryPoints = 2, MonitorSamples = 0, Seed = 7 };
        var fit = WideReluTrainer.Fit(data, o);
        var rows = Enumerable.Range(0, data.Count).ToArray();
        var net = new WideReluNet(4, (double[])fit.Initial.W.Clone(), (double[])fit.Initial.A.Clone());
        var work = new WideReluTrainer.Workspace(7, 4, 64);
        for (int t = 0; t < 2; t++)
        {
            double rate = t < t1 ? eta : c * eta;
            work.Gradient(net, data, rows, default);
            for (int k = 0; k < net.W.Length; k++) net.W[k] -= rate * work.GradW[k];
            for (int k = 0; k < net.A.Length; k++) net.A[k] -= rate * work.GradA[k];
        }
        for (int k = 0; k < net.W.Length; k++) Assert.Equal(net.W[k], fit.Net.W[k], 1e-13);
        for (int k = 0; k < net.A.Length; k++) Assert.Equal(net.A[k], fit.Net.A[k], 1e-13);
        // the history reports the rate in force at each checkpoint
        Assert.Equal(new[] { 0 < t1 ? eta : c * eta, 1 < t1 ? eta : c * eta, 2 < t1 ? eta : c * eta }, fit.History.Select(p => p.LearningRate));
    }

    [Fact]
    public void Fixed_second_layer_keeps_a()
    {
        var fit = WideReluTrainer.Fit(Task(5, 100), new WideReluOptions
        {
            Width = 20, Epochs = 3, Algorithm = WideReluAlgorithm.Sgd, BatchSize = 16, FixedSecondLayer = true, MonitorSamples = 0, Seed = 5,
        });
        Assert.Equal(fit.Initial.A, fit.Net.A);
        Assert.NotEqual(fit.Initial.W, fit.Net.W);
        Assert.Equal(3 * 7, fit.Steps);                 // ⌈100/16⌉ = 7 minibatches per epoch
    }

    [Theory]
    [InlineData(WideReluAlgorithm.GradientDescent)]
    [InlineData(WideReluAlgorithm.Sgd)]
    [InlineData(WideReluAlgorithm.Adam)]
    public void Same_seed_gives_bit_identical_weights_on_one_thread_and_on_all(WideReluAlgorithm algorithm)
    {
        var data = Task(12, 600);
        var o = new WideReluOptions { Width = 300, Epochs = 4, Algorithm = algorithm, BatchSize = 128, HistoryPoints = 2, Seed = 6 };
        WideReluFit serial;
        using (Parallelism.Limit(1)) serial = WideReluTrainer.Fit(data, o);
        var parallel = WideReluTrainer.Fit(data, o);
        Assert.Equal(serial.Net.W, parallel.Net.W);
        Assert.Equal(serial.Net.A, parallel.Net.A);
        Assert.Equal(serial.History.Select(p => p.MonitorMse), parallel.History.Select(p => p.MonitorMse));
    }

    [Fact]
    public void An_untrained_first_layer_is_not_aligned_with_the_teacher()
    {
        const int d = 32, m = 512;
        var g = new AbsTeacherGenerator(d, TeacherWeightKind.Uniform, 0, 7);
        var net = WideReluTrainer.Initialise(d, new WideReluOptions { Width = m, Seed = 8 });
        var cos = TeacherAlignment.AbsCosines(net.W, m, d, g.Directions);
        // For a Gaussian w_j, cos²(w_j, w*_i) ~ Beta(1/2, (d − 1)/2): mean 1/d; over m·d = 16384 pairs the mean is 1/d ± 1.1%.
        double meanSquare = cos.Average(c => c * c);
        Assert.InRange(meanSquare * d, 0.95, 1.05);
        // P(|cos| > 0.9) = P(Beta(1/2, 31/2) > 0.81) < 1e-10 per pair, so no unit of a random net passes the alignment threshold.
        var per = TeacherAlignment.PerDirection(net.W, net.A, d, g.Directions);
        Assert.All(per, p => Assert.True(p.MaxCosine < TeacherAlignment.LearnedCosine));
        Assert.Equal(0.0, TeacherAlignment.AlignedMass(net.W, net.A, d, g.Directions));
    }

    [Fact]
    public void Alignment_of_a_net_built_from_the_teacher_is_one()
    {
        // |z| = ReLU(z) + ReLU(−z): the width-2d net with rows ±w*_i and a_i reproduces f* exactly.
        var g = new AbsTeacherGenerator(5, TeacherWeightKind.Random, 0, 9);
        var w = g.Directions.Concat(g.Directions.Select(v => v.Select(c => -c).ToArray())).SelectMany(v => v).ToArray();
        var net = new WideReluNet(5, w, g.A.Concat(g.A).ToArray());
        var test = ((IDataGenerator)g).Sample(1000, new Rng(2));
        Assert.True(Metrics.Evaluate(net, test).Mse < 1e-24);
        Assert.All(TeacherAlignment.PerDirection(net.W, net.A, 5, g.Directions), p => Assert.Equal(1.0, p.MaxCosine, 12));
        Assert.Equal(1.0, TeacherAlignment.AlignedMass(net.W, net.A, 5, g.Directions), 12);
    }

    [Fact]
    public void A_small_over_parametrised_net_goes_below_the_kernel_floor_and_aligns_with_every_teacher_row()
    {
        const int d = 8;
        var g = new AbsTeacherGenerator(d, TeacherWeightKind.Uniform, 0, 10);
        var train = ((IDataGenerator)g).Sample(1024, Rng.ForStream(10, 1));
        var fit = WideReluTrainer.Fit(train, new WideReluOptions
        {
            Width = 128, Algorithm = WideReluAlgorithm.Adam, LearningRate = 0.002, InitScale = 0.01, Epochs = 60, BatchSize = 64, Seed = 10,
            HistoryPoints = 3,
        });
        var test = ((IDataGenerator)g).Sample(5000, new Rng(99));
        double mse = Metrics.Evaluate(fit.Net, test).Mse;
        Assert.True(mse < 0.2 * g.KernelFloorMse, $"d·MSE {d * mse:G3} vs floor {d * g.KernelFloorMse:G3}");
        Assert.All(TeacherAlignment.PerDirection(fit.Net.W, fit.Net.A, d, g.Directions), p => Assert.True(p.MaxCosine > 0.9, $"direction {p.Direction}: {p.MaxCosine:F3}"));
        Assert.True(fit.History[0].MinAlignment < 0.9);
    }

    [Fact]
    public void A_huge_learning_rate_is_reported_as_divergence()
    {
        var e = Assert.Throws<DivergenceException>(() => WideReluTrainer.Fit(Task(6, 100), new WideReluOptions
        {
            Width = 50, InitScale = 1, LearningRate = 1e6, Epochs = 50, HistoryPoints = 50, MonitorSamples = 0,
        }));
        Assert.Equal("FeatureLearning.Diverged", e.ErrorId);
    }

    public static IEnumerable<object[]> BadOptions() => new[]
    {
        new object[] { new WideReluOptions { Width = 0 } },
        new object[] { new WideReluOptions { Width = 100_000_000 } },
        new object[] { new WideReluOptions { InitScale = double.NaN } },
        new object[] { new WideReluOptions { InitScale = 0 } },
        new object[] { new WideReluOptions { LearningRate = -1 } },
        new object[] { new WideReluOptions { LearningRate = double.PositiveInfinity } },
        new object[] { new WideReluOptions { Epochs = -1 } },
        new object[] { new WideReluOptions { BatchSize = 0 } },
        new object[] { new WideReluOptions { WeightDecay = double.NaN } },
        new object[] { new WideReluOptions { StageTwoFactor = 0 } },
        new object[] { new WideReluOptions { SecondLayerInitScale = -1 } },
        new object[] { new WideReluOptions { FixedSecondLayer = true, SecondLayerInitScale = 0 } },
        new object[] { new WideReluOptions { HistoryPoints = 0 } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_hyper_parameters_are_rejected(WideReluOptions o)
    {
        var e = Assert.Throws<FeatureLearningException>(() => WideReluTrainer.Fit(Task(4, 10), o));
        Assert.Equal("FeatureLearning.InvalidHyperParameter", e.ErrorId);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            WideReluTrainer.Fit(Task(4, 50), new WideReluOptions { Width = 10, Epochs = 100 }, new FitContext { Cancellation = cts.Token }));
    }
}
