using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace FeatureLearning.Core.Tests;

public class KernelTests
{
    [Fact]
    public void Closed_forms_at_known_points()
    {
        // s = x·x'/d and squared norms a², b² (all over d).
        Assert.Equal(0.3, new KernelSpec(KernelKind.Linear).Value(0.3, 1, 1), 14);
        Assert.Equal(Math.Pow(1.3, 3), new KernelSpec(KernelKind.Polynomial, Degree: 3, Coef0: 1).Value(0.3, 1, 1), 12);
        Assert.Equal(1.0, new KernelSpec(KernelKind.Rbf, Gamma: 2).Value(1.5, 1.5, 1.5), 14);
        Assert.Equal(Math.Exp(-2 * 1.4), new KernelSpec(KernelKind.Rbf, Gamma: 2).Value(0.3, 1, 1), 12);
        // Arc-cosine degree 1 at θ = 0 is ‖x‖²/(2d) = E[ReLU(z)²] ‖x‖²/d; at θ = π/2 it is ab/(2π).
        Assert.Equal(2.0 / 2, new KernelSpec(KernelKind.ArcCosine).Value(2.0, 2.0, 2.0), 12);
        Assert.Equal(1.0 / (2 * Math.PI), new KernelSpec(KernelKind.ArcCosine).Value(0.0, 1, 1), 12);
        Assert.Equal(0.25, new KernelSpec(KernelKind.ArcCosine0).Value(0.0, 1, 1), 12);
        // NTK on the diagonal: K1 + s K0 = s/2 + s/2 = s.
        Assert.Equal(1.7, new KernelSpec(KernelKind.Ntk).Value(1.7, 1.7, 1.7), 12);
    }

    [Fact]
    public void Arc_cosine_kernels_match_Monte_Carlo_over_random_relu_units()
    {
        // K1(x, x') = E_w[ReLU(w·x/√d) ReLU(w·x'/√d)], K0 = E_w[1{w·x>0} 1{w·x'>0}], w ~ N(0, I).
        int d = 5;
        var rng = new Rng(3);
        var x = new double[d]; var y = new double[d];
        rng.FillGaussian(x); rng.FillGaussian(y);
        double s = x.Zip(y, (a, b) => a * b).Sum() / d, aa = x.Sum(v => v * v) / d, bb = y.Sum(v => v * v) / d;
        const int samples = 2_000_000;
        double k1 = 0, k0 = 0;
        var w = new double[d];
        for (int i = 0; i < samples; i++)
        {
            rng.FillGaussian(w);
            double u = w.Zip(x, (a, b) => a * b).Sum() / Math.Sqrt(d), v = w.Zip(y, (a, b) => a * b).Sum() / Math.Sqrt(d);
            if (u > 0 && v > 0) { k1 += u * v; k0 += 1; }
        }
        Assert.Equal(k1 / samples, new KernelSpec(KernelKind.ArcCosine).Value(s, aa, bb), 2);
        Assert.Equal(k0 / samples, new KernelSpec(KernelKind.ArcCosine0).Value(s, aa, bb), 2);
    }

    [Fact]
    public void Kernel_ridge_coefficients_match_a_direct_dense_solve()
    {
        int n = 60, d = 4;
        IDataGenerator g = new GaussianMixtureGenerator(d, 2, MixtureKind.TwoCluster, 1);
        var data = g.Sample(n, new Rng(2));
        var spec = new KernelSpec(KernelKind.Rbf, Gamma: 0.7);
        var model = KernelRidgeLearner.Fit(data, spec, ridge: 0.5);
        var k = Matrix<double>.Build.Dense(n, n, (i, j) =>
        {
            double dist = 0;
            for (int t = 0; t < d; t++) { double diff = data.X[i * d + t] - data.X[j * d + t]; dist += diff * diff; }
            return Math.Exp(-0.7 * dist / d) + (i == j ? 0.5 : 0);
        });
        var alpha = k.Solve(Vector<double>.Build.DenseOfArray(data.Y));
        for (int i = 0; i < n; i++) Assert.Equal(alpha[i], model.Alpha[i], 8);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e-3)]
    public void Training_predictions_from_the_fit_match_the_kernel_sum(double ridge)
    {
        // Predict on the training set itself uses K·α = y − λα from the solve; a copy of the same points (another
        // array) goes through the kernel matrix. Both must give Σ_j k(x_i, x_j) α_j.
        int n = 700, d = 30; // crosses the 256-row tiles and the 256 Cholesky leaves
        IDataGenerator g = new GaussianMixtureGenerator(d, 2, MixtureKind.TwoCluster, 1);
        var data = g.Sample(n, new Rng(3));
        var model = KernelRidgeLearner.Fit(data, new KernelSpec(KernelKind.Rbf, Gamma: 0.7), ridge);
        var fromFit = new double[n];
        model.Predict(data, fromFit);
        var copy = new Dataset((double[])data.X.Clone(), (double[])data.Y.Clone(), d, null);
        var explicitSum = new double[n];
        model.Predict(copy, explicitSum);
        double scale = explicitSum.Max(Math.Abs);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(fromFit[i] - explicitSum[i]) <= 1e-9 * scale, $"row {i}: {fromFit[i]} vs {explicitSum[i]}");
        // Not the labels themselves: the ridge shrinks the fit.
        Assert.True(fromFit.Zip(data.Y).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
    }

    [Fact]
    public void Dense_kernel_refuses_a_size_that_does_not_fit_in_memory()
    {
        int limit = KernelRidgeLearner.MaxDenseSamples();
        Assert.InRange(limit, 1000, 1_000_000);
    }
}
