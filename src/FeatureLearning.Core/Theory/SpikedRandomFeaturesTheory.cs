using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Theory;

/// <summary>Settings of the asymptotic sRF learning curve.</summary>
public sealed record SpikedRfTheoryOptions
{
    public Activation Activation { get; init; } = Activation.Tanh;

    public LinkFunction Target { get; init; } = LinkFunction.Tanh;

    /// <summary>Standard deviation of the label noise (counted in the test error, as on the generator's test sets).</summary>
    public double Noise { get; init; }

    /// <summary>β = p/d.</summary>
    public double Beta { get; init; } = 1.0;

    /// <summary>Unnormalised ridge λ in ‖y − Φa‖² + λ‖a‖².</summary>
    public double Ridge { get; init; } = 0.01;

    /// <summary>Weight of the old iterate: new ← (1 − damping)·update + damping·old. Heavier damping is tried on failure.</summary>
    public double Damping { get; init; } = 0.5;

    /// <summary>Convergence when max |Δ| over the seven overlaps falls below this.</summary>
    public double Tolerance { get; init; } = 1e-8;

    public int MaxIterations { get; init; } = 20000;

    /// <summary>Nodes of the Marchenko–Pastur quadrature.</summary>
    public int SpectralNodes { get; init; } = 1000;
}

/// <summary>The overlaps of the replica fixed point (Cui et al. 2024, Result 3.3 as in the detail file, II.5).</summary>
public readonly record struct SpikedRfOverlaps(double Q1, double Q2, double V1, double V2, double Theta, double Psi, double M)
{
    /// <summary>The notebook's initial point.</summary>
    public static SpikedRfOverlaps Initial => new(0.1, 0.2, 3, 3, 0.5, 0.5, 1.5);

    public bool IsFinite => double.IsFinite(Q1) && double.IsFinite(Q2) && double.IsFinite(V1) && double.IsFinite(V2)
        && double.IsFinite(Theta) && double.IsFinite(Psi) && double.IsFinite(M);

    public double MaxDifference(SpikedRfOverlaps o) => new[]
    {
        Math.Abs(Q1 - o.Q1), Math.Abs(Q2 - o.Q2), Math.Abs(V1 - o.V1), Math.Abs(V2 - o.V2),
        Math.Abs(Theta - o.Theta), Math.Abs(Psi - o.Psi), Math.Abs(M - o.M),
    }.Max();

    public SpikedRfOverlaps Blend(SpikedRfOverlaps old, double damping) => new(
        (1 - damping) * Q1 + damping * old.Q1, (1 - damping) * Q2 + damping * old.Q2,
        (1 - damping) * V1 + damping * old.V1, (1 - damping) * V2 + damping * old.V2,
        (1 - damping) * Theta + damping * old.Theta, (1 - damping) * Psi + damping * old.Psi,
        (1 - damping) * M + damping * old.M);
}

/// <summary>One point of the asymptotic learning curve.</summary>
public sealed record SpikedRfTheoryPoint(double Alpha, double TestError, int Iterations, double Residual, bool Converged,
    double Damping, SpikedRfOverlaps Overlaps);

/// <summary>
/// Asymptotic test MSE of ridge regression on spiked random features σ(√c·w0·x + r·κ), κ = v̂·x, for a single-index
/// target with cos(v̂, θ) = γ, as n, p, d → ∞ with α = n/d, β = p/d: the conditional-Gaussian-equivalence fixed
/// point of Cui et al. (2024), with the bulk spectrum replaced by its Marchenko–Pastur limit (α_T = n/p; F, H × β).
/// </summary>
public sealed class SpikedRandomFeaturesTheory
{
    private const double KRange = 8.0;
    private const int KPoints = 801;

    private readonly SpikedRfTheoryOptions _o;
    // Functions of κ tabulated on a trapezoid grid over [−8, 8] with N(0,1) weights.
    private readonly double[] _k, _wk, _mu0, _mu1, _mu2, _h, _h1, _hh;
    // Spectral nodes D_i = c·x_i with weights; F_i = βc, H_i = β D_i.
    private readonly double[] _d, _wd, _f, _hs;

