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
    public static KernelRidgeModel Fit(Dataset train, double[] sq, KernelSpec kernel, double lambda, KernelRidgeOptions o, FitContext ctx) =>
        new NystromSystem(train, sq, kernel, o, ctx).Solve(lambda, ctx);

    /// <summary>
    /// Everything of a Nyström fit that does not depend on λ — the centres, T = chol(K_MM), TTᵀ and the products with
    /// K_nM — built once; <see cref="Solve"/> then costs one M×M factorisation and the conjugate gradient per ridge
    /// (a ridge path, <see cref="KernelRidgePath"/>), with the same operations in the same order as a single fit.
    /// </summary>
    internal sealed class NystromSystem
    {
        private readonly Dataset _train;
        private readonly KernelSpec _kernel;
        private readonly KernelRidgeOptions _o;
        private readonly int _n, _m, _d;
        private readonly double[] _t, _tt, _a, _rhsRaw;

        public NystromSystem(Dataset train, double[] sq, KernelSpec kernel, KernelRidgeOptions o, FitContext ctx)
        {
            int n = train.Count, d = train.Dimension;
            int m = Math.Min(n, o.Centers ?? KernelRidgeOptions.DefaultCenters(n));
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            if (2.0 * 8 * m * m > 0.5 * available)
                throw new FeatureLearningException("FeatureLearning.InsufficientMemory",
                    $"Nyström with M = {m} centres needs two {m}×{m} matrices ({16.0 * m * m / 1e9:F1} GB), more than half of the " +
                    $"{available / 1e9:F1} GB available; use fewer -Centers.", ErrorKind.ResourceUnavailable);
            var cancel = ctx.Cancellation;
            _train = train; _kernel = kernel; _o = o; _n = n; _m = m; _d = d;

            // Centres: a uniform subsample without replacement, in training order.
            var indices = ChooseCentres(n, m, o.Seed);
            Centres = new double[(long)m * d];
            CentreSquaredNorms = new double[m];
            for (int j = 0; j < m; j++)
            {
                Array.Copy(train.X, (long)indices[j] * d, Centres, (long)j * d, d);
                CentreSquaredNorms[j] = sq[indices[j]];
            }

            ctx.Report(0.05, $"Nyström: K_MM ({m}×{m}) and its factor");
            _t = new double[(long)m * m];
            kernel.SymmetricMatrixLower(Centres, CentreSquaredNorms, m, d, _t, cancel);
            FactorWithJitter(_t, m, cancel);               // t = L, K_MM + εI = L·Lᵀ, T = Lᵀ
            _tt = new double[(long)m * m];
            DenseMath.TransposeGram(_t, m, m, _tt, cancel);  // LᵀL = T·Tᵀ
            _a = new double[(long)m * m];

            bool store = NystromProducts.StoredBytes(n, m) <= available / 4;
            ctx.Report(0.15, store ? $"Nyström: K_nM ({n}×{m}) in memory" : $"Nyström: K_nM ({n}×{m}) streamed");
            Products = new NystromProducts(train, sq, kernel, Centres, CentreSquaredNorms, m, store, cancel);

            // K_nMᵀ y / n, the part of the right-hand side that does not depend on λ.
            _rhsRaw = new double[m];
            Products.Apply(new double[m], train.Y, _rhsRaw, cancel);
            TensorPrimitives.Multiply(_rhsRaw, 1.0 / n, _rhsRaw);
        }

        public double[] Centres { get; }

        public double[] CentreSquaredNorms { get; }

        public NystromProducts Products { get; }

        public int CentreCount => _m;

        public KernelRidgeModel Solve(double lambda, FitContext ctx)
        {
            int n = _n, m = _m;
            var cancel = ctx.Cancellation;
            var t = _t;
            var a = _a;
            // A = chol(TTᵀ/M + λ/n I): TTᵀ copied, its lower triangle scaled and shifted.
            Array.Copy(_tt, a, _tt.Length);
            double lambdaN = Math.Max(lambda, 1e-12) / n;
            for (int i = 0; i < m; i++)
            {
                TensorPrimitives.Multiply(a.AsSpan(i * m, i + 1), 1.0 / m, a.AsSpan(i * m, i + 1));
                a[(long)i * m + i] += lambdaN;
            }
            DenseMath.Cholesky(a, m, cancel);             // a = Lₐ, A = Lₐᵀ

            // Right-hand side A⁻ᵀ T⁻ᵀ K_nMᵀ y / n.
            var rhs = (double[])_rhsRaw.Clone();
            DenseMath.SolveLower(t, m, rhs);
            DenseMath.SolveLower(a, m, rhs);

            var au = new double[m];
            var beta = new double[m];
            var products = Products;
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

            var o = _o;
            var (solution, iterations, residual) = ConjugateGradient.Solve(Operator, rhs, o.Iterations, o.Tolerance, (it, res) =>
            {
                cancel.ThrowIfCancellationRequested();
                ctx.Report(0.2 + 0.8 * Math.Min(1.0, (double)it / o.Iterations), $"Nyström: CG iteration {it}, relative residual {res:G2}");
            });
            // β = T⁻¹A⁻¹ u.
            DenseMath.SolveLowerTransposed(a, m, solution);
            DenseMath.SolveLowerTransposed(t, m, solution);
            return new KernelRidgeModel(_kernel, Centres, CentreSquaredNorms, m, _d, solution, lambda)
            {
                Solver = KernelRidgeSolver.Nystrom, FitSamples = n, Iterations = iterations, Residual = residual,
            };
        }
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
