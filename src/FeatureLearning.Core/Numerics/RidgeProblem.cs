namespace FeatureLearning.Core.Numerics;

/// <summary>
/// A ridge system (S + λ'I) x = r, λ' = max(λ, floor·tr(S)/s), built once and solved for every value of a ridge grid:
/// S (the kernel or normal-equation matrix, of which only the lower triangle is read), r and the map from x to
/// validation predictions are computed by the caller a single time, so each grid value costs one Cholesky
/// factorisation of a copy of S and two triangular solves. (One eigendecomposition of S would make each value
/// O(s²) instead, but LAPACK's dsyevd on one core costs more than the seven factorisations of the standard grid on
/// two: 1.0 s against 0.63 s of CPU at s = 1600 — docs/performance.md.)
/// </summary>
public sealed class RidgeProblem
{
    private readonly double[] _s, _rhs, _work;
    private readonly int _size;
    private readonly double _floor;
    private readonly Func<double[], double[]> _predict;

    /// <param name="s">Symmetric positive semi-definite s×s matrix, row-major; only its lower triangle is read, never written.</param>
    /// <param name="size">s.</param>
    /// <param name="rhs">r (s entries).</param>
    /// <param name="floorRelativeToTrace">λ' is at least this times tr(S)/s (the floor of the learner's own solve).</param>
    /// <param name="predict">Maps the solution x to validation predictions.</param>
    public RidgeProblem(double[] s, int size, double[] rhs, double floorRelativeToTrace, Func<double[], double[]> predict)
    {
        if (s.Length < (long)size * size || rhs.Length < size) throw new ArgumentException("Array sizes do not match the given dimensions.");
        _s = s; _size = size; _rhs = rhs; _predict = predict;
        double trace = 0;
        for (int i = 0; i < size; i++) trace += s[(long)i * size + i];
        _floor = floorRelativeToTrace * trace / Math.Max(1, size);
        _work = new double[(long)size * size];
    }

    /// <summary>The effective ridge λ' used for <paramref name="lambda"/>.</summary>
    public double EffectiveRidge(double lambda) => Math.Max(lambda, _floor);

    /// <summary>x = (S + λ'I)⁻¹ r. Throws FeatureLearning.NotPositiveDefinite when the shifted matrix is not.</summary>
    public double[] Solve(double lambda, CancellationToken cancel = default)
    {
        int n = _size;
        // Only the lower triangle is copied: all the factorisation reads.
        for (int i = 0; i < n; i++) Array.Copy(_s, (long)i * n, _work, (long)i * n, i + 1);
        double ridge = EffectiveRidge(lambda);
        for (int i = 0; i < n; i++) _work[(long)i * n + i] += ridge;
        DenseMath.Cholesky(_work, n, cancel);
        var x = _rhs.AsSpan(0, n).ToArray();
        DenseMath.CholeskySolve(_work, n, x);
        return x;
    }

    /// <summary>Validation predictions at ridge <paramref name="lambda"/>.</summary>
    public double[] Predict(double lambda, CancellationToken cancel = default) => _predict(Solve(lambda, cancel));
}