    public SpikedRandomFeaturesTheory(SpikedRfParameters spike, SpikedRfTheoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(spike);
        ArgumentNullException.ThrowIfNull(options);
        Validate(spike, options);
        _o = options;
        Spike = spike;
        double r = spike.R, sc = Math.Sqrt(spike.C), gamma = spike.Gamma, rho = spike.Rho;
        bool rough = options.Activation is Activation.Relu or Activation.Abs || LinkFunctions.IsNonSmooth(options.Target);
        var inner = GaussHermite.Create(rough ? 201 : 41);
        _k = new double[KPoints]; _wk = new double[KPoints];
        _mu0 = new double[KPoints]; _mu1 = new double[KPoints]; _mu2 = new double[KPoints];
        _h = new double[KPoints]; _h1 = new double[KPoints]; _hh = new double[KPoints];
        double step = 2 * KRange / (KPoints - 1), total = 0;
        var g = options.Activation;
        var link = options.Target;
        double noise2 = options.Noise * options.Noise;
        for (int i = 0; i < KPoints; i++)
        {
            double k = -KRange + i * step;
            _k[i] = k;
            _wk[i] = Math.Exp(-0.5 * k * k);
            total += _wk[i];
            double m0 = inner.Expect(z => ActivationFunctions.Value(g, r * k + sc * z));
            // μ1(κ) = E[σ'(rκ + √c z)] written by Stein's lemma as E[σ(·) z]/√c, so kinks need no derivative.
            double m1 = inner.Expect(z => ActivationFunctions.Value(g, r * k + sc * z) * z) / sc;
            double second = inner.Expect(z => Math.Pow(ActivationFunctions.Value(g, r * k + sc * z), 2));
            _mu0[i] = m0;
            _mu1[i] = m1;
            _mu2[i] = Math.Sqrt(Math.Max(0, second - m0 * m0 - spike.C * m1 * m1));
            _h[i] = inner.Expect(xi => LinkFunctions.Value(link, gamma * k + rho * xi));
            _h1[i] = inner.Expect(xi => xi * LinkFunctions.Value(link, gamma * k + rho * xi));
            _hh[i] = inner.Expect(xi => Math.Pow(LinkFunctions.Value(link, gamma * k + rho * xi), 2)) + noise2;
        }
        for (int i = 0; i < KPoints; i++) _wk[i] /= total;

        var mp = new MarchenkoPastur(options.Beta, options.SpectralNodes);
        int j = mp.Nodes.Length;
        _d = new double[j]; _wd = mp.Weights; _f = new double[j]; _hs = new double[j];
        for (int i = 0; i < j; i++)
        {
            _d[i] = spike.C * mp.Nodes[i];
            _f[i] = options.Beta * spike.C;
            _hs[i] = options.Beta * _d[i];
        }
    }

    public SpikedRfParameters Spike { get; }

    public SpikedRfTheoryOptions Options => _o;

    /// <summary>E over κ of hh: the error of the null predictor (λ → ∞), E[σ*²] + noise².</summary>
    public double NullError => Sum((i) => _hh[i]);

    /// <summary>
    /// Solves the fixed point at α = n/d from <paramref name="start"/> (a warm start, or the notebook's initial
    /// point); retries from the initial point with heavier damping if the iteration fails, and throws
    /// FeatureLearning.NotConverged when every attempt fails.
    /// </summary>
    public SpikedRfTheoryPoint Solve(double alpha, SpikedRfOverlaps? start = null, CancellationToken cancel = default)
    {
        if (!double.IsFinite(alpha) || alpha <= 0)
            throw new FeatureLearningException("FeatureLearning.InvalidAlpha", $"-Alpha (samples per dimension) must be positive and finite, got {alpha}.");
        var dampings = new List<double> { _o.Damping };
        if (_o.Damping < 0.8) dampings.Add(0.8);
        SpikedRfTheoryPoint? last = null;
        foreach (double damping in dampings)
        {
            foreach (var initial in start is { } warm && damping == _o.Damping ? new[] { warm, SpikedRfOverlaps.Initial } : new[] { SpikedRfOverlaps.Initial })
            {
                var point = Iterate(alpha, initial, damping, cancel);
                if (point.Converged) return point;
                last = point;
            }
        }
        // The plain iteration can oscillate or blow up (large β, α_T near 1): solve the same equations in stages.
        var staged = SolveStaged(alpha, cancel);
        if (staged.Converged) return staged;
        throw new FeatureLearningException("FeatureLearning.NotConverged",
            $"The sRF fixed point at alpha = {alpha:G4} did not converge (damped iteration: last residual {last?.Residual:G3} after {last?.Iterations} iterations " +
            $"with damping up to {dampings[^1]}; staged solve: residual {staged.Residual:G3}). Try a larger -Ridge, a smaller -StepSize, or more -MaxIterations.", ErrorKind.NotConverged);
    }

