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

    /// <summary>
    /// <see cref="AddScaled"/> with x, then <see cref="Dots"/> with the next sample: one pass over w where the two take
    /// two, since the row just updated is still in a register when it meets the next sample (the two kernels alone:
    /// 15 % less time at K = 8, d = 500 with w in cache, alternating in one process). Every weight and every dot gets the bits
    /// the two calls give: AddScaled updates the first ⌊A/4⌋·4 active units with fused multiply-adds and the last
    /// A mod 4 with TensorPrimitives (a product, then a sum), so only the former are fused here and the latter are
    /// updated and dotted after the pass; units past the last group of four are dotted by TensorPrimitives, as in Dots.
    /// </summary>
    public static void AddScaledThenDots(double[] w, int hidden, int d, ReadOnlySpan<double> coefficients,
        ReadOnlySpan<double> x, ReadOnlySpan<double> next, Span<double> dots)
    {
        if (!Fuses(d))
        {
            AddScaled(w, hidden, d, coefficients, x);
            Dots(w, hidden, d, next, dots);
            return;
        }
        Span<int> active = hidden <= 256 ? stackalloc int[hidden] : new int[hidden];
        Span<int> rest = hidden <= 256 ? stackalloc int[hidden] : new int[hidden];
        int count = 0;
        for (int k = 0; k < hidden; k++) if (coefficients[k] != 0) active[count++] = k;
        int grouped = count / 4 * 4, blocked = hidden / 4 * 4, restCount = 0;
        fixed (double* pw = w, px = x, pn = next)
        {
            // The grouped active units: updated (fused, as Axpy4) and dotted in one pass.
            for (int i = 0; i < grouped; i += 4)
            {
                int k0 = active[i], k1 = active[i + 1], k2 = active[i + 2], k3 = active[i + 3];
                AxpyDot4(pw + (long)k0 * d, pw + (long)k1 * d, pw + (long)k2 * d, pw + (long)k3 * d,
                    coefficients[k0], coefficients[k1], coefficients[k2], coefficients[k3], px, pn, d,
                    out dots[k0], out dots[k1], out dots[k2], out dots[k3]);
            }
            // The late active units: a product, then a sum, as AddScaled leaves them to TensorPrimitives.
            for (int i = grouped; i < count; i++)
            {
                var row = new Span<double>(pw + (long)active[i] * d, d);
                TensorPrimitives.MultiplyAdd(x, coefficients[active[i]], row, row);
            }
            // Every unit not yet dotted, and the grouped ones past the last group of four (Dots gives those to
            // TensorPrimitives): Dot4's sums do not depend on which units share a call, so any four will do.
            for (int k = 0, g = 0; k < hidden; k++)
            {
                bool dotted = g < grouped && active[g] == k;
                if (dotted) g++;
                if (k >= blocked) dots[k] = TensorPrimitives.Dot(new ReadOnlySpan<double>(pw + (long)k * d, d), next);
                else if (!dotted) rest[restCount++] = k;
            }
            // In fours, the last four padded by repeating its last unit: one pass of four chains costs about what
            // one chain does (a single chain waits on each FMA's latency).
            for (int r = 0; r < restCount; r += 4)
            {
                int k0 = rest[r], k1 = rest[Math.Min(r + 1, restCount - 1)], k2 = rest[Math.Min(r + 2, restCount - 1)],
                    k3 = rest[Math.Min(r + 3, restCount - 1)];
                Dot4(pw + (long)k0 * d, pw + (long)k1 * d, pw + (long)k2 * d, pw + (long)k3 * d, pn, d,
                    out double s0, out double s1, out double s2, out double s3); // locals: a repeated unit must not alias
                dots[k0] = s0; dots[k1] = s1; dots[k2] = s2; dots[k3] = s3;
            }
        }
    }

    /// <summary>
    /// dots[s·K + k] = w_k·x_s for the batch rows x_s = x[rows[s]] (row-major, d columns): two samples against four
    /// units per pass, so each load of w serves two samples (6 loads per 8 FMAs instead of 5 per 4). Every dot is
    /// summed in the order of <see cref="Dots"/>, so a batch gives the same bits as its samples one by one.
    /// </summary>
    public static void BatchDots(double[] w, int hidden, int d, double[] x, ReadOnlySpan<int> rows, Span<double> dots)
    {
        fixed (double* pw = w, px = x)
        {
            int s = 0;
            for (; s + 2 <= rows.Length; s += 2)
            {
                double* x0 = px + (long)rows[s] * d, x1 = px + (long)rows[s + 1] * d;
                var d0 = dots.Slice(s * hidden, hidden); var d1 = dots.Slice((s + 1) * hidden, hidden);
                int k = 0;
                for (; k + 4 <= hidden; k += 4)
                {
                    double* w0 = pw + (long)k * d;
                    Dot4x2(w0, w0 + d, w0 + 2L * d, w0 + 3L * d, x0, x1, d, d0.Slice(k, 4), d1.Slice(k, 4));
                }
                for (; k < hidden; k++)
                {
                    var wk = new ReadOnlySpan<double>(pw + (long)k * d, d);
                    d0[k] = TensorPrimitives.Dot(wk, new ReadOnlySpan<double>(x0, d));
                    d1[k] = TensorPrimitives.Dot(wk, new ReadOnlySpan<double>(x1, d));
                }
            }
            if (s < rows.Length) Dots(w, hidden, d, new ReadOnlySpan<double>(px + (long)rows[s] * d, d), dots.Slice(s * hidden, hidden));
        }
    }

    /// <summary>
    /// gradient[k·d + j] = Σ_s c[s·K + k] x_s[j] over the batch rows, fused multiply-adds in sample order (the order
    /// depends on the batch only, not on the vector width): four units and two samples per sweep, so each load and
    /// store of the gradient serves two FMAs and each load of x four, where sample-by-sample updates
    /// (<see cref="AddScaled"/>) load and store it once per FMA.
    /// </summary>
    public static void BatchGradient(int hidden, int d, double[] x, ReadOnlySpan<int> rows, ReadOnlySpan<double> c, double[] gradient)
    {
        int count = rows.Length;
        fixed (double* px = x, pg = gradient, pc = c)
        fixed (int* po = rows)
        {
            int k = 0;
            for (; k + 4 <= hidden; k += 4) Gradient4(px, po, count, pc + k, hidden, d, pg + (long)k * d);
            for (; k < hidden; k++) Gradient1(px, po, count, pc + k, hidden, d, pg + (long)k * d);
        }
    }

    /// <summary>
    /// Four gradient rows g_0..g_3 (16 KiB at d = 500, in L1) swept once per pair of samples: the pair's eight
    /// coefficients stay in registers, its two rows stream in order (two prefetcher streams), each g vector is loaded
    /// and stored once per two FMAs. (Holding g in registers across the batch instead reads 64 rows interleaved, one
    /// cache line of each per step, which the prefetchers do not follow: 4× slower, measured.)
    /// </summary>
    private static void Gradient4(double* x, int* rows, int count, double* c, int stride, int d, double* g)
    {
        double* g0 = g, g1 = g + d, g2 = g + 2L * d, g3 = g + 3L * d;
        new Span<double>(g0, d).Clear(); new Span<double>(g1, d).Clear();
        new Span<double>(g2, d).Clear(); new Span<double>(g3, d).Clear();
        int s = 0;
        for (; s + 2 <= count; s += 2)
        {
            double* xa = x + (long)rows[s] * d, xb = x + (long)rows[s + 1] * d;
            double* ca = c + (long)s * stride, cb = ca + stride;
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var a0 = Vector256.Create(ca[0]); var a1 = Vector256.Create(ca[1]); var a2 = Vector256.Create(ca[2]); var a3 = Vector256.Create(ca[3]);
                var b0 = Vector256.Create(cb[0]); var b1 = Vector256.Create(cb[1]); var b2 = Vector256.Create(cb[2]); var b3 = Vector256.Create(cb[3]);
                for (; j + 4 <= d; j += 4)
                {
                    var u = Vector256.Load(xa + j); var v = Vector256.Load(xb + j);
                    Vector256.FusedMultiplyAdd(v, b0, Vector256.FusedMultiplyAdd(u, a0, Vector256.Load(g0 + j))).Store(g0 + j);
                    Vector256.FusedMultiplyAdd(v, b1, Vector256.FusedMultiplyAdd(u, a1, Vector256.Load(g1 + j))).Store(g1 + j);
                    Vector256.FusedMultiplyAdd(v, b2, Vector256.FusedMultiplyAdd(u, a2, Vector256.Load(g2 + j))).Store(g2 + j);
                    Vector256.FusedMultiplyAdd(v, b3, Vector256.FusedMultiplyAdd(u, a3, Vector256.Load(g3 + j))).Store(g3 + j);
                }
            }
            for (; j < d; j++)
            {
                double u = xa[j], v = xb[j];
                g0[j] = Math.FusedMultiplyAdd(v, cb[0], Math.FusedMultiplyAdd(u, ca[0], g0[j]));
                g1[j] = Math.FusedMultiplyAdd(v, cb[1], Math.FusedMultiplyAdd(u, ca[1], g1[j]));
                g2[j] = Math.FusedMultiplyAdd(v, cb[2], Math.FusedMultiplyAdd(u, ca[2], g2[j]));
                g3[j] = Math.FusedMultiplyAdd(v, cb[3], Math.FusedMultiplyAdd(u, ca[3], g3[j]));
            }
        }
        if (s < count)
        {
            double* xa = x + (long)rows[s] * d, ca = c + (long)s * stride;
            for (int k = 0; k < 4; k++) Accumulate(xa, ca[k], g + (long)k * d, d);
        }
    }

    private static void Gradient1(double* x, int* rows, int count, double* c, int stride, int d, double* g)
    {
        new Span<double>(g, d).Clear();
        for (int s = 0; s < count; s++) Accumulate(x + (long)rows[s] * d, c[(long)s * stride], g, d);
    }

    /// <summary>g += c·x with fused multiply-adds (the bits do not depend on the vector width).</summary>
    private static void Accumulate(double* x, double c, double* g, int d)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.Create(c);
            for (; j + 4 <= d; j += 4) Vector256.FusedMultiplyAdd(Vector256.Load(x + j), v, Vector256.Load(g + j)).Store(g + j);
        }
        for (; j < d; j++) g[j] = Math.FusedMultiplyAdd(x[j], c, g[j]);
    }

    private static void Dot4x2(double* w0, double* w1, double* w2, double* w3, double* x0, double* x1, int d, Span<double> out0, Span<double> out1)
    {
        int j = 0;
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        if (Vector512.IsHardwareAccelerated && d >= 8)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            for (; j + 8 <= d; j += 8)
            {
                var u = Vector512.Load(x0 + j); var v = Vector512.Load(x1 + j);
                var w = Vector512.Load(w0 + j); a0 = Vector512.FusedMultiplyAdd(w, u, a0); b0 = Vector512.FusedMultiplyAdd(w, v, b0);
                w = Vector512.Load(w1 + j); a1 = Vector512.FusedMultiplyAdd(w, u, a1); b1 = Vector512.FusedMultiplyAdd(w, v, b1);
                w = Vector512.Load(w2 + j); a2 = Vector512.FusedMultiplyAdd(w, u, a2); b2 = Vector512.FusedMultiplyAdd(w, v, b2);
                w = Vector512.Load(w3 + j); a3 = Vector512.FusedMultiplyAdd(w, u, a3); b3 = Vector512.FusedMultiplyAdd(w, v, b3);
            }
            p0 = Vector512.Sum(a0); p1 = Vector512.Sum(a1); p2 = Vector512.Sum(a2); p3 = Vector512.Sum(a3);
            q0 = Vector512.Sum(b0); q1 = Vector512.Sum(b1); q2 = Vector512.Sum(b2); q3 = Vector512.Sum(b3);
        }
        else if (Vector256.IsHardwareAccelerated && d >= 4)
        {
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            for (; j + 4 <= d; j += 4)
            {
                var u = Vector256.Load(x0 + j); var v = Vector256.Load(x1 + j);
                var w = Vector256.Load(w0 + j); a0 = Vector256.FusedMultiplyAdd(w, u, a0); b0 = Vector256.FusedMultiplyAdd(w, v, b0);
                w = Vector256.Load(w1 + j); a1 = Vector256.FusedMultiplyAdd(w, u, a1); b1 = Vector256.FusedMultiplyAdd(w, v, b1);
                w = Vector256.Load(w2 + j); a2 = Vector256.FusedMultiplyAdd(w, u, a2); b2 = Vector256.FusedMultiplyAdd(w, v, b2);
                w = Vector256.Load(w3 + j); a3 = Vector256.FusedMultiplyAdd(w, u, a3); b3 = Vector256.FusedMultiplyAdd(w, v, b3);
            }
            p0 = Vector256.Sum(a0); p1 = Vector256.Sum(a1); p2 = Vector256.Sum(a2); p3 = Vector256.Sum(a3);
            q0 = Vector256.Sum(b0); q1 = Vector256.Sum(b1); q2 = Vector256.Sum(b2); q3 = Vector256.Sum(b3);
        }
        for (; j < d; j++)
        {
            double u = x0[j], v = x1[j];
            p0 += w0[j] * u; p1 += w1[j] * u; p2 += w2[j] * u; p3 += w3[j] * u;
            q0 += w0[j] * v; q1 += w1[j] * v; q2 += w2[j] * v; q3 += w3[j] * v;
        }
        out0[0] = p0; out0[1] = p1; out0[2] = p2; out0[3] = p3;
        out1[0] = q0; out1[1] = q1; out1[2] = q2; out1[3] = q3;
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

    /// <summary>Whether <see cref="AddScaledThenDots"/> fuses: with 512-bit vectors (Dot4's lanes) only; else it makes the two calls.</summary>
    private static bool Fuses(int d) => Vector512.IsHardwareAccelerated && d >= 8;

    /// <summary>
    /// Axpy4 and then Dot4 with the next sample, each weight row loaded and stored once: the 512-bit loop of each, then
    /// their scalar tails (callers check <see cref="Fuses"/>: elsewhere Dot4 sums in 256-bit lanes).
    /// </summary>
    private static void AxpyDot4(double* w0, double* w1, double* w2, double* w3, double c0, double c1, double c2, double c3,
        double* x, double* next, int d, out double s0, out double s1, out double s2, out double s3)
    {
        int j = 0;
        var v0 = Vector512.Create(c0); var v1 = Vector512.Create(c1); var v2 = Vector512.Create(c2); var v3 = Vector512.Create(c3);
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (; j + 8 <= d; j += 8)
        {
            var xv = Vector512.Load(x + j); var nv = Vector512.Load(next + j);
            var u = Vector512.FusedMultiplyAdd(xv, v0, Vector512.Load(w0 + j)); u.Store(w0 + j); a0 = Vector512.FusedMultiplyAdd(u, nv, a0);
            u = Vector512.FusedMultiplyAdd(xv, v1, Vector512.Load(w1 + j)); u.Store(w1 + j); a1 = Vector512.FusedMultiplyAdd(u, nv, a1);
            u = Vector512.FusedMultiplyAdd(xv, v2, Vector512.Load(w2 + j)); u.Store(w2 + j); a2 = Vector512.FusedMultiplyAdd(u, nv, a2);
            u = Vector512.FusedMultiplyAdd(xv, v3, Vector512.Load(w3 + j)); u.Store(w3 + j); a3 = Vector512.FusedMultiplyAdd(u, nv, a3);
        }
        s0 = Vector512.Sum(a0); s1 = Vector512.Sum(a1); s2 = Vector512.Sum(a2); s3 = Vector512.Sum(a3);
        for (; j < d; j++)
        {
            double xj = x[j], nj = next[j];
            w0[j] = Math.FusedMultiplyAdd(xj, c0, w0[j]); w1[j] = Math.FusedMultiplyAdd(xj, c1, w1[j]);
            w2[j] = Math.FusedMultiplyAdd(xj, c2, w2[j]); w3[j] = Math.FusedMultiplyAdd(xj, c3, w3[j]);
            s0 += w0[j] * nj; s1 += w1[j] * nj; s2 += w2[j] * nj; s3 += w3[j] * nj;
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
