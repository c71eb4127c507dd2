using System.Numerics.Tensors;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace FeatureLearning.Core.Theory.OnlineSgd;

/// <summary>Time derivatives of the order parameters at one state, and the errors predicted there.</summary>
public sealed class OdeRates
{
    internal OdeRates(int hidden, int directions)
    {
        R = new double[hidden * directions];
        Q = new double[hidden * hidden];
        V = new double[hidden];
    }

    public double[] R { get; }

    public double[] Q { get; }

    public double[] V { get; }

    /// <summary>ε_g = ½E[(y − f)²].</summary>
    public double TestLoss { get; internal set; }

    /// <summary>P(y·f ≤ 0) (a zero output counts as a mistake, as in <see cref="Evaluation.Metrics"/>).</summary>
    public double TestError { get; internal set; }
}

/// <summary>
/// The ODEs of online SGD for a two-layer net on a Gaussian mixture in the limit d → ∞ with t = steps/d
/// (Refinetti et al. 2021, code <c>iid_Ode.py</c>), written in our convention: noise N(0, I_d), cluster means ±m·e_a with
/// m = √snr. Given cluster c the fields λ_k = w_k·x/√d and ν_a = e_a·x are jointly Gaussian with means (s_c m R[:, a_c],
/// s_c m δ_{a a_c}) and covariance [[Q, R], [Rᵀ, I]]. With e = y − f and E = Σ_c p_c E_c:
///   dv_k/dt   = η (E[e g(λ_k)] − reg v_k)
///   dR_ka/dt  = η (v_k E[e g'(λ_k) ν_a] − reg R_ka)
///   dQ_kl/dt  = η (v_k E[e g'(λ_k) λ_l] + v_l E[e g'(λ_l) λ_k] − 2 reg Q_kl) + η² v_k v_l E[g'(λ_k) g'(λ_l) e²]
/// (the η² term carries ‖x‖²/d = 1 + snr/d → 1). The Gaussian averages are Monte Carlo with common random numbers, as in
/// the authors' code: N_MC standard normal K-vectors z drawn once from the seed and mapped to λ = μ_λ + S z with S the
/// symmetric square root of Q at every step, so the right-hand side is a smooth deterministic function of the state.
/// ν enters only linearly (in dR), so it is replaced by its conditional mean E[ν | λ] = μ_ν + Rᵀ Q⁺ (λ − μ_λ)
/// = μ_ν + (S⁺R)ᵀ z (Rao–Blackwell). Unlike sampling ν, this keeps R = 0 an exact fixed point, so the Monte Carlo
/// error cannot push the state off the initial plateau (with ν sampled, an O(1/√N_MC) spurious drift of R is as large
/// as the O(1/√d) initial overlaps and sets the plateau length).
/// </summary>
public sealed class OnlineSgdOde
{
    private readonly OnlineSgdOdeOptions _o;
    private readonly MixtureCluster[] _clusters;
    private readonly int _K, _A, _n, _samples;
    private readonly double _m;
    private readonly double[] _z;
    private readonly double[]? _zEvaluation;
    private readonly double[] _sqrtQ, _fieldsFromNoise, _mean;
    private readonly ChunkSums[] _chunks;
    private readonly double[] _accV, _accR, _accM, _accN;

    public OnlineSgdOde(OnlineSgdOdeOptions options, int hidden)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (hidden < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Hidden must be at least 1, got {hidden}.");
        _o = options;
        _clusters = MixtureCluster.For(options.Kind);
        _K = hidden;
        _A = MixtureCluster.DirectionCount(options.Kind);
        _n = _K + _A;
        _samples = options.MonteCarloSamples;
        _m = Math.Sqrt(options.Snr);
        _z = new double[(long)_samples * _K];
        Rng.ForStream(options.Seed, RandomStreams.OdeMonteCarlo).FillGaussian(_z);
        if (options.EvaluationSamples > 0)
        {
            _zEvaluation = new double[(long)options.EvaluationSamples * _K];
            Rng.ForStream(options.Seed, RandomStreams.OdeEvaluation).FillGaussian(_zEvaluation);
        }
        _sqrtQ = new double[_K * _K];
        _fieldsFromNoise = new double[_K * _A];
        _mean = new double[_n];
        _chunks = new ChunkSums[(_samples + ChunkSamples - 1) / ChunkSamples];
        for (int i = 0; i < _chunks.Length; i++) _chunks[i] = new ChunkSums(_K, _A);
        _accV = new double[_K];
        _accR = new double[_K * _A];
        _accM = new double[_K * _K];
        _accN = new double[_K * _K];
    }

