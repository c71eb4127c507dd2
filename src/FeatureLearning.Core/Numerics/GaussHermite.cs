using MathNet.Numerics.LinearAlgebra;

namespace FeatureLearning.Core.Numerics;

/// <summary>
/// Gauss–Hermite quadrature for expectations under the standard normal: E[f(z)] ≈ Σ w_i f(x_i), z ~ N(0,1)
/// (probabilists' weight, weights sum to 1). Nodes from the Golub–Welsch eigenvalue problem.
/// </summary>
public sealed class GaussHermite
{
    private static readonly Dictionary<int, GaussHermite> Cache = new();

    private GaussHermite(double[] nodes, double[] weights)
    {
        Nodes = nodes;
        Weights = weights;
    }

    public double[] Nodes { get; }

    public double[] Weights { get; }

    public int Order => Nodes.Length;

    /// <summary>The rule with <paramref name="order"/> nodes (cached; thread-safe).</summary>
    public static GaussHermite Create(int order)
    {
        if (order < 1 || order > 400) throw new ArgumentOutOfRangeException(nameof(order), "Order must be in 1..400.");
        lock (Cache)
        {
            if (!Cache.TryGetValue(order, out var rule))
            {
                rule = Compute(order);
                Cache[order] = rule;
            }
            return rule;
        }
    }

    /// <summary>E[f(z)] for z ~ N(0,1).</summary>
    public double Expect(Func<double, double> f)
    {
        double sum = 0;
        for (int i = 0; i < Nodes.Length; i++) sum += Weights[i] * f(Nodes[i]);
        return sum;
    }

    private static GaussHermite Compute(int n)
    {
        // Jacobi matrix of the probabilists' Hermite polynomials: off-diagonal sqrt(k), k = 1..n-1.
        var jacobi = Matrix<double>.Build.Dense(n, n);
        for (int k = 1; k < n; k++)
        {
            jacobi[k, k - 1] = Math.Sqrt(k);
            jacobi[k - 1, k] = Math.Sqrt(k);
        }
        var evd = jacobi.Evd(Symmetricity.Symmetric);
        var nodes = new double[n];
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            nodes[i] = evd.EigenValues[i].Real;
            double v0 = evd.EigenVectors[0, i];
            weights[i] = v0 * v0; // first component squared; the weight function has unit mass
        }
        Array.Sort(nodes, weights);
        // Symmetrise against round-off so odd moments vanish exactly.
        for (int i = 0; i < n / 2; i++)
        {
            double x = 0.5 * (nodes[n - 1 - i] - nodes[i]);
            double w = 0.5 * (weights[i] + weights[n - 1 - i]);
            nodes[i] = -x; nodes[n - 1 - i] = x;
            weights[i] = w; weights[n - 1 - i] = w;
        }
        if (n % 2 == 1) nodes[n / 2] = 0.0;
        double total = weights.Sum();
        for (int i = 0; i < n; i++) weights[i] /= total;
        return new GaussHermite(nodes, weights);
    }
}