    /// <summary>
    /// The same fixed point in stages: (1) the variances (V1, V2) ↔ (V̂1, V̂2) form a closed sub-system, iterated to
    /// convergence; (2) with V fixed, (θ, m) solve a 2×2 linear system, ψ is explicit, and (q1, q2) solve another
    /// 2×2 linear system. The result is checked by one full update (its residual is what is reported).
    /// </summary>
    internal SpikedRfTheoryPoint SolveStaged(double alpha, CancellationToken cancel = default)
    {
        double alphaT = alpha / _o.Beta, lambda = _o.Ridge;
        double v1 = 3, v2 = 3, vh1 = 0, vh2 = 0;
        int it;
        double delta = double.PositiveInfinity;
        for (it = 1; it <= _o.MaxIterations && !(delta < 0.1 * _o.Tolerance); it++)
        {
            if ((it & 255) == 0) cancel.ThrowIfCancellationRequested();
            vh1 = 0; vh2 = 0;
            for (int i = 0; i < _k.Length; i++)
            {
                double inv = 1.0 / (1 + _mu1[i] * _mu1[i] * v1 + _mu2[i] * _mu2[i] * v2);
                vh1 += _wk[i] * _mu1[i] * _mu1[i] * inv;
                vh2 += _wk[i] * _mu2[i] * _mu2[i] * inv;
            }
            vh1 *= alphaT; vh2 *= alphaT;
            double n1 = 0, n2 = 0;
            for (int i = 0; i < _d.Length; i++)
            {
                double inv = 1.0 / (lambda + vh1 * _d[i] + vh2);
                n1 += _wd[i] * _d[i] * inv;
                n2 += _wd[i] * inv;
            }
            delta = Math.Max(Math.Abs(n1 - v1), Math.Abs(n2 - v2));
            v1 = 0.5 * (n1 + v1); v2 = 0.5 * (n2 + v2);
            if (!double.IsFinite(v1) || !double.IsFinite(v2)) break;
        }
        // Recompute the hats at the final V so the linear stages see consistent coefficients.
        vh1 = 0; vh2 = 0;
        double a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, psh = 0;
        for (int i = 0; i < _k.Length; i++)
        {
            double m1 = _mu1[i], m0 = _mu0[i], k = _k[i], w = _wk[i];
            double inv = 1.0 / (1 + m1 * m1 * v1 + _mu2[i] * _mu2[i] * v2);
            vh1 += w * m1 * m1 * inv;
            vh2 += w * _mu2[i] * _mu2[i] * inv;
            a1 += w * k * m1 * _h[i] * inv;
            a2 += w * k * m1 * m0 * inv;
            a3 += w * k * k * m1 * m1 * inv;
            b0 += w * m0 * m0 * inv;
            b1 += w * m0 * _h[i] * inv;
            psh += w * m1 * _h1[i] * inv;
        }
        vh1 *= alphaT; vh2 *= alphaT; psh *= alphaT;
        double fBar = 0, hBar = 0, e11 = 0, e12 = 0, e22 = 0;
        for (int i = 0; i < _d.Length; i++)
        {
            double inv = 1.0 / (lambda + vh1 * _d[i] + vh2);
            fBar += _wd[i] * _f[i] * inv;
            hBar += _wd[i] * _hs[i] * inv;
            e11 += _wd[i] * _d[i] * _d[i] * inv * inv;
            e12 += _wd[i] * _d[i] * inv * inv;
            e22 += _wd[i] * inv * inv;
        }
        // θ = α_T F̄ (a1 − m a2 − θ a3) and m b0 = b1 − θ a2 (m = 0 when b0 ≈ 0, as in the iteration).
        double theta, m;
        if (b0 > 1e-12)
        {
            double det = (1 + alphaT * fBar * a3) * b0 - alphaT * fBar * a2 * a2;
            theta = (alphaT * fBar * a1 * b0 - alphaT * fBar * a2 * b1) / det;
            m = (b1 - a2 * theta) / b0;
        }
        else
        {
            m = 0;
            theta = alphaT * fBar * a1 / (1 + alphaT * fBar * a3);
        }
        double thh = alphaT * (a1 - m * a2 - theta * a3);
        double psi = psh * hBar;
        // q̂ = c0 + C q, q = E q̂ + g  ⇒  (I − E C) q = E c0 + g.
        double c10 = 0, c20 = 0, c11 = 0, c12 = 0, c22 = 0;
        for (int i = 0; i < _k.Length; i++)
        {
            double m1 = _mu1[i], m2 = _mu2[i], w = _wk[i];
            double inv = 1.0 / (1 + m1 * m1 * v1 + m2 * m2 * v2);
            double cc = _mu0[i] * m + m1 * _k[i] * theta;
            double b = cc * cc + _hh[i] - 2 * cc * _h[i] - 2 * m1 * psi * _h1[i];
            c10 += w * m1 * m1 * b * inv * inv;
            c20 += w * m2 * m2 * b * inv * inv;
            c11 += w * m1 * m1 * m1 * m1 * inv * inv;
            c12 += w * m1 * m1 * m2 * m2 * inv * inv;
            c22 += w * m2 * m2 * m2 * m2 * inv * inv;
        }
        c10 *= alphaT; c20 *= alphaT; c11 *= alphaT; c12 *= alphaT; c22 *= alphaT;
        double g1 = 0, g2 = 0;
        for (int i = 0; i < _d.Length; i++)
        {
            double inv = 1.0 / (lambda + vh1 * _d[i] + vh2);
            double extra = thh * thh * _f[i] + psh * psh * _hs[i];
            g1 += _wd[i] * _d[i] * extra * inv * inv;
            g2 += _wd[i] * extra * inv * inv;
        }
        // M = I − E C with E = [[e11, e12], [e12, e22]], C = [[c11, c12], [c12, c22]].
        double m11 = 1 - (e11 * c11 + e12 * c12), m12 = -(e11 * c12 + e12 * c22);
        double m21 = -(e12 * c11 + e22 * c12), m22 = 1 - (e12 * c12 + e22 * c22);
        double r1 = e11 * c10 + e12 * c20 + g1, r2 = e12 * c10 + e22 * c20 + g2;
        double detQ = m11 * m22 - m12 * m21;
        double q1 = (r1 * m22 - m12 * r2) / detQ, q2 = (m11 * r2 - m21 * r1) / detQ;
        var x = new SpikedRfOverlaps(q1, q2, v1, v2, theta, psi, m);
        var check = Update(x, alphaT);
        double residual = check.IsFinite && x.IsFinite ? check.MaxDifference(x) : double.PositiveInfinity;
        bool ok = residual < Math.Max(_o.Tolerance, 1e-7) * 10 && q1 >= 0 && q2 >= 0;
        return new SpikedRfTheoryPoint(alpha, ok ? TestError(x) : double.NaN, it, residual, ok, double.NaN, x);
    }

