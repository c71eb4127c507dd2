using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory.OnlineSgd;

namespace FeatureLearning.Core.Tests.OnlineSgdTheory;

public class InitialOverlapSamplerTests
{
    /// <summary>Means and variances of R_ka, R_ka², Q_kk, Q_kl, v_k and one mixed moment E[Q_kk R_ka²], over many draws.</summary>
    private static double[][] Moments(IEnumerable<OrderParameters> states)
    {
        var columns = new List<double>[7];
        for (int i = 0; i < columns.Length; i++) columns[i] = new();
        foreach (var s in states)
        {
            int K = s.Hidden, A = s.Directions;
            for (int k = 0; k < K; k++)
            {
                for (int a = 0; a < A; a++)
                {
                    columns[0].Add(s.R[k * A + a]);
                    columns[1].Add(s.R[k * A + a] * s.R[k * A + a]);
                    columns[6].Add(s.Q[k * K + k] * s.R[k * A + a] * s.R[k * A + a]);
                }
                columns[2].Add(s.Q[k * K + k]);
                columns[4].Add(s.V[k]);
                for (int l = k + 1; l < K; l++) columns[3].Add(s.Q[k * K + l]);
            }
            columns[5].Add(s.Q[0 * K + 1] * s.Q[0 * K + 1]);
        }
        return columns.Select(c => c.ToArray()).ToArray();
    }

    private static (double Mean, double StandardError) Stats(double[] x)
    {
        double mean = x.Average();
        double variance = x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
        return (mean, Math.Sqrt(variance / x.Length));
    }

    [Fact]
    public void Sampled_overlaps_have_the_moments_of_real_random_nets()
    {
        // Independent computation: the overlaps of actual random initial nets (TwoLayerNetTrainer.Initialise at d = 40
        // against the mixture's random orthonormal directions) vs the O(K²) sampler, and both vs the exact moments
        // E R² = s²/d, E Q_kk = s², Var Q_kk = 2s⁴/d, E Q_kl² = s⁴/d (d − A + A terms), E v² = s_v².
        const int d = 40, K = 3, draws = 6000;
        const double scale = 1.3, secondScale = 0.7;
        var gen = new GaussianMixtureGenerator(d, 4, MixtureKind.Xor, seed: 5);
        var real = Enumerable.Range(0, draws).Select(i => OrderParameters.FromInitialisation(gen,
            new TwoLayerNetOptions { Hidden = K, Seed = 1000 + i, FirstLayerInitScale = scale, SecondLayerInitScale = secondScale }));
        var sampler = new InitialOverlapSampler(d, K, 2, scale, secondScale);
        var rng = new Rng(77);
        var sampled = Enumerable.Range(0, draws).Select(_ => sampler.Sample(rng));
        var a = Moments(real);
        var b = Moments(sampled);
        double s2 = scale * scale, s4 = s2 * s2;
        var exact = new double?[] { 0, s2 / d, s2, 0, 0, s4 / d, null };
        for (int i = 0; i < a.Length; i++)
        {
            var (ma, ea) = Stats(a[i]);
            var (mb, eb) = Stats(b[i]);
            Assert.True(Math.Abs(ma - mb) < 4.5 * Math.Sqrt(ea * ea + eb * eb), $"moment {i}: nets {ma:G5} ± {ea:G3}, sampler {mb:G5} ± {eb:G3}");
            if (exact[i] is { } value)
                Assert.True(Math.Abs(mb - value) < 4.5 * eb + 1e-12, $"moment {i}: sampler {mb:G5} ± {eb:G3}, exact {value:G5}");
        }
        // Variance of Q_kk: 2 s⁴/d exactly (a sum of d squared Gaussians); compare the sampler's with it.
        var q = b[2];
        double qMean = q.Average(), qVariance = q.Sum(v => (v - qMean) * (v - qMean)) / (q.Length - 1);
        Assert.InRange(qVariance / (2 * s4 / d), 0.9, 1.1);
        // The second-layer variance.
        var vs = b[4];
        Assert.InRange(vs.Sum(v => v * v) / vs.Length / (secondScale * secondScale), 0.95, 1.05);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(7.5)]
    [InlineData(400)]
    public void Gamma_draws_have_mean_and_variance_equal_to_the_shape(double shape)
    {
        var rng = new Rng(3);
        const int n = 40_000;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = InitialOverlapSampler.Gamma(rng, shape);
        double mean = x.Average(), variance = x.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        Assert.True(Math.Abs(mean - shape) < 4.5 * Math.Sqrt(shape / n), $"mean {mean} for shape {shape}");
        Assert.InRange(variance / shape, 0.95, 1.05);
        Assert.All(x, v => Assert.True(v > 0));
    }

    [Fact]
    public void A_fixed_second_layer_is_copied_and_a_small_dimension_uses_the_singular_wishart()
    {
        var sampler = new InitialOverlapSampler(4, 3, 2, secondLayer: new[] { 1.0, -1.0, 0.5 });
        var s = sampler.Sample(new Rng(1));
        Assert.Equal(new[] { 1.0, -1.0, 0.5 }, s.V);
        // d − A = 2 < K = 3: Q − RRᵀ has rank 2 (determinant 0), as for a real net at d = 4.
        var evd = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(3, 3, (i, j) =>
            s.Q[i * 3 + j] - (s.R[i * 2] * s.R[j * 2] + s.R[i * 2 + 1] * s.R[j * 2 + 1])).Evd();
        Assert.InRange(evd.EigenValues.Select(e => Math.Abs(e.Real)).Min(), 0, 1e-10);
    }
}
