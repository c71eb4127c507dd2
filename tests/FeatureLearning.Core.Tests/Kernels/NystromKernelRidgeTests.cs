using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace FeatureLearning.Core.Tests;

public class NystromKernelRidgeTests
{
    private static readonly IDataGenerator Task = new GaussianMixtureGenerator(12, 4.0, MixtureKind.TwoCluster, 3);
    private static readonly KernelSpec Rbf = new(KernelKind.Rbf, Gamma: 0.5);

    private static KernelRidgeOptions Nystrom(int? centres) => new() { Solver = KernelRidgeSolver.Nystrom, Centers = centres, Tolerance = 1e-10, Iterations = 500 };

    [Fact]
    public void With_every_training_point_as_a_centre_it_is_the_exact_solve()
    {
        var train = Task.Sample(300, new Rng(1));
        var test = Task.Sample(200, new Rng(2));
        var dense = KernelRidgeLearner.Fit(train, Rbf, 0.3, new KernelRidgeOptions { Solver = KernelRidgeSolver.Dense });
        var nystrom = KernelRidgeLearner.Fit(train, Rbf, 0.3, Nystrom(300));
        Assert.Equal(KernelRidgeSolver.Nystrom, nystrom.Solver);
        Assert.Equal(300, nystrom.TrainCount);
        var p1 = new double[test.Count]; var p2 = new double[test.Count];
        dense.Predict(test, p1);
        nystrom.Predict(test, p2);
        for (int i = 0; i < test.Count; i++) Assert.Equal(p1[i], p2[i], 1e-7);
    }

    [Fact]
    public void The_median_heuristic_works_for_every_n_including_those_where_n_squared_overflows_an_int()
    {
        // n(n − 1)/2 pairs: an int product wrapped negative at n = 50 000 (the main job's α = 100) and the pair buffer's
        // allocation threw OverflowException; at n = 100 000 it wrapped positive and passed, which hid it.
        IDataGenerator small = new GaussianMixtureGenerator(2, 4.0, MixtureKind.TwoCluster, 3);
        foreach (int n in new[] { 2, 3, 50_000 })
        {
            var train = small.Sample(n, new Rng(n));
            var model = KernelRidgeLearner.Fit(train, new KernelSpec(KernelKind.Rbf), 1.0, Nystrom(Math.Min(n, 20)));
            Assert.True(double.IsFinite(model.Kernel.Gamma) && model.Kernel.Gamma > 0, $"n = {n}: gamma {model.Kernel.Gamma}");
        }
    }

