using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Theory.OnlineSgd;

/// <summary>
/// The exact distribution of the order parameters of the random initial net of <see cref="Learners.TwoLayerNetTrainer"/>
/// at finite dimension d, sampled in O(K² + KA) whatever d. With w_k ~ N(0, s² I_d) and orthonormal directions e_a, split
/// w_k into its components √d R_ka along the e_a and the rest w_k⊥ in the (d − A)-dimensional complement (independent):
///   R_ka ~ N(0, s²/d) independent,    Q = R Rᵀ + s² G/d,    G = W⊥W⊥ᵀ/s² ~ Wishart_K(d − A, I) independent of R,
/// and v ~ N(0, s_v²) (or the fixed second layer). G is drawn by Bartlett's decomposition G = L Lᵀ, L lower triangular
/// with L_ii² ~ χ²(d − A − i) (i = 0..K−1) and L_ij ~ N(0, 1) below the diagonal (when d − A ≥ K; otherwise G is singular
/// and is summed from its d − A Gaussian columns).
/// </summary>
public sealed class InitialOverlapSampler
{
    private readonly int _d, _K, _A;
    private readonly double _scale, _secondLayerScale;
    private readonly double[]? _secondLayer;

    public InitialOverlapSampler(int dimension, int hidden, int directions, double firstLayerScale = 1.0, double secondLayerScale = 1.0,
        double[]? secondLayer = null)
    {
        if (hidden < 1 || directions < 1 || dimension <= directions)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter",
                $"The initial overlaps need K ≥ 1 units and a dimension d above the {directions} signal directions, got K = {hidden}, d = {dimension}.");
        if (!double.IsFinite(firstLayerScale) || firstLayerScale < 0 || !double.IsFinite(secondLayerScale) || secondLayerScale < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter",
                $"Init scales must be non-negative and finite, got {firstLayerScale} and {secondLayerScale}.");
        if (secondLayer is not null && secondLayer.Length != hidden)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch", $"-SecondLayer has {secondLayer.Length} values for K = {hidden} units.");
        _d = dimension;
        _K = hidden;
        _A = directions;
        _scale = firstLayerScale;
        _secondLayerScale = secondLayerScale;
        _secondLayer = secondLayer is null ? null : (double[])secondLayer.Clone();
    }

    public OrderParameters Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int K = _K, A = _A, rest = _d - _A;
        double s2 = _scale * _scale;
        var r = new double[K * A];
        rng.FillGaussian(r, _scale / Math.Sqrt(_d));
        var g = Wishart(rng, K, rest);
        var q = new double[K * K];
        for (int k = 0; k < K; k++)
            for (int l = 0; l <= k; l++)
            {
                double value = s2 * g[k * K + l] / _d;
                for (int a = 0; a < A; a++) value += r[k * A + a] * r[l * A + a];
                q[k * K + l] = q[l * K + k] = value;
            }
        var v = new double[K];
        if (_secondLayer is not null) _secondLayer.CopyTo(v, 0);
        else rng.FillGaussian(v, _secondLayerScale);
        return new OrderParameters(K, A, r, q, v);
    }

    /// <summary>A Wishart_K(n, I) matrix (K×K, row-major).</summary>
    private static double[] Wishart(Rng rng, int K, int n)
    {
        var g = new double[K * K];
        if (n < K)
        {
            // Singular case: the sum of n outer products of standard normal K-vectors.
            var z = new double[K];
            for (int j = 0; j < n; j++)
            {
                rng.FillGaussian(z);
                for (int k = 0; k < K; k++)
                    for (int l = 0; l < K; l++) g[k * K + l] += z[k] * z[l];
            }
            return g;
        }
        var lower = new double[K * K];
        for (int i = 0; i < K; i++)
        {
            lower[i * K + i] = Math.Sqrt(ChiSquare(rng, n - i));
            for (int j = 0; j < i; j++) lower[i * K + j] = rng.NextGaussian();
        }
        for (int i = 0; i < K; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = 0;
                for (int m = 0; m <= j; m++) sum += lower[i * K + m] * lower[j * K + m];
                g[i * K + j] = g[j * K + i] = sum;
            }
        return g;
    }

    /// <summary>χ²(ν) = 2·Gamma(ν/2, 1).</summary>
    internal static double ChiSquare(Rng rng, int degrees) => 2 * Gamma(rng, 0.5 * degrees);

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000); shape &lt; 1 through Gamma(shape + 1)·U^(1/shape).</summary>
    internal static double Gamma(Rng rng, double shape)
    {
        if (shape < 1)
        {
            double boost = Math.Pow(1 - rng.NextDouble(), 1 / shape);
            return Gamma(rng, shape + 1) * boost;
        }
        double dd = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * dd);
        while (true)
        {
            double x, v;
            do
            {
                x = rng.NextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = 1 - rng.NextDouble(); // in (0, 1]
            if (u < 1 - 0.0331 * x * x * x * x) return dd * v;
            if (Math.Log(u) < 0.5 * x * x + dd * (1 - v + Math.Log(v))) return dd * v;
        }
    }
}
