using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Persistence;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.ReluTeacher;

namespace FeatureLearning.Core.Tests.ReluTeacher;

public class AbsTeacherGeneratorTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(16, 4)]
    [InlineData(64, 5)]
    public void WStar_is_orthonormal(int d, long seed)
    {
        var g = new AbsTeacherGenerator(d, TeacherWeightKind.Uniform, 0, seed);
        for (int i = 0; i < d; i++)
            for (int k = 0; k < d; k++)
                Assert.Equal(i == k ? 1.0 : 0.0, DenseMath.Dot(g.Directions[i], g.Directions[k]), 12);
    }

    [Fact]
    public void Random_weights_are_non_negative_with_unit_l1_norm_and_uniform_weights_are_one_over_d()
    {
        var random = new AbsTeacherGenerator(10, TeacherWeightKind.Random, 0, 2);
        Assert.All(random.A, a => Assert.True(a >= 0));
        Assert.Equal(1.0, random.A.Sum(), 12);
        Assert.NotEqual(random.A[0], random.A[1]);
        Assert.All(new AbsTeacherGenerator(10, TeacherWeightKind.Uniform, 0, 2).A, a => Assert.Equal(0.1, a, 15));
    }

    /// <summary>E|z|·He_k(z) for even k by Simpson's rule on [0, 12] (the integrand is even: twice the half line); independent of the closed forms.</summary>
    private static double AbsHermiteMoment(int k)
    {
        const int intervals = 200_000;
        double h = 12.0 / intervals, sum = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double z = i * h;
            double weight = i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2;
            sum += weight * z * Hermite.Probabilists(k, z) * Math.Exp(-z * z / 2);
        }
        return 2 * sum * h / 3 / Math.Sqrt(2 * Math.PI);
    }

    [Fact]
    public void Hermite_shares_of_abs_match_numerical_integration()
    {
        double mean = AbsHermiteMoment(0);
        Assert.Equal(AbsoluteValueHermite.Mean, mean, 9);
        double c2 = AbsHermiteMoment(2), c4 = AbsHermiteMoment(4), c6 = AbsHermiteMoment(6);
        Assert.Equal(AbsoluteValueHermite.QuadraticShare, c2 * c2 / 2, 9);          // ‖He2‖² = 2!
        Assert.Equal(AbsoluteValueHermite.SquaredCoefficient(4), c4 * c4 / 24, 9);
        Assert.Equal(AbsoluteValueHermite.SquaredCoefficient(6), c6 * c6 / 720, 9);
        Assert.Equal(1 - 2 / Math.PI, 1 - mean * mean, 9);                          // E|z|² = 1
        Assert.Equal(AbsoluteValueHermite.HigherOrderShare, 1 - mean * mean - c2 * c2 / 2, 9);
        Assert.Equal(AbsoluteValueHermite.HigherOrderShare - c4 * c4 / 24, AbsoluteValueHermite.TailShare(6), 9);
    }

    [Fact]
    public void Target_variance_by_Monte_Carlo_matches_the_closed_form()
    {
        var g = new AbsTeacherGenerator(8, TeacherWeightKind.Random, 0, 11);
        var data = ((IDataGenerator)g).Sample(400_000, new Rng(5));
        double mean = data.Y.Average();
        double variance = data.Y.Select(y => (y - mean) * (y - mean)).Average();
        // f* is a sum of independent |z| terms: its fourth moment is mild, so 400k samples give a relative error of about 0.3%.
        Assert.InRange(variance / g.TargetVariance, 0.985, 1.015);
        Assert.InRange(mean / (AbsoluteValueHermite.Mean * g.A.Sum()), 0.997, 1.003);
        Assert.Equal(g.A.Sum(a => a * a) * (1 - 2 / Math.PI), g.TargetVariance, 14);
    }

    [Fact]
    public void The_best_quadratic_predictor_leaves_the_higher_order_variance()
    {
        // Regress y on the oracle features 1 and He2(w*_i·x): the residual MSE should be Σ a_i²(1 − 3/π), the kernel floor.
        var g = new AbsTeacherGenerator(4, TeacherWeightKind.Random, 0, 3);
        int n = 300_000, d = 4, p = d + 1;
        var data = ((IDataGenerator)g).Sample(n, new Rng(6));
        var gram = new double[p * p];
        var rhs = new double[p];
        var phi = new double[p];
        void Features(int r)
        {
            phi[0] = 1;
            for (int i = 0; i < d; i++) { double z = DenseMath.Dot(g.Directions[i], data.Row(r)); phi[i + 1] = z * z - 1; }
        }
        for (int r = 0; r < n; r++)
        {
            Features(r);
            for (int a = 0; a < p; a++) { rhs[a] += phi[a] * data.Y[r]; for (int b = 0; b < p; b++) gram[a * p + b] += phi[a] * phi[b]; }
        }
        var beta = DenseMath.SolveRidge(gram, p, 0, rhs);
        double sse = 0;
        for (int r = 0; r < n; r++) { Features(r); double e = DenseMath.Dot(beta, phi) - data.Y[r]; sse += e * e; }
        Assert.InRange(sse / n / g.KernelFloorMse, 0.98, 1.02);
        Assert.True(g.KernelFloorMse < 0.2 * g.NullMse);
    }

    [Fact]
    public void Given_weights_are_used_as_given_and_noise_adds_its_variance()
    {
        var g = new AbsTeacherGenerator(3, TeacherWeightKind.Given, 0.5, 1, new[] { 0.0, 2.0, 1.0 });
        var x = new[] { 0.3, -1.2, 2.0 };
        double expected = 2 * Math.Abs(DenseMath.Dot(g.Directions[1], x)) + Math.Abs(DenseMath.Dot(g.Directions[2], x));
        Assert.Equal(expected, g.Target(x), 13);
        Assert.Equal(0.25, g.BayesError, 15);
        Assert.Equal(g.TargetVariance + 0.25, g.NullMse, 15);
    }

    [Theory]
    [InlineData(new[] { 1.0, -0.5 })]
    [InlineData(new[] { 1.0 })]
    [InlineData(new[] { 0.0, 0.0 })]
    [InlineData(new[] { double.NaN, 1.0 })]
    public void Bad_given_weights_are_rejected(double[] a)
    {
        var e = Assert.Throws<FeatureLearningException>(() => new AbsTeacherGenerator(2, TeacherWeightKind.Given, 0, 1, a));
        Assert.Equal("FeatureLearning.InvalidTeacherWeights", e.ErrorId);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(2000, 0.0)]
    [InlineData(4, -1.0)]
    [InlineData(4, double.PositiveInfinity)]
    public void Bad_dimension_or_noise_is_rejected(int d, double noise)
    {
        var e = Assert.Throws<FeatureLearningException>(() => new AbsTeacherGenerator(d, TeacherWeightKind.Uniform, noise, 1));
        Assert.StartsWith("FeatureLearning.Invalid", e.ErrorId);
    }

    [Theory]
    [InlineData(TeacherWeightKind.Uniform)]
    [InlineData(TeacherWeightKind.Random)]
    public void Generator_round_trips_through_a_dataset_file(TeacherWeightKind kind)
    {
        var g = new AbsTeacherGenerator(6, kind, 0.1, 9);
        var data = ((IDataGenerator)g).Sample(20, new Rng(1));
        string path = Path.Combine(Path.GetTempPath(), $"fl-teacher-{Guid.NewGuid():N}.json");
        try
        {
            FeatureLearningFile.SaveDataset(data, path);
            var loaded = Assert.IsType<AbsTeacherGenerator>(FeatureLearningFile.LoadDataset(path).Generator);
            Assert.Equal(g.WStar, loaded.WStar);
            Assert.Equal(g.A, loaded.A);
            Assert.Equal(kind, loaded.WeightKind);
            Assert.Equal(g.Noise, loaded.Noise);
        }
        finally { File.Delete(path); }
    }
}
