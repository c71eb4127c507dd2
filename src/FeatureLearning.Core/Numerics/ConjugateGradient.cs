using System.Numerics.Tensors;

namespace FeatureLearning.Core.Numerics;

/// <summary>Conjugate gradient for a symmetric positive-definite operator, from x₀ = 0.</summary>
public static class ConjugateGradient
{
    /// <summary>
    /// Solves A x = b. Stops after <paramref name="maxIterations"/> or when ‖b − Ax‖ ≤ tolerance·‖b‖ (the recursive
    /// residual). <paramref name="afterIteration"/> gets (iteration, relative residual) and may throw to cancel.
    /// </summary>
    public static (double[] X, int Iterations, double RelativeResidual) Solve(Action<double[], double[]> apply, ReadOnlySpan<double> b,
        int maxIterations, double tolerance, Action<int, double>? afterIteration = null)
    {
        int m = b.Length;
        var x = new double[m];
        var r = b.ToArray();
        var p = b.ToArray();
        var ap = new double[m];
        double bNorm = Math.Sqrt(TensorPrimitives.Dot(b, b));
        if (bNorm == 0) return (x, 0, 0);
        double rr = bNorm * bNorm;
        int it = 0;
        double relative = 1;
        while (it < maxIterations && relative > tolerance)
        {
            apply(p, ap);
            double pap = TensorPrimitives.Dot(p, ap);
            if (!(pap > 0)) break; // numerically converged (or not positive definite): keep the last iterate
            double step = rr / pap;
            TensorPrimitives.MultiplyAdd(p, step, x, x);
            TensorPrimitives.MultiplyAdd(ap, -step, r, r);
            double next = TensorPrimitives.Dot(r, r);
            TensorPrimitives.MultiplyAdd(p, next / rr, r, p);
            rr = next;
            it++;
            relative = Math.Sqrt(rr) / bNorm;
            afterIteration?.Invoke(it, relative);
        }
        return (x, it, relative);
    }
}