    public OnlineSgdOdeOptions Options => _o;

    public int Hidden => _K;

    public int Directions => _A;

    /// <summary>Allocates a rates buffer for <see cref="Evaluate"/>.</summary>
    public OdeRates CreateRates() => new(_K, _A);

    /// <summary>The right-hand side at <paramref name="s"/> (written into <paramref name="rates"/>) and the errors there.</summary>
    public void Evaluate(OrderParameters s, OdeRates rates, double time = 0)
    {
        CheckShape(s);
        CheckCovariance(s.FieldCovariance(), time);
        SquareRootOfQ(s);
        bool errorOnly = _o.ClosedForm;
        Array.Clear(_accV); Array.Clear(_accR); Array.Clear(_accM); Array.Clear(_accN);
        double loss = 0, error = 0;
        int K = _K, A = _A;
        var v = s.V;
        foreach (var c in _clusters)
        {
            for (int k = 0; k < K; k++) _mean[k] = c.Sign * _m * s.R[k * A + c.Direction];
            for (int a = 0; a < A; a++) _mean[K + a] = a == c.Direction ? c.Sign * _m : 0.0;
            // Fixed chunks of the samples, each with its own sums, added in chunk order: the same result on any
            // number of threads.
            Parallel.For(0, _chunks.Length, Parallelism.Options(), chunk =>
                AccumulateChunk(_chunks[chunk], chunk * ChunkSamples, Math.Min(_samples, (chunk + 1) * ChunkSamples), c, v, errorOnly));
            double clusterLoss = 0, mistakes = 0;
            foreach (var chunk in _chunks)
            {
                clusterLoss += chunk.Loss;
                mistakes += chunk.Mistakes;
                if (errorOnly) continue;
                TensorPrimitives.Add(_accV, chunk.V, _accV);
                TensorPrimitives.Add(_accR, chunk.R, _accR);
                TensorPrimitives.Add(_accM, chunk.M, _accM);
                TensorPrimitives.Add(_accN, chunk.N, _accN);
            }
            loss += c.Probability * 0.5 * clusterLoss / _samples;
            error += c.Probability * mistakes / _samples;
        }
        if (errorOnly)
        {
            ErfOdeRates.Evaluate(_o, s, rates);
            rates.TestError = error;
            return;
        }
        double eta = _o.LearningRate, reg = _o.Regularization, inv = 1.0 / _samples;
        double eta2 = _o.SecondRate, reg2 = _o.SecondRegularization; // the second layer's own η₂, reg₂ (default η, reg)
        for (int k = 0; k < K; k++)
        {
            rates.V[k] = _o.TrainSecondLayer ? eta2 * (_accV[k] * inv - reg2 * v[k]) : 0.0;
            for (int a = 0; a < A; a++)
                rates.R[k * A + a] = eta * (_accR[k * A + a] * inv - reg * s.R[k * A + a]);
        }
        for (int k = 0; k < K; k++)
            for (int l = k; l < K; l++)
            {
                double drift = _accM[k * K + l] + _accM[l * K + k];
                double value = eta * (drift * inv - 2 * reg * s.Q[k * K + l]) + eta * eta * _accN[k * K + l] * inv;
                rates.Q[k * K + l] = rates.Q[l * K + k] = value;
            }
        rates.TestLoss = loss;
        rates.TestError = error;
    }

    private const int ChunkSamples = 1024;