    [Fact]
    public void Conjugate_gradient_solves_the_Nystrom_system_like_a_direct_solve()
    {
        int n = 400, m = 60, d = Task.Dimension;
        double lambda = 0.7;
        var train = Task.Sample(n, new Rng(3));
        var model = KernelRidgeLearner.Fit(train, Rbf, lambda, Nystrom(m));
        // The same M-system, (K_nMᵀK_nM + λ K_MM) β = K_nMᵀ y, formed explicitly and solved by MathNet.
        var sq = KernelSpec.SquaredNorms(train.X, n, d);
        var knm = new double[n * m];
        Rbf.Matrix(train.X, sq, n, model.TrainX, KernelSpec.SquaredNorms(model.TrainX, m, d), m, d, knm);
        var kmm = new double[m * m];
        Rbf.Matrix(model.TrainX, KernelSpec.SquaredNorms(model.TrainX, m, d), m, model.TrainX, KernelSpec.SquaredNorms(model.TrainX, m, d), m, d, kmm);
        var k = Matrix<double>.Build.DenseOfRowMajor(n, m, knm);
        var h = k.TransposeThisAndMultiply(k) + lambda * Matrix<double>.Build.DenseOfRowMajor(m, m, kmm);
        var beta = h.Solve(k.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(train.Y)));
        Assert.True(model.Residual <= 1e-10, $"residual {model.Residual}");
        var fitted = k * Vector<double>.Build.DenseOfArray(model.Alpha);
        var direct = k * beta;
        for (int i = 0; i < n; i++) Assert.Equal(direct[i], fitted[i], 1e-6);
    }

    [Fact]
    public void Fewer_centres_approximate_the_exact_solve()
    {
        // A known approximation, not the exact solution: close in test error and in predictions, yet not equal.
        var train = Task.Sample(2000, new Rng(4));
        var test = Task.Sample(2000, new Rng(5));
        var dense = KernelRidgeLearner.Fit(train, Rbf, 1.0, new KernelRidgeOptions { Solver = KernelRidgeSolver.Dense });
        var nystrom = KernelRidgeLearner.Fit(train, Rbf, 1.0, new KernelRidgeOptions { Solver = KernelRidgeSolver.Nystrom, Centers = 200 });
        var e1 = Metrics.Evaluate(dense, test); var e2 = Metrics.Evaluate(nystrom, test);
        Assert.InRange(e2.Error - e1.Error, -0.01, 0.01);
        var p1 = new double[test.Count]; var p2 = new double[test.Count];
        dense.Predict(test, p1);
        nystrom.Predict(test, p2);
        double rms = Math.Sqrt(p1.Zip(p2, (a, b) => (a - b) * (a - b)).Average());
        Assert.InRange(rms, 1e-6, 0.1);
        Assert.InRange(nystrom.Iterations, 1, 100);
    }

    [Fact]
    public void Streamed_and_stored_products_are_identical_and_do_not_depend_on_the_thread_count()
    {
        int n = 2500, m = 40, d = Task.Dimension; // three row blocks, the last one partial
        var train = Task.Sample(n, new Rng(6));
        var sq = KernelSpec.SquaredNorms(train.X, n, d);
        var centres = train.X.AsSpan(0, m * d).ToArray();
        var u = new double[m];
        new Rng(7).FillGaussian(u);
        double[] Run(bool store, int threads)
        {
            using var limit = Parallelism.Limit(threads);
            var products = new NystromProducts(train, sq, Rbf, centres, sq.AsSpan(0, m).ToArray(), m, store, default);
            var w = new double[m];
            products.Apply(u, train.Y, w, default);
            return w;
        }
        var stored = Run(true, 2);
        Assert.Equal(stored, Run(false, 2));
        Assert.Equal(stored, Run(false, 1));
        // Against the plain sum Σ_i k_i (k_i·u + y_i).
        var knm = new double[n * m];
        Rbf.Matrix(train.X, sq, n, centres, sq.AsSpan(0, m).ToArray(), m, d, knm);
        for (int j = 0; j < m; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                double t = train.Y[i];
                for (int q = 0; q < m; q++) t += knm[i * m + q] * u[q];
                s += knm[i * m + j] * t;
            }
            Assert.Equal(s, stored[j], 1e-9 * Math.Max(1, Math.Abs(s)));
        }
    }

    [Fact]
    public void Auto_turns_to_Nystrom_where_the_dense_kernel_does_not_fit_and_Dense_says_so()
    {
        int n = KernelRidgeLearner.MaxDenseSamples() + 1;
        var x = new double[n];
        new Rng(8).FillGaussian(x);
        var y = x.Select(v => Math.Sign(v) + 0.0).ToArray();
        var data = new Dataset(x, y, 1, null);
        var ex = Assert.Throws<FeatureLearningException>(() =>
            KernelRidgeLearner.Fit(data, Rbf, 1.0, new KernelRidgeOptions { Solver = KernelRidgeSolver.Dense }));
        Assert.Equal("FeatureLearning.InsufficientMemory", ex.ErrorId);
        Assert.Contains("-Solver Nystrom", ex.Message);
        var model = KernelRidgeLearner.Fit(data, Rbf, 1.0, new KernelRidgeOptions { Centers = 30, Iterations = 20 });
        Assert.Equal(KernelRidgeSolver.Nystrom, model.Solver);
        Assert.Equal(n, model.FitSamples);
    }

    [Fact]
    public void Bad_settings_and_cancellation()
    {
        var train = Task.Sample(50, new Rng(9));
        foreach (var bad in new[] { new KernelRidgeOptions { Centers = 0 }, new KernelRidgeOptions { Iterations = 0 }, new KernelRidgeOptions { Tolerance = 1.5 } })
        {
            var ex = Assert.Throws<FeatureLearningException>(() => KernelRidgeLearner.Fit(train, Rbf, 1.0, bad));
            Assert.Equal("FeatureLearning.InvalidHyperParameter", ex.ErrorId);
        }
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            KernelRidgeLearner.Fit(train, Rbf, 1.0, Nystrom(20), new FitContext { Cancellation = cancelled.Token }));
    }
}
