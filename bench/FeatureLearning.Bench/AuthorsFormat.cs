using System.Globalization;
using FeatureLearning.Core.Theory.OnlineSgd;

namespace FeatureLearning.Bench;

/// <summary>
/// Files exchanged with the scripts that run the authors' code (bench/authors_ode.py, bench/authors_srf.py): nothing of
/// that code is here, only the layout of the initial-state line their iid_Ode.py reads and our curves as CSV.
/// </summary>
internal static class AuthorsFormat
{
    /// <summary>
    /// Our initial order parameters as one line of the authors' ODE output (three leading columns, then Q[k, l] for
    /// l ≤ k, R[β, k] for their four clusters, v). Their units: noise variance σ² = 1/snr and unit-norm means, their
    /// clusters ±e1 labelled −1 and ±e2 labelled +1 (ours: ±e1 labelled +1, ±e2 −1, so their e1 is our e2). Their R[β]
    /// is the mean of the pre-activations in cluster β, ours s·m·R[:, a] (m = √snr); their Q the covariance over σ²,
    /// ours Q (unit noise): Q' = snr·Q. Their row init_time = 0 is read.
    /// </summary>
    public static void WriteInitialState(string path, OrderParameters s, double snr)
    {
        int k = s.Hidden;
        double m = Math.Sqrt(snr);
        var values = new List<double> { 0, 0, 0 };
        for (int i = 0; i < k; i++)
            for (int l = 0; l <= i; l++) values.Add(snr * s.Q[i * k + l]);
        // Their clusters in order: +e1 (−1), −e1 (−1), +e2 (+1), −e2 (+1) → our direction 1, then 0, with signs +, −.
        foreach (var (direction, sign) in new[] { (1, 1.0), (1, -1.0), (0, 1.0), (0, -1.0) })
            for (int i = 0; i < k; i++) values.Add(sign * m * s.R[i * s.Directions + direction]);
        values.AddRange(s.V);
        // Twice: their reader indexes the rows of np.loadtxt, which a one-line file does not have.
        string line = string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        File.WriteAllText(path, line + "\n" + line + "\n");
    }

    /// <summary>A curve as CSV: x (time or α), error, loss (NaN where there is none).</summary>
    public static void WriteCurve(string path, IEnumerable<(double X, double Error, double Loss)> points) =>
        File.WriteAllLines(path, points.Select(p => string.Join(",",
            new[] { p.X, p.Error, p.Loss }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
}