    /// <summary>Solves every α in order, warm-starting each from the previous solution (continuation).</summary>
    public IReadOnlyList<SpikedRfTheoryPoint> Curve(IReadOnlyList<double> alphas, Action<int>? progress = null, CancellationToken cancel = default)
    {
        var points = new List<SpikedRfTheoryPoint>(alphas.Count);
        SpikedRfOverlaps? warm = null;
        for (int i = 0; i < alphas.Count; i++)
        {
            var point = Solve(alphas[i], warm, cancel);
            points.Add(point);
            warm = point.Overlaps;
            progress?.Invoke(i + 1);
        }
        return points;
    }

    private SpikedRfTheoryPoint Iterate(double alpha, SpikedRfOverlaps x, double damping, CancellationToken cancel)
    {
        double alphaT = alpha / _o.Beta; // α_T = n/p
        double residual = double.PositiveInfinity;
        for (int it = 1; it <= _o.MaxIterations; it++)
        {
            if ((it & 255) == 0) cancel.ThrowIfCancellationRequested();
            var next = Update(x, alphaT);
            if (!next.IsFinite || Math.Abs(next.Q1) > 1e12 || Math.Abs(next.M) > 1e12)
                return new SpikedRfTheoryPoint(alpha, double.NaN, it, double.PositiveInfinity, false, damping, x);
            residual = next.MaxDifference(x);
            x = next.Blend(x, damping);
            if (residual < _o.Tolerance)
                return new SpikedRfTheoryPoint(alpha, TestError(x), it, residual, true, damping, x);
        }
        return new SpikedRfTheoryPoint(alpha, TestError(x), _o.MaxIterations, residual, false, damping, x);
    }

