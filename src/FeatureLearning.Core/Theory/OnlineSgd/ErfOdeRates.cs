namespace FeatureLearning.Core.Theory.OnlineSgd;

/// <summary>
/// The right-hand side of the online-SGD ODEs for g(u) = erf(u/√2) in closed form (no Monte Carlo). Every average is
/// reduced to one- and two-field moments: g' = √(2/π)e^{−u²/2} is a Gaussian kernel, so E[g'(λ_k) F] = E[g'(λ_k)]·E'[F]
/// under a Gaussian "tilted" by e^{−λ_k²/2} (a rank-one precision update, Sherman–Morrison); the remaining E'[g ν],
/// E'[g λ] follow from Stein's lemma and E'[g g] from the bivariate normal CDF (<see cref="ErfGaussianMoments"/>).
/// The η² term needs E[g'_k g'_l g_i g_j], K⁴ bivariate CDFs per cluster: meant for small K and for checking the
/// Monte Carlo route.
/// </summary>
public static class ErfOdeRates
{
    private const double TwoOverPi = 0.63661977236758134308;

    /// <summary>Writes dR/dt, dQ/dt, dv/dt and ε_g at <paramref name="s"/> into <paramref name="rates"/> (TestError untouched).</summary>
    public static void Evaluate(OnlineSgdOdeOptions o, OrderParameters s, OdeRates rates)
    {
        int K = s.Hidden, A = s.Directions, n = K + A;
        var clusters = MixtureCluster.For(o.Kind);
        double m = Math.Sqrt(o.Snr), eta = o.LearningRate, reg = o.Regularization;
        var v = s.V;
        var covariance = s.FieldCovariance();
        var mean = new double[n];
        var dv = new double[K];
        var dr = new double[K * A];
        var drift = new double[K * K]; // v_k E[e g'_k λ_l]
        var noise = new double[K * K]; // v_k v_l E[g'_k g'_l e²]
        double loss = 0;
        var tiltedMean = new double[n];
        var tiltedCovariance = new double[n * n];
        var tilted2Mean = new double[n];
        var tilted2Covariance = new double[n * n];
        foreach (var c in clusters)
        {
            for (int k = 0; k < K; k++) mean[k] = c.Sign * m * s.R[k * A + c.Direction];
            for (int a = 0; a < A; a++) mean[K + a] = a == c.Direction ? c.Sign * m : 0.0;
            double y = c.Label, p = c.Probability;
            // ε_g and dv: E[e g_k] = y E[g_k] − Σ_j v_j E[g_j g_k].
            double squared = 1;
            for (int k = 0; k < K; k++)
            {
                double gk = Mean(mean, covariance, n, k);
                double egk = y * gk;
                for (int j = 0; j < K; j++) egk -= v[j] * Pair(mean, covariance, n, j, k);
                dv[k] += p * egk;
                squared -= 2 * y * v[k] * gk;
                for (int j = 0; j < K; j++) squared += v[k] * v[j] * Pair(mean, covariance, n, k, j);
            }
            loss += p * 0.5 * squared;
            for (int k = 0; k < K; k++)
            {
                // weight = E[g'(λ_k)] = √(2/π)·E[e^{−λ_k²/2}]; under the tilt, E[e·X_b] for any field b (ν_a or λ_l).
                double weight = Math.Sqrt(TwoOverPi) * Tilt(mean, covariance, n, k, 1.0, tiltedMean, tiltedCovariance);
                for (int b = 0; b < n; b++)
                {
                    double value = y * tiltedMean[b];
                    for (int j = 0; j < K; j++) value -= v[j] * GTimesField(tiltedMean, tiltedCovariance, n, j, b);
                    value *= weight * v[k] * p;
                    if (b < K) drift[k * K + b] += value;
                    else dr[k * A + (b - K)] += value;
                }
                if (eta == 0) continue;
                for (int l = k; l < K; l++)
                {
                    // E[g'_k g'_l e²] = (2/π) N · E''[(y − f)²] under the Gaussian tilted by e^{−λ_k²/2 − λ_l²/2}.
                    double norm = weight / Math.Sqrt(TwoOverPi)
                        * Tilt(tiltedMean, tiltedCovariance, n, l, 1.0, tilted2Mean, tilted2Covariance);
                    double e2 = 1;
                    for (int i = 0; i < K; i++)
                    {
                        e2 -= 2 * y * v[i] * Mean(tilted2Mean, tilted2Covariance, n, i);
                        for (int j = 0; j < K; j++) e2 += v[i] * v[j] * Pair(tilted2Mean, tilted2Covariance, n, i, j);
                    }
                    double value = p * TwoOverPi * norm * e2 * v[k] * v[l];
                    noise[k * K + l] += value;
                    if (l != k) noise[l * K + k] += value;
                }
            }
        }
        for (int k = 0; k < K; k++)
        {
            rates.V[k] = o.TrainSecondLayer ? o.SecondRate * (dv[k] - o.SecondRegularization * v[k]) : 0.0;
            for (int a = 0; a < A; a++) rates.R[k * A + a] = eta * (dr[k * A + a] - reg * s.R[k * A + a]);
            for (int l = 0; l < K; l++)
                rates.Q[k * K + l] = eta * (drift[k * K + l] + drift[l * K + k] - 2 * reg * s.Q[k * K + l]) + eta * eta * noise[k * K + l];
        }
        rates.TestLoss = loss;
    }

    private static double Mean(double[] mu, double[] cov, int n, int j) => ErfGaussianMoments.Mean(mu[j], cov[j * n + j]);

    private static double Pair(double[] mu, double[] cov, int n, int i, int j) =>
        ErfGaussianMoments.PairMean(mu[i], mu[j], cov[i * n + i], cov[j * n + j], cov[i * n + j]);

    /// <summary>E[g(λ_j) X_b] = μ_b E[g(λ_j)] + Σ_jb E[g'(λ_j)] (Stein's lemma).</summary>
    private static double GTimesField(double[] mu, double[] cov, int n, int j, int b) =>
        mu[b] * ErfGaussianMoments.Mean(mu[j], cov[j * n + j]) + cov[j * n + b] * ErfGaussianMoments.DerivativeMean(mu[j], cov[j * n + j]);

    /// <summary>
    /// Tilts N(μ, Σ) by e^{−a x_k²/2}: writes the tilted mean and covariance and returns E[e^{−a x_k²/2}]
    /// = exp(−a μ_k²/(2(1 + aΣ_kk)))/√(1 + aΣ_kk).
    /// </summary>
    private static double Tilt(double[] mu, double[] cov, int n, int k, double a, double[] muOut, double[] covOut)
    {
        double denominator = 1 + a * cov[k * n + k];
        double shift = a * mu[k] / denominator;
        for (int i = 0; i < n; i++)
        {
            muOut[i] = mu[i] - cov[i * n + k] * shift;
            for (int j = 0; j < n; j++) covOut[i * n + j] = cov[i * n + j] - a * cov[i * n + k] * cov[k * n + j] / denominator;
        }
        return Math.Exp(-a * mu[k] * mu[k] / (2 * denominator)) / Math.Sqrt(denominator);
    }
}
