using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace FeatureLearning.Core.Learners;

/// <summary>
/// The two halves of a per-sample step of a two-layer net, fused over hidden units: every unit's w_k·x in one pass
/// over x, and w_k += c_k x for several units in one pass. Four units share each load of x (one load of x per four
/// FMAs instead of one per FMA), with 512- or 256-bit vectors as the processor allows; no allocation.
/// </summary>
internal static unsafe class HiddenUnitKernels
{
    /// <summary>dots[k] = w_k·x for the K rows of row-major w (K×d).</summary>
    public static void Dots(double[] w, int hidden, int d, ReadOnlySpan<double> x, Span<double> dots)
    {
        fixed (double* pw = w, px = x)
        {
            int k = 0;
            for (; k + 4 <= hidden; k += 4)
            {
                double* w0 = pw + (long)k * d;
                Dot4(w0, w0 + d, w0 + 2L * d, w0 + 3L * d, px, d, out dots[k], out dots[k + 1], out dots[k + 2], out dots[k + 3]);
            }
            for (; k < hidden; k++) dots[k] = TensorPrimitives.Dot(new ReadOnlySpan<double>(pw + (long)k * d, d), x);
        }
    }

    /// <summary>w_k += c_k x for every k with c_k ≠ 0 (inactive ReLU units cost nothing).</summary>
    public static void AddScaled(double[] w, int hidden, int d, ReadOnlySpan<double> coefficients, ReadOnlySpan<double> x)
    {
        Span<int> active = hidden <= 256 ? stackalloc int[hidden] : new int[hidden];
        int count = 0;
        for (int k = 0; k < hidden; k++) if (coefficients[k] != 0) active[count++] = k;
        fixed (double* pw = w, px = x)
        {
            int i = 0;
            for (; i + 4 <= count; i += 4)
                Axpy4(pw + (long)active[i] * d, pw + (long)active[i + 1] * d, pw + (long)active[i + 2] * d, pw + (long)active[i + 3] * d,
                    coefficients[active[i]], coefficients[active[i + 1]], coefficients[active[i + 2]], coefficients[active[i + 3]], px, d);
            for (; i < count; i++)
            {
                var row = new Span<double>(pw + (long)active[i] * d, d);
                TensorPrimitives.MultiplyAdd(x, coefficients[active[i]], row, row);
            }
        }
    }

    private static void Dot4(double* w0, double* w1, double* w2, double* w3, double* x, int d,
        out double s0, out double s1, out double s2, out double s3)
    {
        int j = 0;
        s0 = s1 = s2 = s3 = 0;
        if (Vector512.IsHardwareAccelerated && d >= 8)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; j + 8 <= d; j += 8)
            {
                var xv = Vector512.Load(x + j);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(w0 + j), xv, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(w1 + j), xv, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(w2 + j), xv, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(w3 + j), xv, a3);
            }
            s0 = Vector512.Sum(a0); s1 = Vector512.Sum(a1); s2 = Vector512.Sum(a2); s3 = Vector512.Sum(a3);
        }
        else if (Vector256.IsHardwareAccelerated && d >= 4)
        {
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; j + 4 <= d; j += 4)
            {
                var xv = Vector256.Load(x + j);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(w0 + j), xv, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + j), xv, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + j), xv, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + j), xv, a3);
            }
            s0 = Vector256.Sum(a0); s1 = Vector256.Sum(a1); s2 = Vector256.Sum(a2); s3 = Vector256.Sum(a3);
        }
        for (; j < d; j++)
        {
            double xj = x[j];
            s0 += w0[j] * xj; s1 += w1[j] * xj; s2 += w2[j] * xj; s3 += w3[j] * xj;
        }
    }

    private static void Axpy4(double* w0, double* w1, double* w2, double* w3, double c0, double c1, double c2, double c3, double* x, int d)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated && d >= 8)
        {
            var v0 = Vector512.Create(c0); var v1 = Vector512.Create(c1); var v2 = Vector512.Create(c2); var v3 = Vector512.Create(c3);
            for (; j + 8 <= d; j += 8)
            {
                var xv = Vector512.Load(x + j);
                Vector512.FusedMultiplyAdd(xv, v0, Vector512.Load(w0 + j)).Store(w0 + j);
                Vector512.FusedMultiplyAdd(xv, v1, Vector512.Load(w1 + j)).Store(w1 + j);
                Vector512.FusedMultiplyAdd(xv, v2, Vector512.Load(w2 + j)).Store(w2 + j);
                Vector512.FusedMultiplyAdd(xv, v3, Vector512.Load(w3 + j)).Store(w3 + j);
            }
        }
        else if (Vector256.IsHardwareAccelerated && d >= 4)
        {
            var v0 = Vector256.Create(c0); var v1 = Vector256.Create(c1); var v2 = Vector256.Create(c2); var v3 = Vector256.Create(c3);
            for (; j + 4 <= d; j += 4)
            {
                var xv = Vector256.Load(x + j);
                Vector256.FusedMultiplyAdd(xv, v0, Vector256.Load(w0 + j)).Store(w0 + j);
                Vector256.FusedMultiplyAdd(xv, v1, Vector256.Load(w1 + j)).Store(w1 + j);
                Vector256.FusedMultiplyAdd(xv, v2, Vector256.Load(w2 + j)).Store(w2 + j);
                Vector256.FusedMultiplyAdd(xv, v3, Vector256.Load(w3 + j)).Store(w3 + j);
            }
        }
        for (; j < d; j++)
        {
            double xj = x[j];
            w0[j] = Math.FusedMultiplyAdd(xj, c0, w0[j]); w1[j] = Math.FusedMultiplyAdd(xj, c1, w1[j]);
            w2[j] = Math.FusedMultiplyAdd(xj, c2, w2[j]); w3[j] = Math.FusedMultiplyAdd(xj, c3, w3[j]);
        }
    }
}
