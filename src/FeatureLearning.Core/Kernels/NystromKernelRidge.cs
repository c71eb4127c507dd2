using System.Numerics.Tensors;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Kernels;

/// <summary>
/// Nyström kernel ridge regression solved as in FALKON (Rudi, Carratino and Rosasco, 2017): M centres drawn uniformly
/// from the training set; f(x) = Σ_j β_j k(x, c_j) with β solving (K_nMᵀK_nM + λ K_MM) β = K_nMᵀ y, the minimiser of
/// ‖K_nM β − y‖² + λ βᵀK_MM β (λ the unnormalised ridge of the exact solve, so M = n gives its solution). Conjugate
/// gradient runs on that system preconditioned by B = T⁻¹A⁻¹/√n with T = chol(K_MM), A = chol(TTᵀ/M + λ/n I), which
/// makes it well conditioned: a few tens of iterations, each two passes over K_nM.
/// </summary>
internal static class NystromKernelRidge
{
    public static KernelRidgeModel Fit(Dataset train, double[] sq, KernelSpec kernel, double lambda, KernelRidgeOptions o, FitContext ctx)
    {
        int n = train.Count, d = train.Dimension;
        int m = Math.Min(n, o.Centers ?? KernelRidgeOptions.DefaultCenters(n));
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (2.0 * 8 * m * m > 0.5 * available)
            throw new FeatureLearningException("FeatureLearning.InsufficientMemory",
                $"Nyström with M = {m} centres needs two {m}×{m} matrices ({16.0 * m * m / 1e9:F1} GB), more than half of the " +
                $"{available / 1e9:F1} GB available; use fewer -Centers.", ErrorKind.ResourceUnavailable);
        var cancel = ctx.Cancellation;

        // Centres: a uniform subsample without replacement, in training order.
        var indices = ChooseCentres(n, m, o.Seed);
        var centres = new double[(long)m * d];
        var centreSq = new double[m];
        for (int j = 0; j < m; j++)
        {
            Array.Copy(train.X, (long)indices[j] * d, centres, (long)j * d, d);
            centreSq[j] = sq[indices[j]];
        }

        ctx.Report(0.05, $"Nyström: K_MM ({m}×{m}) and its factor");
        var t = new double[(long)m * m];
        kernel.SymmetricMatrixLower(centres, centreSq, m, d, t, cancel);
        FactorWithJitter(t, m, cancel);               // t = L, K_MM + εI = L·Lᵀ, T = Lᵀ
        var a = new double[(long)m * m];
        DenseMath.TransposeGram(t, m, m, a, cancel);  // LᵀL = T·Tᵀ
        double lambdaN = Math.Max(lambda, 1e-12) / n;
        for (int i = 0; i < m; i++)
        {
            TensorPrimitives.Multiply(a.AsSpan(i * m, i + 1), 1.0 / m, a.AsSpan(i * m, i + 1));
            a[(long)i * m + i] += lambdaN;
        }
        DenseMath.Cholesky(a, m, cancel);             // a = Lₐ, A = Lₐᵀ

        bool store = NystromProducts.StoredBytes(n, m) <= available / 4;
        ctx.Report(0.15, store ? $"Nyström: K_nM ({n}×{m}) in memory" : $"Nyström: K_nM ({n}×{m}) streamed");
        var products = new NystromProducts(train, sq, kernel, centres, centreSq, m, store, cancel);

        // Right-hand side A⁻ᵀ T⁻ᵀ K_nMᵀ y / n.
        var rhs = new double[m];
        products.Apply(new double[m], train.Y, rhs, cancel);
        TensorPrimitives.Multiply(rhs, 1.0 / n, rhs);
        DenseMath.SolveLower(t, m, rhs);
        DenseMath.SolveLower(a, m, rhs);

        var au = new double[m];
        var beta = new double[m];
        void Operator(double[] u, double[] w)
        {
            // A⁻ᵀ [T⁻ᵀ K_nMᵀ K_nM T⁻¹A⁻¹u / n + λ/n A⁻¹u].
            u.CopyTo(au, 0);
            DenseMath.SolveLowerTransposed(a, m, au);
            au.CopyTo(beta, 0);
            DenseMath.SolveLowerTransposed(t, m, beta);
            products.Apply(beta, null, w, cancel);
            TensorPrimitives.Multiply(w, 1.0 / n, w);
            DenseMath.SolveLower(t, m, w);
            TensorPrimitives.MultiplyAdd(au, lambdaN, w, w);
            DenseMath.SolveLower(a, m, w);
        }

        var (solution, iterations, residual) = ConjugateGradient.Solve(Operator, rhs, o.Iterations, o.Tolerance, (it, res) =>
        {
            cancel.ThrowIfCancellationRequested();
            ctx.Report(0.2 + 0.8 * Math.Min(1.0, (double)it / o.Iterations), $"Nyström: CG iteration {it}, relative residual {res:G2}");
        });
        // β = T⁻¹A⁻¹ u.
        DenseMath.SolveLowerTransposed(a, m, solution);
        DenseMath.SolveLowerTransposed(t, m, solution);
        return new KernelRidgeModel(kernel, centres, centreSq, m, d, solution, lambda)
        {
            Solver = KernelRidgeSolver.Nystrom, FitSamples = n, Iterations = iterations, Residual = residual,
        };
    }

    /// <summary>Cholesky of K_MM + εI, ε = 10⁻¹²·M·mean diagonal (FALKON's εM), raised while the factorisation fails
    /// (duplicate or nearly collinear centres).</summary>
    private static void FactorWithJitter(double[] kmm, int m, CancellationToken cancel)
    {
        double trace = 0;
        for (int i = 0; i < m; i++) trace += kmm[(long)i * m + i];
        double scale = Math.Max(trace / m, 1e-300);
        var original = new double[m];
        for (int i = 0; i < m; i++) original[i] = kmm[(long)i * m + i];
        double[]? backup = null;
        for (double jitter = 1e-12 * m * scale; ; jitter *= 100)
        {
            backup ??= (double[])kmm.Clone();
            for (int i = 0; i < m; i++) kmm[(long)i * m + i] = original[i] + jitter;
            try
            {
                DenseMath.Cholesky(kmm, m, cancel);
                return;
            }
            catch (FeatureLearningException e) when (e.ErrorId == "FeatureLearning.NotPositiveDefinite" && jitter < 1e-2 * scale)
            {
                Array.Copy(backup, kmm, backup.Length);
            }
        }
    }

    private static int[] ChooseCentres(int n, int m, long seed)
    {
        var all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        if (m < n)
        {
            var rng = Random.Rng.ForStream(seed, Random.RandomStreams.NystromCentres);
            for (int i = 0; i < m; i++)
            {
                int j = i + rng.NextInt(n - i);
                (all[i], all[j]) = (all[j], all[i]);
            }
        }
        var chosen = all.AsSpan(0, m).ToArray();
        Array.Sort(chosen);
        return chosen;
    }
}
