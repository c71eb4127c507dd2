using System.Numerics.Tensors;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>One entry of an empirical tangent kernel with its Monte Carlo standard error (valid for i.i.d. random units).</summary>
public readonly record struct TangentKernelValue(double Value, double SecondLayerPart, double FirstLayerPart, double StandardError, double SecondLayerStandardError);

/// <summary>
/// The tangent kernel of a finite net f(x) = Σ_j a_j ReLU(w_j·x), Θ(x, x') = ∇_θ f(x)·P ∇_θ f(x') with layer rates P:
/// Θ = ρ_a Σ_j ReLU(w_j·x) ReLU(w_j·x') + ρ_w (x·x') Σ_j a_j² 1{w_j·x &gt; 0} 1{w_j·x' &gt; 0}.
/// ρ_a = ρ_w = 1 is the kernel of gradient descent on (a, W) as stored; for <see cref="WideReluNet.RandomNtk"/>,
/// ρ_a = 1/m and ρ_w = 1/d give the NTK parametrisation's kernel, whose m → ∞ limit is K1 + s·K0 with s = x·x'/d.
/// </summary>
public static class EmpiricalTangentKernel
{
    /// <summary>The layer rates (ρ_a, ρ_w) = (1/m, 1/d) that turn the stored weights of a RandomNtk net into the NTK parametrisation.</summary>
    public static (double SecondLayer, double FirstLayer) NtkRates(WideReluNet net) => (1.0 / net.Width, 1.0 / net.InputDimension);

    /// <summary>
    /// Θ(x, x') and its standard error √m·sd(c_j) over the per-unit contributions c_j. The error is that of Θ as a Monte
    /// Carlo estimate of its infinite-width mean, so it is meaningful for a net at random initialisation only.
    /// </summary>
    public static TangentKernelValue Pair(WideReluNet net, ReadOnlySpan<double> x, ReadOnlySpan<double> y, double secondLayerRate, double firstLayerRate)
    {
        int m = net.Width, d = net.InputDimension;
        if (x.Length != d || y.Length != d)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch", $"The net expects inputs of dimension {d}.");
        double xy = DenseMath.Dot(x, y);
        double sum = 0, sumSq = 0, partA = 0, partW = 0, sumSqA = 0;
        for (int j = 0; j < m; j++)
        {
            var row = net.W.AsSpan(j * d, d);
            double u = DenseMath.Dot(row, x), v = DenseMath.Dot(row, y);
            double ca = secondLayerRate * Math.Max(u, 0) * Math.Max(v, 0);
            double cw = u > 0 && v > 0 ? firstLayerRate * xy * net.A[j] * net.A[j] : 0.0;
            partA += ca; partW += cw; sumSqA += ca * ca;
            double c = ca + cw;
            sum += c; sumSq += c * c;
        }
        return new TangentKernelValue(sum, partA, partW, StandardError(sum, sumSq, m), StandardError(partA, sumSqA, m));
    }

    /// <summary>√m · sample sd of m contributions with the given sum and sum of squares: the error of their sum.</summary>
    private static double StandardError(double sum, double sumSq, int m)
    {
        if (m < 2) return double.NaN;
        double mean = sum / m;
        return Math.Sqrt(m * Math.Max(0, (sumSq - m * mean * mean) / (m - 1)));
    }

    /// <summary>
    /// Θ between the rows of x1 (n1×d) and x2 (n2×d) into output (n1×n2): three GEMMs, no per-pair loop over units, and one
    /// n1×n2 temporary besides the output (x·x' is formed in the output first). x2 may be x1 (a Gram matrix): its
    /// features are then computed once.
    /// </summary>
    public static void Matrix(WideReluNet net, double[] x1, int n1, double[] x2, int n2, double secondLayerRate, double firstLayerRate,
        double[] output, CancellationToken cancel = default)
    {
        int m = net.Width, d = net.InputDimension;
        if (output.Length < (long)n1 * n2) throw new ArgumentException("Output buffer too small.");
        var h1 = Features(net, x1, n1, cancel, out var g1);
        double[] h2 = h1, g2 = g1;
        if (!ReferenceEquals(x1, x2) || n1 != n2) h2 = Features(net, x2, n2, cancel, out g2);
        var o = output.AsSpan(0, n1 * n2);
        var gate = LargeArray.Doubles((long)n1 * n2);
        DenseMath.MultiplyABt(x1, n1, d, x2, n2, output, cancel);
        DenseMath.MultiplyABt(g1, n1, m, g2, n2, gate, cancel);
        TensorPrimitives.Multiply(gate, o, gate);
        DenseMath.MultiplyABt(h1, n1, m, h2, n2, output, cancel);
        TensorPrimitives.Multiply(o, secondLayerRate, o);
        TensorPrimitives.MultiplyAdd(gate, firstLayerRate, o, o);
    }

    /// <summary>ReLU features h_ij = ReLU(w_j·x_i) and gates g_ij = |a_j|·1{w_j·x_i &gt; 0}, so that g·g' sums a_j² over shared gates.</summary>
    private static double[] Features(WideReluNet net, double[] x, int n, CancellationToken cancel, out double[] gates)
    {
        int m = net.Width;
        var h = new double[(long)n * m];
        net.PreActivations(x, n, h, cancel);
        gates = new double[(long)n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                long k = (long)i * m + j;
                if (h[k] > 0) gates[k] = Math.Abs(net.A[j]);
                else h[k] = 0;
            }
        return h;
    }
}