    /// <summary>The sums of one chunk of Monte Carlo samples for one cluster, and its scratch space.</summary>
    private sealed class ChunkSums(int hidden, int directions)
    {
        public readonly double[] X = new double[hidden + directions], G = new double[hidden], Gp = new double[hidden], Amp = new double[hidden];
        public readonly double[] V = new double[hidden], R = new double[hidden * directions], M = new double[hidden * hidden], N = new double[hidden * hidden];
        public double Loss, Mistakes;
    }

    private void AccumulateChunk(ChunkSums sums, int first, int end, MixtureCluster c, double[] v, bool errorOnly)
    {
        int K = _K, A = _A;
        var act = _o.Activation;
        var x = sums.X; var g = sums.G; var gp = sums.Gp; var amp = sums.Amp;
        var accV = sums.V; var accR = sums.R; var accM = sums.M; var accN = sums.N;
        Array.Clear(accV); Array.Clear(accR); Array.Clear(accM); Array.Clear(accN);
        double y = c.Label, clusterLoss = 0, mistakes = 0;
        for (int i = first; i < end; i++)
        {
            var z = new ReadOnlySpan<double>(_z, i * K, K);
            // λ = μ_λ + S z, and E[ν | λ] = μ_ν + (S⁺R)ᵀ z in x[K..].
            for (int j = 0; j < K; j++)
            {
                double sum = _mean[j];
                var row = new ReadOnlySpan<double>(_sqrtQ, j * K, K);
                for (int l = 0; l < K; l++) sum += row[l] * z[l];
                x[j] = sum;
            }
            for (int a = 0; a < A; a++)
            {
                double sum = _mean[K + a];
                for (int l = 0; l < K; l++) sum += _fieldsFromNoise[l * A + a] * z[l];
                x[K + a] = sum;
            }
            double f = 0;
            for (int k = 0; k < K; k++)
            {
                g[k] = ActivationFunctions.Value(act, x[k]);
                gp[k] = ActivationFunctions.Derivative(act, x[k]);
                f += v[k] * g[k];
            }
            double e = y - f;
            clusterLoss += e * e;
            if (!(y * f > 0)) mistakes++;
            if (errorOnly) continue;
            for (int k = 0; k < K; k++)
            {
                accV[k] += c.Probability * e * g[k];
                amp[k] = c.Probability * e * v[k] * gp[k];
            }
            for (int k = 0; k < K; k++)
            {
                double ak = amp[k];
                if (ak == 0) continue;
                for (int a = 0; a < A; a++) accR[k * A + a] += ak * x[K + a];
                for (int l = 0; l < K; l++) accM[k * K + l] += ak * x[l];
                // v_k v_l g'_k g'_l e²: p_c enters once, so divide one factor back out.
                double bk = ak / c.Probability;
                for (int l = k; l < K; l++) accN[k * K + l] += bk * amp[l];
            }
        }
        sums.Loss = clusterLoss;
        sums.Mistakes = mistakes;
    }

    /// <summary>
    /// Integrates from <paramref name="initial"/> to the final time and returns one record per output point (the state
    /// and the errors predicted there). <paramref name="dimension"/>, when given, fills the Step column as t·d.
    /// <paramref name="startTime"/> offsets the clock (a warm start from a simulation's state at that time); the ODE is
    /// autonomous, so only the time labels change.
    /// </summary>
    public IReadOnlyList<TrainingRecord> Integrate(OrderParameters initial, FitContext? context = null, int? dimension = null, double startTime = 0) =>
        Integrate(initial, context, dimension, startTime, noise: null);

