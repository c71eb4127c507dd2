using FeatureLearning.Core.Data;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests.MultiIndex;

public class MultiIndexGeneratorTests
{
    [Fact]
    public void U_has_orthonormal_rows()
    {
        var g = new MultiIndexGenerator(30, 3, 3, 0.0, seed: 4);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                Assert.Equal(a == b ? 1.0 : 0.0, DenseMath.Dot(g.Directions[a], g.Directions[b]), 12);
    }

    [Theory]
    [InlineData(2, 3, 1)]
    [InlineData(2, 4, 2)]
    [InlineData(3, 3, 3)]
    public void Target_variance_is_one_by_Monte_Carlo(int rank, int degree, long seed)
    {
        var g = new MultiIndexGenerator(12, rank, degree, 0.0, seed);
        Assert.Equal(1.0, g.TargetVariance, 12);
        var data = ((IDataGenerator)g).Sample(200_000, new Rng(seed + 10));
        double mean = data.Y.Average();
        double variance = data.Y.Select(y => (y - mean) * (y - mean)).Average();
        // The sample variance of a degree-4 polynomial has a heavy tail: 200k samples give about ±2% at 3 sigma.
        Assert.InRange(variance, 0.95, 1.05);
        Assert.InRange(mean, -0.02, 0.02);
    }

    [Fact]
    public void User_terms_are_rescaled_to_unit_variance_and_evaluated_as_Hermite_products()
    {
        // g = 3·z1 z2 + 4·h3(z1): raw variance 9 + 16 = 25, scale 1/5.
        var terms = new[] { new MultiIndexTerm(3, new[] { 1, 1 }), new MultiIndexTerm(4, new[] { 3, 0 }) };
        var g = new MultiIndexGenerator(8, 2, 3, 0.0, seed: 2, terms: terms);
        var x = new double[8];
        new Rng(3).FillGaussian(x);
        double z1 = DenseMath.Dot(g.Directions[0], x), z2 = DenseMath.Dot(g.Directions[1], x);
        double expected = (3 * z1 * z2 + 4 * (z1 * z1 * z1 - 3 * z1) / Math.Sqrt(6)) / 5;
        Assert.Equal(expected, g.Target(x), 12);
    }

    [Fact]
    public void Random_head_has_a_full_rank_expected_Hessian_and_the_stated_degree_shares()
    {
        var g = new MultiIndexGenerator(20, 3, 4, 0.0, seed: 7);
        var shares = g.DegreeShares();
        Assert.Equal(MultiIndexGenerator.QuadraticShare, shares[2], 12);
        Assert.Equal(0.25, shares[3], 12);
        Assert.Equal(0.25, shares[4], 12);
        // E[∇²f*] in z coordinates by Monte Carlo via Stein: E[f*(x) (z_a z_b − δ_ab)].
        var data = ((IDataGenerator)g).Sample(100_000, new Rng(1));
        var h = new double[3, 3];
        for (int i = 0; i < data.Count; i++)
        {
            var z = g.Directions.Select(u => DenseMath.Dot(u, data.Row(i))).ToArray();
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    h[a, b] += data.Y[i] * (z[a] * z[b] - (a == b ? 1 : 0)) / data.Count;
        }
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(h);
        var eigen = m.Evd().EigenValues.Select(e => Math.Abs(e.Real)).OrderBy(e => e).ToArray();
        Assert.True(eigen[0] > 0.1, $"smallest |eigenvalue| of E[∇²f*] is {eigen[0]:G3}; the head is degenerate");
        // ‖H‖²_F = 2·(degree-2 variance) for normalised Hermite heads.
        double frobenius = h.Cast<double>().Sum(v => v * v);
        Assert.InRange(frobenius, 2 * shares[2] * 0.85, 2 * shares[2] * 1.15);
    }

    [Fact]
    public void Second_task_shares_U_and_has_a_different_head()
    {
        var source = new MultiIndexGenerator(16, 2, 3, 0.1, seed: 5);
        var target = source.WithNewHead(1);
        Assert.Equal(source.U, target.U);
        Assert.Equal(0.1, target.Noise);
        Assert.Equal(1.0, target.TargetVariance, 12);
        Assert.NotEqual(source.Terms.Select(t => t.Coefficient), target.Terms.Select(t => t.Coefficient));
    }

    [Fact]
    public void Same_seed_gives_the_same_samples()
    {
        IDataGenerator a = new MultiIndexGenerator(10, 2, 3, 0.2, seed: 9);
        IDataGenerator b = new MultiIndexGenerator(10, 2, 3, 0.2, seed: 9);
        var da = a.Sample(50, new Rng(1));
        var db = b.Sample(50, new Rng(1));
        Assert.Equal(da.X, db.X);
        Assert.Equal(da.Y, db.Y);
    }

    [Theory]
    [InlineData(10, 0, 3, "FeatureLearning.InvalidRank")]
    [InlineData(2, 3, 3, "FeatureLearning.InvalidDimension")]
    [InlineData(10, 2, 1, "FeatureLearning.InvalidDegree")]
    public void Bad_sizes_throw_with_stable_ids(int d, int r, int p, string id)
    {
        var ex = Assert.Throws<FeatureLearningException>(() => new MultiIndexGenerator(d, r, p, 0.0, 1));
        Assert.Equal(id, ex.ErrorId);
    }
}