    /// <summary>One sweep: hats from the overlaps, then new overlaps from the hats; m from the old overlaps.</summary>
    private SpikedRfOverlaps Update(SpikedRfOverlaps o, double alphaT)
    {
        double qh1 = 0, qh2 = 0, vh1 = 0, vh2 = 0, thh = 0, psh = 0, mNum = 0, mDen = 0;
        for (int i = 0; i < _k.Length; i++)
        {
            double m1 = _mu1[i], m2 = _mu2[i], m0 = _mu0[i], k = _k[i], w = _wk[i];
            double v = m1 * m1 * o.V1 + m2 * m2 * o.V2;
            double q = m1 * m1 * o.Q1 + m2 * m2 * o.Q2;
            double cc = m0 * o.M + m1 * k * o.Theta;
            // Residual energy B(κ); the μ1²ψ² terms cancel.
            double b = cc * cc + _hh[i] - 2 * cc * _h[i] - 2 * m1 * o.Psi * _h1[i] + q;
            double inv = 1.0 / (1 + v);
            qh1 += w * m1 * m1 * b * inv * inv;
            qh2 += w * m2 * m2 * b * inv * inv;
            vh1 += w * m1 * m1 * inv;
            vh2 += w * m2 * m2 * inv;
            thh += w * k * m1 * (_h[i] - cc) * inv;
            psh += w * m1 * _h1[i] * inv;
            mNum += w * m0 * (_h[i] - m1 * k * o.Theta) * inv;
            mDen += w * m0 * m0 * inv;
        }
        qh1 *= alphaT; qh2 *= alphaT; vh1 *= alphaT; vh2 *= alphaT; thh *= alphaT; psh *= alphaT;

        double q1 = 0, q2 = 0, v1 = 0, v2 = 0, th = 0, ps = 0;
        double lambda = _o.Ridge;
        for (int i = 0; i < _d.Length; i++)
        {
            double dd = _d[i], w = _wd[i];
            double s = lambda + vh1 * dd + vh2;
            double a = qh1 * dd + qh2 + thh * thh * _f[i] + psh * psh * _hs[i];
            double inv = 1.0 / s;
            q1 += w * dd * a * inv * inv;
            q2 += w * a * inv * inv;
            v1 += w * dd * inv;
            v2 += w * inv;
            th += w * _f[i] * inv;
            ps += w * _hs[i] * inv;
        }
        double m = mDen > 1e-12 ? mNum / mDen : 0.0;
        return new SpikedRfOverlaps(q1, q2, v1, v2, thh * th, psh * ps, m);
    }

    /// <summary>ε = E_κ[hh − 2cc·h − 2μ1ψ·h1 + cc² + μ1²q1 + μ2²q2].</summary>
    public double TestError(SpikedRfOverlaps o) => Sum(i =>
    {
        double cc = _mu0[i] * o.M + _mu1[i] * _k[i] * o.Theta;
        return _hh[i] - 2 * cc * _h[i] - 2 * _mu1[i] * o.Psi * _h1[i] + cc * cc
            + _mu1[i] * _mu1[i] * o.Q1 + _mu2[i] * _mu2[i] * o.Q2;
    });

    private double Sum(Func<int, double> f)
    {
        double s = 0;
        for (int i = 0; i < _k.Length; i++) s += _wk[i] * f(i);
        return s;
    }

    private static void Validate(SpikedRfParameters spike, SpikedRfTheoryOptions o)
    {
        if (!double.IsFinite(spike.R) || spike.R < 0 || !double.IsFinite(spike.C) || spike.C <= 0 || !double.IsFinite(spike.Gamma) || Math.Abs(spike.Gamma) > 1)
            throw new FeatureLearningException("FeatureLearning.InvalidSpike",
                $"The spike needs r ≥ 0, c > 0 and |gamma| ≤ 1 (got r = {spike.R}, c = {spike.C}, gamma = {spike.Gamma}).");
        if (!double.IsFinite(o.Ridge) || o.Ridge < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Ridge must be non-negative and finite, got {o.Ridge}.");
        if (!double.IsFinite(o.Noise) || o.Noise < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidNoise", $"-Noise must be non-negative and finite, got {o.Noise}.");
        if (!(o.Damping >= 0 && o.Damping < 1))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Damping must be in [0, 1), got {o.Damping}.");
        if (!(o.Tolerance > 0) || o.MaxIterations < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", "The tolerance must be positive and MaxIterations at least 1.");
        if (!Enum.IsDefined(o.Activation) || !Enum.IsDefined(o.Target))
            throw new FeatureLearningException("FeatureLearning.UnknownActivation", $"Unknown activation '{o.Activation}' or link '{o.Target}'.");
    }
}
