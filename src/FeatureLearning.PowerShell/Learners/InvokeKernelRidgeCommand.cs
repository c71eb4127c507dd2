using System.Management.Automation;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learning;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Learners;

/// <summary>
/// <para type="synopsis">Fits kernel ridge regression (linear, polynomial, RBF, arc-cosine, NTK or monomial kernel), exact or Nyström; classifies by sign.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "KernelRidge")]
[OutputType(typeof(TrainedModel), typeof(KernelRidgeSpec))]
public sealed class InvokeKernelRidgeCommand : LearnerCmdlet
{
    [Parameter]
    public KernelKind Kernel { get; set; } = KernelKind.Rbf;

    /// <summary>Unnormalised ridge λ in α = (K + λI)⁻¹y; chosen on a validation split when omitted.</summary>
    [Parameter]
    public double? Ridge { get; set; }

    /// <summary>RBF: k = exp(−γ‖x − x'‖²/d); the median heuristic when omitted.</summary>
    [Parameter]
    public double? Gamma { get; set; }

    [Parameter]
    [ValidateRange(1, 20)]
    public int Degree { get; set; } = 2;

    [Parameter]
    public double Coef0 { get; set; } = 1.0;

    /// <summary>Dense (exact, n×n), Nystrom (M centres + preconditioned conjugate gradient) or Auto (exact up to -DenseLimit samples).</summary>
    [Parameter]
    public KernelRidgeSolver Solver { get; set; } = KernelRidgeSolver.Auto;

    /// <summary>Auto: the exact solve up to this many samples, Nyström above; by default as far as memory allows.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? DenseLimit { get; set; }

    /// <summary>Nyström centres M; min(n, 4000) when omitted.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int? Centers { get; set; }

    [Parameter]
    [ValidateRange(1, 100_000)]
    public int Iterations { get; set; } = KernelRidgeOptions.Default.Iterations;

    [Parameter]
    public double Tolerance { get; set; } = KernelRidgeOptions.Default.Tolerance;

    protected override string Activity => "Fitting kernel ridge regression";

    protected override LearnerSpec BuildSpec() => new KernelRidgeSpec
    {
        Kernel = Kernel, Ridge = Ridge, Gamma = Gamma, Degree = Degree, Coef0 = Coef0, Solver = Solver, DenseLimit = DenseLimit,
        Centers = Centers, Iterations = Iterations, Tolerance = Tolerance,
    };
}