    /// <summary>As above; with <paramref name="noise"/>, each step also adds the O(1/√d) fluctuation of its dt·d SGD steps.</summary>
    internal IReadOnlyList<TrainingRecord> Integrate(OrderParameters initial, FitContext? context, int? dimension, double startTime, SgdNoise? noise)
    {
        context ??= FitContext.None;
        CheckShape(initial);
        var state = initial.Clone();
        var trial = initial.Clone();
        var before = noise is null ? null : initial.Clone();
        var k1 = CreateRates();
        var k2 = CreateRates();
        int intervals = _o.Points - 1;
        double spacing = _o.Time / intervals;
        int stepsPerInterval = Math.Max(1, (int)Math.Ceiling(spacing / _o.EffectiveStep - 1e-9));
        double dt = spacing / stepsPerInterval;
        var records = new List<TrainingRecord>(_o.Points);
        for (int p = 0; p <= intervals; p++)
        {
            double t0 = p * spacing;
            Evaluate(state, k1, startTime + t0);
            long step = dimension is { } d ? (long)Math.Round((startTime + t0) * d) : 0;
            var (loss, error) = _zEvaluation is null ? (k1.TestLoss, k1.TestError) : HeldOutErrors(state);
            // Online SGD trains on fresh samples, so the expected training loss at the current state is ε_g itself.
            records.Add(state.ToRecord(startTime + t0, step, loss, error, loss));
            context.Report((double)p / intervals, $"t = {t0:F1} of {_o.Time:F1}");
            if (p == intervals) break;
            for (int j = 0; j < stepsPerInterval; j++)
            {
                context.ThrowIfCancelled();
                double t = t0 + j * dt;
                if (j > 0) Evaluate(state, k1, t);
                if (before is not null) Copy(state, before);
                if (_o.Method == OdeMethod.Euler)
                {
                    Advance(state, state, k1, dt);
                }
                else
                {
                    Advance(state, trial, k1, dt);
                    Evaluate(trial, k2, t + dt);
                    Advance(state, state, k1, 0.5 * dt);
                    Advance(state, state, k2, 0.5 * dt);
                }
                // Itô: the fluctuation of the dt·d SGD steps is drawn at the state where the step starts.
                if (before is not null) noise!.Add(before, k1, dt, state);
                CheckFinite(state, startTime + t + dt);
            }
        }
        return records;
    }

    /// <summary>ε_g and the classification error on the independent evaluation samples (S is current after Evaluate).</summary>
    private (double Loss, double Error) HeldOutErrors(OrderParameters s)
    {
        int K = _K, A = _A, count = _o.EvaluationSamples;
        var z = _zEvaluation!;
        double loss = 0, error = 0;
        foreach (var c in _clusters)
        {
            for (int k = 0; k < K; k++) _mean[k] = c.Sign * _m * s.R[k * A + c.Direction];
            double clusterLoss = 0, mistakes = 0;
            for (int i = 0; i < count; i++)
            {
                double f = 0;
                for (int j = 0; j < K; j++)
                {
                    double lambda = _mean[j];
                    for (int l = 0; l < K; l++) lambda += _sqrtQ[j * K + l] * z[(long)i * K + l];
                    f += s.V[j] * ActivationFunctions.Value(_o.Activation, lambda);
                }
                double e = c.Label - f;
                clusterLoss += e * e;
                if (!(c.Label * f > 0)) mistakes++;
            }
            loss += c.Probability * 0.5 * clusterLoss / count;
            error += c.Probability * mistakes / count;
        }
        return (loss, error);
    }

    private static void Copy(OrderParameters from, OrderParameters to)
    {
        from.R.CopyTo(to.R, 0);
        from.Q.CopyTo(to.Q, 0);
        from.V.CopyTo(to.V, 0);
    }

    private static void Advance(OrderParameters from, OrderParameters to, OdeRates rates, double dt)
    {
        for (int i = 0; i < from.R.Length; i++) to.R[i] = from.R[i] + dt * rates.R[i];
        for (int i = 0; i < from.Q.Length; i++) to.Q[i] = from.Q[i] + dt * rates.Q[i];
        for (int i = 0; i < from.V.Length; i++) to.V[i] = from.V[i] + dt * rates.V[i];
    }

