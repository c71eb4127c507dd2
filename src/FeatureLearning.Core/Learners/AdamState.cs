namespace FeatureLearning.Core.Learners;

/// <summary>Adam's bias-corrected moment estimates for one parameter array (β1 = 0.9, β2 = 0.999, ε = 10⁻⁸).</summary>
public sealed class AdamState(int length)
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly double[] _first = new double[length];
    private readonly double[] _second = new double[length];

    /// <summary>One step p ← p − η m̂ / (√v̂ + ε) with gradient <paramref name="g"/> at step <paramref name="t"/> ≥ 1.</summary>
    public void Step(Span<double> p, ReadOnlySpan<double> g, double learningRate, long t)
    {
        double c1 = 1 - Math.Pow(Beta1, t), c2 = 1 - Math.Pow(Beta2, t);
        var m = _first; var v = _second;
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = Beta1 * m[i] + (1 - Beta1) * g[i];
            v[i] = Beta2 * v[i] + (1 - Beta2) * g[i] * g[i];
            p[i] -= learningRate * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + Epsilon);
        }
    }
}
