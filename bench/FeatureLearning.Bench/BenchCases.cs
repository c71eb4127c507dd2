using System.Diagnostics;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory;
using FeatureLearning.Core.Theory.OnlineSgd;

namespace FeatureLearning.Bench;

/// <summary>
/// The benchmark cases. Hyper-parameters are fixed and shared with bench/peer.py: RBF γ = 0.5 in exp(−γ‖x − x'‖²/d)
/// (scikit-learn's gamma = γ/d), ridge λ = 1 unnormalised (scikit-learn's alpha), random features with ReLU and
/// λ = 1, the net of <see cref="BenchData.NetOptions"/>.
/// </summary>
internal static class BenchCases
{
    public const double Gamma = 0.5, KernelRidgePenalty = 1.0, FeaturesRidge = 1.0;

    public static Func<Dictionary<string, object?>> Create(string name, string dir, int n, int extra)
    {
        switch (name)
        {
            case "krr":
            {
                var train = BenchData.Read(dir, "tc200_train", n, BenchData.KernelDimension, BenchData.KernelTask);
                var test = BenchData.Read(dir, "tc200_test", BenchData.KernelTest, BenchData.KernelDimension, BenchData.KernelTask);
                var spec = new KernelSpec(KernelKind.Rbf, Gamma);
                return () =>
                {
                    var model = KernelRidgeLearner.Fit(train, spec, KernelRidgePenalty);
                    return Score(model, test);
                };
            }
            case "nystrom":
            {
                // n drawn in process (the first 20000 rows are those of tc200_train); M = extra centres.
                var train = BenchData.KernelTask.Sample(n, new Rng(11));
                var test = BenchData.KernelTask.Sample(10_000, new Rng(13));
                var spec = new KernelSpec(KernelKind.Rbf, Gamma);
                var options = new KernelRidgeOptions { Solver = KernelRidgeSolver.Nystrom, Centers = extra };
                return () =>
                {
                    var model = KernelRidgeLearner.Fit(train, spec, KernelRidgePenalty, options);
                    var result = Score(model, test);
                    result["iterations"] = model.Iterations;
                    result["residual"] = model.Residual;
                    return result;
                };
            }
            case "krr-select":
            {
                // The ridge chosen over RidgeGrid.RelativeGrid on the validation split, then the fit at ρ·n.
                var train = BenchData.Read(dir, "tc200_train", n, BenchData.KernelDimension, BenchData.KernelTask);
                var test = BenchData.Read(dir, "tc200_test", BenchData.KernelTest, BenchData.KernelDimension, BenchData.KernelTask);
                var spec = new KernelSpec(KernelKind.Rbf, Gamma);
                return () =>
                {
                    var model = KernelRidgeLearner.Fit(train, spec, ridge: null);
                    var result = Score(model, test);
                    result["rho"] = model.Ridge / n;
                    return result;
                };
            }
            case "nystrom-large":
            {
                // n points in d = 100 drawn in process, M = extra centres, K_nM recomputed in blocks at every CG product
                // (8nM bytes do not fit); against the exact dense solve at n = 20 000 on the same 10⁴ test points.
                var task = BenchData.LargeTask;
                var train = task.Sample(n, new Rng(31));
                var test = task.Sample(10_000, new Rng(33));
                var spec = new KernelSpec(KernelKind.Rbf, Gamma);
                var options = new KernelRidgeOptions { Solver = KernelRidgeSolver.Nystrom, Centers = extra };
                return () =>
                {
                    var model = KernelRidgeLearner.Fit(train, spec, KernelRidgePenalty, options);
                    var result = Score(model, test);
                    result["iterations"] = model.Iterations;
                    result["residual"] = model.Residual;
                    result["stored"] = Core.Kernels.NystromProducts.StoredBytes(n, extra) <= GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;
                    return result;
                };
            }
            case "exact-large":
            {
                // The exact solve the n = 10⁶ row is compared with: dense kernel ridge on the first n of the same draw.
                var task = BenchData.LargeTask;
                var train = task.Sample(n, new Rng(31));
                var test = task.Sample(10_000, new Rng(33));
                var spec = new KernelSpec(KernelKind.Rbf, Gamma);
                return () => Score(KernelRidgeLearner.Fit(train, spec, KernelRidgePenalty, new KernelRidgeOptions { Solver = KernelRidgeSolver.Dense }), test);
            }
            case "nystrom-accuracy":
            {
                // Test error of the exact solve and of Nyström with M = 500 … n centres, at the same n, on 10000 fresh points.
                var train = BenchData.KernelTask.Sample(n, new Rng(11));
                var test = BenchData.KernelTask.Sample(10_000, new Rng(13));
                var spec = new KernelSpec(KernelKind.Rbf, Gamma);
                return () =>
                {
                    var exact = Metrics.Evaluate(KernelRidgeLearner.Fit(train, spec, KernelRidgePenalty,
                        new KernelRidgeOptions { Solver = KernelRidgeSolver.Dense }), test);
                    var result = new Dictionary<string, object?> { ["exactError"] = exact.Error, ["exactMse"] = exact.Mse };
                    foreach (int m in new[] { 500, 1000, 2000, 4000 }.Where(m => m < n).Append(n))
                    {
                        var clock = Stopwatch.StartNew();
                        var model = KernelRidgeLearner.Fit(train, spec, KernelRidgePenalty,
                            new KernelRidgeOptions { Solver = KernelRidgeSolver.Nystrom, Centers = m });
                        double seconds = clock.Elapsed.TotalSeconds;
                        var e = Metrics.Evaluate(model, test);
                        result[$"M{m}"] = new Dictionary<string, double>
                        {
                            ["error"] = e.Error, ["mse"] = e.Mse, ["seconds"] = seconds, ["iterations"] = model.Iterations, ["residual"] = model.Residual,
                        };
                    }
                    return result;
                };
            }
            case "gram":
            {
                // The kernel step of the fit: the lower triangle of the RBF kernel, x·xᵀ by SYRK/GEMM tiles (n²·d flops)
                // with the map fused per 8×16 block as it is stored.
                var train = BenchData.Read(dir, "tc200_train", n, BenchData.KernelDimension, BenchData.KernelTask);
                var sq = KernelSpec.SquaredNorms(train.X, n, BenchData.KernelDimension);
                var spec = new KernelSpec(KernelKind.Rbf, Gamma);
                var g = new double[(long)n * n];
                return () =>
                {
                    spec.SymmetricMatrixLower(train.X, sq, n, BenchData.KernelDimension, g);
                    return new() { ["flops"] = (double)n * n * BenchData.KernelDimension };
                };
            }
            case "gram-product":
            {
                // The same tiles with no map: the kernel step's product alone, so the report shows what the map costs.
                var train = BenchData.Read(dir, "tc200_train", n, BenchData.KernelDimension, BenchData.KernelTask);
                var g = new double[(long)n * n];
                return () =>
                {
                    DenseMath.GramLowerTiled(train.X, n, BenchData.KernelDimension, g, default(NoEntryMap), default, packedKernel: true);
                    return new() { ["flops"] = (double)n * n * BenchData.KernelDimension };
                };
            }
            case "cholesky":
            {
                // The factorisation of the fit's matrix (n³/3 flops) on a copy made outside the timing.
                var train = BenchData.Read(dir, "tc200_train", n, BenchData.KernelDimension, BenchData.KernelTask);
                var sq = KernelSpec.SquaredNorms(train.X, n, BenchData.KernelDimension);
                var k = new double[(long)n * n];
                new KernelSpec(KernelKind.Rbf, Gamma).Matrix(train.X, sq, n, train.X, sq, n, BenchData.KernelDimension, k);
                for (int i = 0; i < n; i++) k[(long)i * n + i] += KernelRidgePenalty;
                var work = new double[(long)n * n];
                return Timed(() => Array.Copy(k, work, k.Length), () => DenseMath.Cholesky(work, n),
                    (double)n * n * n / 3);
            }
            case "rf":
            {
                var train = BenchData.Read(dir, "tc200_train", n, BenchData.KernelDimension, BenchData.KernelTask);
                var test = BenchData.Read(dir, "tc200_test", BenchData.KernelTest, BenchData.KernelDimension, BenchData.KernelTask);
                var options = new RandomFeaturesOptions { Features = extra, Activation = Activation.Relu, Ridge = FeaturesRidge, Seed = 4 };
                return () => Score(RandomFeaturesLearner.Fit(train, options), test);
            }
            case "sgd":
            case "minibatch":
            {
                var algorithm = name == "sgd" ? TrainingAlgorithm.Sgd : TrainingAlgorithm.MiniBatch;
                var train = BenchData.Read(dir, "xor500_train", n, BenchData.NetDimension, BenchData.NetTask);
                var test = BenchData.Read(dir, "xor500_test", BenchData.NetTest, BenchData.NetDimension, BenchData.NetTask);
                // Epochs so that n·epochs = the stated number of samples (extra).
                var options = BenchData.NetOptions(algorithm) with { Epochs = Math.Max(1, extra / n) };
                return () =>
                {
                    var fit = TwoLayerNetTrainer.Fit(train, options);
                    var result = Score(fit.Net, test);
                    result["steps"] = fit.Steps;
                    return result;
                };
            }
            case "online":
            {
                // Fresh samples from the generator inside the loop (sample generation included in the time).
                var generator = BenchData.NetTask;
                var seedData = new Dataset(Array.Empty<double>(), Array.Empty<double>(), BenchData.NetDimension, generator);
                var test = BenchData.Read(dir, "xor500_test", BenchData.NetTest, BenchData.NetDimension, BenchData.NetTask);
                var options = BenchData.NetOptions(TrainingAlgorithm.Online) with { Time = (double)extra / BenchData.NetDimension };
                return () =>
                {
                    var fit = TwoLayerNetTrainer.Fit(seedData, options);
                    var result = Score(fit.Net, test);
                    result["steps"] = fit.Steps;
                    return result;
                };
            }
            case "ode":
            {
                // The mixture theory of Get-TwoLayerNetTheory: K = 8 ReLU, XOR snr 4, N_MC = 10000, Euler dt = 0.05 to t = 20.
                var options = new OnlineSgdOdeOptions { Kind = MixtureKind.Xor, Snr = 4, Activation = Activation.Relu, LearningRate = 0.5,
                    Time = 20, Points = 2, MonteCarloSamples = 10_000, Step = 0.05, Seed = 5 };
                var netOptions = BenchData.NetOptions(TrainingAlgorithm.Online);
                var initial = OrderParameters.FromInitialisation((GaussianMixtureGenerator)BenchData.NetTask, netOptions);
                return () =>
                {
                    var records = new OnlineSgdOde(options, netOptions.Hidden).Integrate(initial);
                    return new() { ["testError"] = records[^1].TestError, ["steps"] = (long)Math.Round(options.Time / 0.05) };
                };
            }
            case "ode-authors":
            {
                // The same curve as the authors' iid_Ode.py (bench/authors_ode.py runs it): XOR mixture in the paper's units
                // (unit means, noise variance σ² = 1/snr = 0.25), paper η = 0.5 on both layers (ours: η₁ = ησ², η₂ = η,
                // init × σ, PaperUnits), K = extra ReLU units, N_MC = 10⁴, Euler dt = 0.05 to t = 20, every step recorded.
                // Writes the initial state in the authors' line format (their prefix file) and our curve for the comparison.
                int hidden = extra > 0 ? extra : 4;
                const double paperRate = 0.5, time = 20, dt = 0.05;
                var generator = (GaussianMixtureGenerator)BenchData.NetTask;
                var rates = PaperUnits.ToModule(generator.Snr, paperRate, null, 0, null, 1.0);
                var options = new OnlineSgdOdeOptions { Kind = MixtureKind.Xor, Snr = generator.Snr, Activation = Activation.Relu,
                    LearningRate = rates.LearningRate, SecondLayerLearningRate = rates.SecondLayerLearningRate,
                    Time = time, Points = (int)Math.Round(time / dt) + 1, MonteCarloSamples = 10_000, Step = dt, Seed = 5 };
                var netOptions = BenchData.NetOptions(TrainingAlgorithm.Online) with { Hidden = hidden, FirstLayerInitScale = rates.FirstLayerInitScale };
                var initial = OrderParameters.FromInitialisation(generator, netOptions);
                AuthorsFormat.WriteInitialState(Path.Combine(dir, "ode-authors-initial.csv"), initial, generator.Snr);
                return () =>
                {
                    var records = new OnlineSgdOde(options, hidden).Integrate(initial);
                    AuthorsFormat.WriteCurve(Path.Combine(dir, "ode-authors-module.csv"), records.Select(r => (r.Time, r.TestError, r.TestLoss)));
                    return new() { ["testError"] = records[^1].TestError, ["testLoss"] = records[^1].TestLoss, ["hidden"] = hidden,
                        ["steps"] = (long)Math.Round(time / dt) };
                };
            }
            case "srf-authors":
            {
                // The curve of the authors' theory notebook with its own parameters (bench/authors_srf.py runs it): tanh
                // network, sin target, one step η̃ = 3 on α0 = 20, β = 1, λ = 0.1, α = 0.2, 0.9, 1.6, 2.3, 3.
                var spike = SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Sin, 0.0, 3.0, 20.0);
                var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Sin, Ridge = 0.1 };
                var alphas = new[] { 0.2, 0.9, 1.6, 2.3, 3.0 };
                return () =>
                {
                    var curve = new SpikedRandomFeaturesTheory(spike, options).Curve(alphas);
                    AuthorsFormat.WriteCurve(Path.Combine(dir, "srf-authors-module.csv"), curve.Select(p => (p.Alpha, p.TestError, double.NaN)));
                    return new() { ["testError"] = curve[^1].TestError, ["points"] = curve.Count, ["converged"] = curve.All(p => p.Converged) };
                };
            }
            case "srf":
            {
                // The sRF learning curve of Get-SpikedRandomFeaturesTheory: tanh network, tanh target, one giant step
                // η̃ = 3 on α0 = 20 (the authors' notebook setting), β = 1, λ = 0.01, at 7 sample ratios α.
                var spike = SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0.0, 3.0, 20.0);
                var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Tanh, Ridge = 0.01 };
                var alphas = new[] { 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0 };
                return () =>
                {
                    var curve = new SpikedRandomFeaturesTheory(spike, options).Curve(alphas);
                    return new() { ["testError"] = curve[^1].TestError, ["points"] = curve.Count, ["converged"] = curve.All(p => p.Converged) };
                };
            }
            default:
                throw new ArgumentException($"Unknown case '{name}'.");
        }
    }

    private static Dictionary<string, object?> Score(IModel model, Dataset test)
    {
        var m = Metrics.Evaluate(model, test);
        return new() { ["testError"] = m.Error, ["testMse"] = m.Mse };
    }

    /// <summary>A body whose preparation is not timed: it reports the time of its work as "seconds", which the harness uses.</summary>
    private static Func<Dictionary<string, object?>> Timed(Action prepare, Action work, double flops) => () =>
    {
        prepare();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        work();
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return new() { ["flops"] = flops, ["seconds"] = seconds, ["cpuSeconds"] = (process.TotalProcessorTime - cpu).TotalSeconds };
    };
}
