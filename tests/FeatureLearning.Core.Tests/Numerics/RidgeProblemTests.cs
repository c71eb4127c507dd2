using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace FeatureLearning.Core.Tests;

/// <summary>
/// The ridge grid from one set of matrices (kernel, cross-kernel, normal equations built once) against a solve per
/// ridge: the same solutions, and the kernel-ridge search picks what a fit per grid value picks.
/// </summary>
public class RidgeProblemTests
{
    [Fact]
    public void Each_ridge_solves_the_shifted_system_like_a_direct_solve()
    {
        int n = 300;
        var x = new double[n * 40];
        new Rng(1).FillGaussian(x);
        var s = new double[n * n];
        DenseMath.Gram(x, n, 40, s); // rank 40: only the ridge makes it definite
        var r = new double[n];
        new Rng(2).FillGaussian(r);
        var problem = new RidgeProblem(s, n, r, 1e-10, v => v);
        var sm = Matrix<double>.Build.Dense(n, n, (i, j) => s[i * n + j]);
        foreach (double lambda in new[] { 1e-3, 0.1, 10.0 })
        {
            var expected = (sm + lambda * Matrix<double>.Build.DenseIdentity(n)).Solve(Vector<double>.Build.DenseOfArray(r));
            var x1 = problem.Solve(lambda);
            for (int i = 0; i < n; i++) Assert.Equal(expected[i], x1[i], 1e-7 * Math.Max(1, Math.Abs(expected[i])));
        }
        Assert.Equal(1e-10 * Enumerable.Range(0, n).Sum(i => s[i * n + i]) / n, problem.EffectiveRidge(0), 1e-15);
    }

    [Theory]
    [InlineData(KernelKind.Rbf)]
    [InlineData(KernelKind.Ntk)]
    public void Kernel_ridge_search_matches_a_fit_per_grid_value(KernelKind kind)
    {
        IDataGenerator task = new GaussianMixtureGenerator(30, 2, MixtureKind.Xor, seed: 2);
        var data = task.Sample(700, Rng.ForStream(2, 1));
        var kernel = new KernelSpec(kind, Gamma: 1.0);
        int d = data.Dimension;
        // The search by a full fit and a Predict per grid value (the definition of the criterion).
        double perValue = RidgeGrid.SelectRelative(data, (mTrain, lambda) =>
        {
            var train = new Dataset(data.X.AsSpan(0, mTrain * d).ToArray(), data.Y.AsSpan(0, mTrain).ToArray(), d, null);
            var model = KernelRidgeLearner.Fit(train, kernel, lambda, new KernelRidgeOptions { Solver = KernelRidgeSolver.Dense });
            var val = new Dataset(data.X.AsSpan(mTrain * d).ToArray(), data.Y.AsSpan(mTrain).ToArray(), d, null);
            var prediction = new double[val.Count];
            model.Predict(val, prediction);
            return prediction;
        });
        var chosen = KernelRidgeLearner.Fit(data, kernel, ridge: null);
        Assert.Equal(perValue * data.Count, chosen.Ridge);
    }

    [Fact]
    public void Random_features_search_gives_the_readout_of_a_direct_solve_at_the_chosen_ridge()
    {
        IDataGenerator task = new GaussianMixtureGenerator(20, 2, MixtureKind.TwoCluster, seed: 3);
        var data = task.Sample(500, Rng.ForStream(3, 1));
        foreach (int p in new[] { 50, 700 }) // primal (400 ≥ P) and dual (400 < P) on the validation split
        {
            var chosen = RandomFeaturesLearner.Fit(data, new RandomFeaturesOptions { Features = p, Seed = 4 });
            var direct = RandomFeaturesLearner.Fit(data, new RandomFeaturesOptions { Features = p, Seed = 4, Ridge = chosen.Ridge });
            Assert.Equal(direct.Readout, chosen.Readout);
            Assert.Contains(chosen.Ridge / data.Count, RidgeGrid.RelativeGrid);
        }
    }
}