    private void CheckFinite(OrderParameters s, double time)
    {
        foreach (var array in new[] { s.R, s.Q, s.V })
            foreach (double value in array)
                if (!double.IsFinite(value) || Math.Abs(value) > 1e8)
                    throw new DivergenceException(
                        $"The ODE diverged at t = {time:G4} (an order parameter reached {value:G3}). Lower -LearningRate " +
                        $"(now {_o.LearningRate}) or -Step (now {_o.EffectiveStep:G3}).");
    }

    private void CheckShape(OrderParameters s)
    {
        if (s.Hidden != _K || s.Directions != _A)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The state has K={s.Hidden} units and {s.Directions} directions, but the ODE was set up for K={_K} on the " +
                $"{_o.Kind} mixture ({_A} directions); take the initial state from a model of that width on that task.");
    }

    /// <summary>
    /// Checks that [[Q, R], [Rᵀ, I]] is a covariance. Tiny negative eigenvalues are round-off; a clearly negative one means
    /// Q − R Rᵀ lost positive semi-definiteness, i.e. the integration is unstable.
    /// </summary>
    private void CheckCovariance(double[] covariance, double time)
    {
        int n = _n;
        var evd = Matrix<double>.Build.Dense(n, n, (i, j) => covariance[i * n + j]).Evd(Symmetricity.Symmetric);
        double largest = 0, smallest = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            double value = evd.EigenValues[i].Real;
            largest = Math.Max(largest, Math.Abs(value));
            smallest = Math.Min(smallest, value);
        }
        if (!double.IsFinite(largest))
            throw new DivergenceException($"The ODE state is not finite at t = {time:G4}; lower -LearningRate or -Step (now {_o.EffectiveStep:G3}).");
        if (smallest < -1e-6 * Math.Max(1.0, largest))
            throw new FeatureLearningException("FeatureLearning.NotPositiveSemiDefinite",
                $"At t = {time:G4} the covariance [[Q, R], [Rᵀ, I]] of the local fields has the negative eigenvalue {smallest:G3}, so it " +
                $"is no longer a covariance: the integration is unstable. Lower -Step (now {_o.EffectiveStep:G3}) or -LearningRate, " +
                "or check that the initial state comes from a real net (Q − R Rᵀ must be positive semi-definite).",
                ErrorKind.NotConverged);
    }

    /// <summary>
    /// _sqrtQ = S, the symmetric square root of Q (eigenvalues clipped at 0), and _fieldsFromNoise = S⁺R (K×A), so that
    /// λ − μ_λ = S z and E[ν − μ_ν | λ] = Rᵀ Q⁺ S z = (S⁺R)ᵀ z.
    /// </summary>
    private void SquareRootOfQ(OrderParameters s)
    {
        int K = _K, A = _A;
        var evd = Matrix<double>.Build.Dense(K, K, (i, j) => 0.5 * (s.Q[i * K + j] + s.Q[j * K + i])).Evd(Symmetricity.Symmetric);
        var u = evd.EigenVectors;
        double largest = 0;
        for (int e = 0; e < K; e++) largest = Math.Max(largest, evd.EigenValues[e].Real);
        Array.Clear(_sqrtQ);
        Array.Clear(_fieldsFromNoise);
        Span<double> projection = stackalloc double[A];
        for (int e = 0; e < K; e++)
        {
            double value = evd.EigenValues[e].Real;
            double root = Math.Sqrt(Math.Max(0.0, value));
            if (root == 0) continue;
            // The pseudo-inverse ignores directions Q does not span (round-off level eigenvalues).
            double inverseRoot = value > 1e-12 * Math.Max(1.0, largest) ? 1.0 / root : 0.0;
            projection.Clear();
            for (int k = 0; k < K; k++)
                for (int a = 0; a < A; a++) projection[a] += u[k, e] * s.R[k * A + a];
            for (int i = 0; i < K; i++)
            {
                double ui = u[i, e];
                for (int j = 0; j < K; j++) _sqrtQ[i * K + j] += ui * root * u[j, e];
                for (int a = 0; a < A; a++) _fieldsFromNoise[i * A + a] += ui * inverseRoot * projection[a];
            }
        }
    }
}
