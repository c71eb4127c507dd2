namespace FeatureLearning.Core.Theory;

/// <summary>
/// Quadrature for averages over the Marchenko–Pastur law with ratio β = p/d (mean 1, second moment 1 + β): the
/// large-d limit of the eigenvalues of W0 W0ᵀ for p unit-norm rows in dimension d. Chebyshev-type nodes on the
/// support [(1−√β)², (1+√β)²] plus the atom 1 − 1/β at zero when β > 1 (Cui et al. detail, II.4).
/// </summary>
public sealed class MarchenkoPastur
{
    public MarchenkoPastur(double beta, int nodes = 1000)
    {
        if (!double.IsFinite(beta) || beta <= 0)
            throw new FeatureLearningException("FeatureLearning.InvalidBeta",
                $"-Beta = p/d must be positive and finite, got {beta}.");
        if (nodes < 10)
            throw new FeatureLearningException("FeatureLearning.InvalidQuadrature", $"The spectral quadrature needs at least 10 nodes, got {nodes}.");
        Beta = beta;
        double a = Math.Pow(1 - Math.Sqrt(beta), 2), b = Math.Pow(1 + Math.Sqrt(beta), 2);
        bool atom = beta > 1;
        int count = nodes + (atom ? 1 : 0);
        var x = new double[count];
        var w = new double[count];
        double half = 0.5 * (b - a);
        for (int j = 0; j < nodes; j++)
        {
            // x = (a+b)/2 + (b−a)/2 cos θ turns the density √((b−x)(x−a))/(2πβx) dx into a smooth integrand in θ.
            double theta = (j + 0.5) * Math.PI / nodes;
            x[j] = 0.5 * (a + b) + half * Math.Cos(theta);
            double s = Math.Sin(theta);
            w[j] = half * half * s * s / (2 * Math.PI * beta * x[j]) * (Math.PI / nodes);
        }
        if (atom)
        {
            x[nodes] = 0.0;
            w[nodes] = 1.0 - 1.0 / beta;
        }
        double total = w.Sum();
        for (int j = 0; j < count; j++) w[j] /= total;
        Nodes = x;
        Weights = w;
    }

    public double Beta { get; }

    /// <summary>Eigenvalue nodes of the unscaled law (multiply by c for c·W0 W0ᵀ).</summary>
    public double[] Nodes { get; }

    /// <summary>Probability weights (sum 1).</summary>
    public double[] Weights { get; }

    /// <summary>∫ f dMP.</summary>
    public double Mean(Func<double, double> f)
    {
        double s = 0;
        for (int j = 0; j < Nodes.Length; j++) s += Weights[j] * f(Nodes[j]);
        return s;
    }
}
