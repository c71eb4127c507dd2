using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace FeatureLearning.Core.Theory.OnlineSgd;

/// <summary>
/// The O(1/√d) fluctuation of online SGD around the ODE. One SGD step changes the order parameters by u/d, where
/// u = (η v_k e g'(λ_k) ν_a; η(v_k e g'_k λ_l + v_l e g'_l λ_k) + η² v_k v_l g'_k g'_l e²; η e g(λ_k)) is a function of one
/// fresh sample's fields (λ, ν), exactly Gaussian given the cluster with mean (s m R[:, a_c], s m e_{a_c}) and covariance
/// [[Q, R], [Rᵀ, I]] at any d. A time step dt holds n = dt·d SGD steps; the ODE applies their mean, dt·μ (μ = E u, its
/// Monte Carlo estimate). This class adds the rest, Σ_j (u_j − μ)/d over n fresh samples drawn at the state at the start
/// of the step: a fluctuation of covariance dt·Σ/d (Σ = Cov u), and the whole step is then the sum of n real steps'
/// increments (their heavy tails and the sign of the η² term included), with the state frozen within dt. (A Gaussian
/// increment with the covariance of a few samples instead once pushed Q − RRᵀ out of the positive cone at d = 250,
/// K = 8, by turning one large positive η² term into a large negative one.) Deterministic for a given Rng.
/// </summary>
internal sealed class SgdNoise
{
    private readonly OnlineSgdOdeOptions _o;
    private readonly MixtureCluster[] _clusters;
    private readonly int _K, _A, _n, _d;
    private readonly double _m;
    private readonly Rng _rng;
    private readonly double[] _root, _z, _x, _g, _gp, _u, _mean, _sum;

    public SgdNoise(OnlineSgdOdeOptions options, int hidden, int dimension, Rng rng)
    {
        if (dimension < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"The SGD noise needs the dimension d ≥ 1, got {dimension}.");
        _o = options;
        _clusters = MixtureCluster.For(options.Kind);
        _K = hidden;
        _A = MixtureCluster.DirectionCount(options.Kind);
        _n = _K + _A;
        _d = dimension;
        _m = Math.Sqrt(options.Snr);
        _rng = rng;
        _root = new double[_n * _n];
        _z = new double[_n];
        _x = new double[_n];
        _g = new double[_K];
        _gp = new double[_K];
        _u = new double[Size];
        _mean = new double[Size];
        _sum = new double[Size];
    }

    /// <summary>Length of the flattened increment (R, Q row-major, v).</summary>
    private int Size => _K * _A + _K * _K + _K;

    /// <summary>SGD steps in a time step dt (at least 1).</summary>
    public int StepsIn(double dt) => (int)Math.Max(1, Math.Round(dt * _d));

    /// <summary>
    /// Adds Σ_j (u_j − μ)/d over the dt·d steps of a time step to <paramref name="target"/>, with the samples drawn at
    /// <paramref name="start"/> and μ the mean rate the ODE used there (<paramref name="rates"/> plus the weight decay,
    /// which is deterministic).
    /// </summary>
    public void Add(OrderParameters start, OdeRates rates, double dt, OrderParameters target)
    {
        SquareRoot(start.FieldCovariance());
        int K = _K, A = _A, size = Size, n = StepsIn(dt);
        double eta = _o.LearningRate, reg = _o.Regularization;
        for (int i = 0; i < K * A; i++) _mean[i] = rates.R[i] + eta * reg * start.R[i];
        for (int i = 0; i < K * K; i++) _mean[K * A + i] = rates.Q[i] + 2 * eta * reg * start.Q[i];
        for (int k = 0; k < K; k++) _mean[K * A + K * K + k] = _o.TrainSecondLayer ? rates.V[k] + _o.SecondRate * _o.SecondRegularization * start.V[k] : 0.0;
        Array.Clear(_sum);
        for (int j = 0; j < n; j++)
        {
            Increment(start, PickCluster(), _u);
            for (int i = 0; i < size; i++) _sum[i] += _u[i] - _mean[i];
        }
        double scale = 1.0 / _d;
        for (int i = 0; i < K * A; i++) target.R[i] += scale * _sum[i];
        for (int k = 0; k < K; k++)
            for (int l = k; l < K; l++)
            {
                double value = scale * _sum[K * A + k * K + l];
                target.Q[k * K + l] += value;
                if (l != k) target.Q[l * K + k] += value;
            }
        for (int k = 0; k < K; k++) target.V[k] += scale * _sum[K * A + K * K + k];
    }

    private MixtureCluster PickCluster()
    {
        double r = _rng.NextDouble(), cumulative = 0;
        foreach (var c in _clusters)
        {
            cumulative += c.Probability;
            if (r < cumulative) return c;
        }
        return _clusters[^1];
    }

    /// <summary>u of one fresh sample from cluster <paramref name="c"/> (Q entries for l ≥ k only).</summary>
    private void Increment(OrderParameters s, MixtureCluster c, Span<double> u)
    {
        int K = _K, A = _A, n = _n;
        double eta = _o.LearningRate;
        for (int i = 0; i < n; i++) _z[i] = _rng.NextGaussian();
        for (int i = 0; i < n; i++)
        {
            double mean = i < K ? c.Sign * _m * s.R[i * A + c.Direction] : (i - K == c.Direction ? c.Sign * _m : 0.0);
            double sum = mean;
            for (int j = 0; j < n; j++) sum += _root[i * n + j] * _z[j];
            _x[i] = sum;
        }
        double f = 0;
        for (int k = 0; k < K; k++)
        {
            _g[k] = ActivationFunctions.Value(_o.Activation, _x[k]);
            _gp[k] = ActivationFunctions.Derivative(_o.Activation, _x[k]);
            f += s.V[k] * _g[k];
        }
        double e = c.Label - f;
        u.Clear();
        for (int k = 0; k < K; k++)
        {
            double ak = eta * s.V[k] * e * _gp[k];
            for (int a = 0; a < A; a++) u[k * A + a] = ak * _x[K + a];
            for (int l = k; l < K; l++)
            {
                double al = eta * s.V[l] * e * _gp[l];
                u[K * A + k * K + l] = ak * _x[l] + al * _x[k] + ak * al;
            }
            if (_o.TrainSecondLayer) u[K * A + K * K + k] = _o.SecondRate * e * _g[k];
        }
    }

    /// <summary>_root = the symmetric square root of the field covariance (eigenvalues clipped at 0).</summary>
    private void SquareRoot(double[] covariance)
    {
        int n = _n;
        var evd = Matrix<double>.Build.Dense(n, n, (i, j) => covariance[i * n + j]).Evd(Symmetricity.Symmetric);
        var vectors = evd.EigenVectors;
        Array.Clear(_root);
        for (int e = 0; e < n; e++)
        {
            double root = Math.Sqrt(Math.Max(0.0, evd.EigenValues[e].Real));
            if (root == 0) continue;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) _root[i * n + j] += vectors[i, e] * root * vectors[j, e];
        }
    }
}
