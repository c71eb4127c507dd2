using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using static System.FormattableString;

namespace FeatureLearning.Core.Learning;

/// <summary>
/// Kernel ridge regression with any kernel (<see cref="KernelRidgeLearner"/>): exact (dense Cholesky) up to
/// <see cref="DenseLimit"/> samples, Nyström centres with preconditioned conjugate gradient beyond it (Solver Auto), so a
/// learning curve never stops at the dense limit; the row says which solver ran (NystromCentres = 0: exact).
/// </summary>
public sealed record KernelRidgeSpec : LearnerSpec
{
    public override LearnerName Name => LearnerName.KernelRidge;

    public KernelKind Kernel { get; init; } = KernelKind.Rbf;

    /// <summary>RBF: k = exp(−γ‖x − x'‖²/d); null: the median heuristic.</summary>
    public double? Gamma { get; init; }

    /// <summary>Polynomial and monomial kernels.</summary>
    public int Degree { get; init; } = 2;

    /// <summary>Polynomial kernel (s + c)^p.</summary>
    public double Coef0 { get; init; } = 1.0;

    /// <summary>Unnormalised λ in α = (K + λI)⁻¹y; null chooses it on a validation split.</summary>
    public double? Ridge { get; init; }

    public KernelRidgeSolver Solver { get; init; } = KernelRidgeSolver.Auto;

    /// <summary>Auto: the exact solve up to this many samples, Nyström above (the exact n×n solve costs n³/3 flops); null:
    /// as far as memory allows (<see cref="KernelRidgeLearner.MaxDenseSamples"/>).</summary>
    public int? DenseLimit { get; init; }

    /// <summary>The largest n solved exactly under Auto.</summary>
    public int EffectiveDenseLimit => Math.Min(DenseLimit ?? int.MaxValue, KernelRidgeLearner.MaxDenseSamples());

    /// <summary>Nyström centres M; null: min(n, 4000).</summary>
    public int? Centers { get; init; }

    public int Iterations { get; init; } = KernelRidgeOptions.Default.Iterations;

    public double Tolerance { get; init; } = KernelRidgeOptions.Default.Tolerance;

    public const string RidgeUsed = "Ridge", GammaUsed = "Gamma", NystromCentres = "NystromCentres", CgIterations = "CgIterations";

    public override IReadOnlyList<string> DiagnosticNames => new[] { RidgeUsed, GammaUsed, NystromCentres, CgIterations };

    public KernelSpec KernelSpec => new(Kernel, Gamma ?? double.NaN, Degree, Coef0);

    public override string Describe() =>
        Kernel switch
        {
            KernelKind.Rbf => Gamma is { } g ? Invariant($"Rbf gamma={g:G4}") : "Rbf gamma=median",
            KernelKind.Polynomial => Invariant($"Polynomial degree={Degree} coef0={Coef0:G4}"),
            KernelKind.Monomial => Invariant($"Monomial degree={Degree}"),
            _ => Kernel.ToString(),
        } +
        (Ridge is { } r ? Invariant($" ridge={r:G4}") : " ridge=auto") +
        (Solver == KernelRidgeSolver.Auto ? "" : $" {Solver}") +
        (Solver == KernelRidgeSolver.Auto && DenseLimit is { } limit ? Invariant($" exact<={limit}") : "") +
        (Centers is { } m ? Invariant($" M={m}") : "");

    public override void Validate(int? dimension = null)
    {
        HyperParameter.Defined(nameof(Kernel), Kernel);
        HyperParameter.Defined(nameof(Solver), Solver);
        HyperParameter.Positive(nameof(Gamma), Gamma);
        HyperParameter.Range(nameof(Degree), Degree, 1, 20);
        HyperParameter.Range(nameof(Coef0), Coef0, -1e6, 1e6);
        HyperParameter.NonNegative(nameof(Ridge), Ridge);
        HyperParameter.Range(nameof(DenseLimit), DenseLimit, 1, int.MaxValue);
        HyperParameter.Range(nameof(Centers), Centers, 1, 1_000_000);
        HyperParameter.Range(nameof(Iterations), Iterations, 1, 100_000);
        HyperParameter.Range(nameof(Tolerance), Tolerance, 0, 1, exclusiveMin: true);
        KernelSpec.Validate();
    }

    /// <summary>The solver a fit of <paramref name="n"/> samples uses.</summary>
    public KernelRidgeSolver SolverFor(int n) =>
        Solver != KernelRidgeSolver.Auto ? Solver
        : n > EffectiveDenseLimit ? KernelRidgeSolver.Nystrom : KernelRidgeSolver.Dense;

    public override string? SkipReason(int n, int d) =>
        Solver == KernelRidgeSolver.Dense && n > KernelRidgeLearner.MaxDenseSamples()
            ? $"the dense n×n kernel does not fit in memory above n = {KernelRidgeLearner.MaxDenseSamples()} (use -Solver Auto or Nystrom)"
            : null;

    public override string? Adaptation(int n, int d) =>
        Solver == KernelRidgeSolver.Auto && SolverFor(n) == KernelRidgeSolver.Nystrom
            ? Invariant($"run with the Nyström solver (M = {Centers ?? KernelRidgeOptions.DefaultCenters(n)} centres, conjugate gradient) above the exact solve's limit of {EffectiveDenseLimit} samples")
            : null;

    public override LearnerSpec WithRidge(double? ridge) => this with { Ridge = ridge };

    public override bool ChoosesRidge => true;

    public override LearnerFit Fit(Dataset train, long seed, FitContext context)
    {
        var model = KernelRidgeLearner.Fit(train, KernelSpec, Ridge, Options(train.Count, seed), context);
        return FitOf(model);
    }

    /// <summary>
    /// The models <see cref="Fit"/> returns for each of <paramref name="ridges"/> (and, with
    /// <paramref name="includeValidated"/>, for this spec's own automatic ridge, last), sharing the kernel work.
    /// </summary>
    public KernelRidgePath FitPath(Dataset train, long seed, IReadOnlyList<double> ridges, bool includeValidated, FitContext context) =>
        KernelRidgePath.Fit(train, KernelSpec, ridges, Options(train.Count, seed), context, includeValidated);

    private KernelRidgeOptions Options(int n, long seed) =>
        new() { Solver = SolverFor(n), Centers = Centers, Iterations = Iterations, Tolerance = Tolerance, Seed = seed };

    /// <summary>A fitted model with this learner's diagnostics.</summary>
    public static LearnerFit FitOf(KernelRidgeModel model)
    {
        bool nystrom = model.Solver == KernelRidgeSolver.Nystrom;
        return new LearnerFit(model, HistoryTable.Empty, new[]
        {
            new Diagnostic(RidgeUsed, model.Ridge),
            new Diagnostic(GammaUsed, model.Kernel.Kind == KernelKind.Rbf ? model.Kernel.Gamma : double.NaN),
            new Diagnostic(NystromCentres, nystrom ? model.TrainCount : 0),
            new Diagnostic(CgIterations, nystrom ? model.Iterations : 0),
        });
    }
}
