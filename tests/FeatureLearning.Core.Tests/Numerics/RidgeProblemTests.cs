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
        var rv = Vector<double>.Build.DenseOfArray(r);
        foreach (double lambda in new[] { 1e-3, 0.1, 10.0 })
        {
            var a = sm + lambda * Matrix<double>.Build.DenseIdentity(n);
            var expected = a.Solve(rv);
            var x1 = Vector<double>.Build.DenseOfArray(problem.Solve(lambda));
            // Backward stable: the residual is rounding-sized against ‖A‖‖x‖ (a wrong solve leaves one of order ‖r‖).
            double residual = (a * x1 - rv).L2Norm(), residualExpected = (a * expected - rv).L2Norm();
            Assert.True(residual <= 1e-13 * a.FrobeniusNorm() * x1.L2Norm(), $"λ = {lambda}: residual {residual:E2}");
            // Forward: ‖x1 − x*‖ ≤ ‖A⁻¹‖·‖A x1 − r‖ with ‖A⁻¹‖ ≤ 1/λ, so two solutions differ by at most the sum of their
            // residuals over λ (at λ = 10⁻³, cond(A) ≈ 6·10⁵: the two solves' rounding alone moves x by ~10⁻⁷).
            Assert.True((x1 - expected).L2Norm() <= (residual + residualExpected) / lambda + 1e-12 * expected.L2Norm(),
                $"λ = {lambda}: ‖x − x*‖ = {(x1 - expected).L2Norm():E2}, bound {(residual + residualExpected) / lambda:E2}");
            if (lambda >= 0.1) // well conditioned: entrywise agreement
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
