using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Learners;

/// <summary>
/// <para type="synopsis">Fits kernel ridge regression (linear, polynomial, RBF, arc-cosine or NTK kernel); classifies by sign.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "KernelRidge")]
[OutputType(typeof(TrainedModel))]
public sealed class InvokeKernelRidgeCommand : LearnerCmdlet
{
    [Parameter]
    public KernelKind Kernel { get; set; } = KernelKind.Rbf;

    /// <summary>Unnormalised ridge λ in α = (K + λI)⁻¹y; chosen on a validation split when omitted.</summary>
    [Parameter]
    public double Ridge { get; set; } = double.NaN;

    /// <summary>RBF: k = exp(−γ‖x − x'‖²/d); the median heuristic when omitted.</summary>
    [Parameter]
    public double Gamma { get; set; } = double.NaN;

    [Parameter]
    [ValidateRange(1, 20)]
    public int Degree { get; set; } = 2;

    [Parameter]
    public double Coef0 { get; set; } = 1.0;

    /// <summary>Dense (exact, n×n), Nystrom (M centres + preconditioned conjugate gradient) or Auto (Nystrom when dense does not fit).</summary>
    [Parameter]
    public KernelRidgeSolver Solver { get; set; } = KernelRidgeSolver.Auto;

    /// <summary>Nyström centres M; min(n, 4000) when omitted.</summary>
    [Parameter]
    public int? Centers { get; set; }

    [Parameter]
    public int Iterations { get; set; } = KernelRidgeOptions.Default.Iterations;

    [Parameter]
    public double Tolerance { get; set; } = KernelRidgeOptions.Default.Tolerance;

    protected override void ProcessRecord()
    {
        const string activity = "Fitting kernel ridge regression";
        FitAndWrite(activity, context =>
        {
            var spec = new KernelSpec(Kernel, Gamma, Degree, Coef0);
            WriteVerbose($"Kernel ridge with {spec} on {Data}.");
            var options = new KernelRidgeOptions { Solver = Solver, Centers = Centers, Iterations = Iterations, Tolerance = Tolerance, Seed = Seed };
            var fitted = KernelRidgeLearner.Fit(Data, spec, double.IsNaN(Ridge) ? null : Ridge, options, context);
            if (Solver == KernelRidgeSolver.Auto && fitted.Solver == KernelRidgeSolver.Nystrom)
                WriteVerbose($"n = {Data.Count} is beyond the dense limit ({KernelRidgeLearner.MaxDenseSamples()}): -Solver Auto used Nyström with {fitted.TrainCount} centres.");
            string solver = fitted.Solver == KernelRidgeSolver.Nystrom
                ? $" Nystrom M={fitted.TrainCount} CG={fitted.Iterations} residual={fitted.Residual:G2}" : "";
            return new FitResult(fitted, null, $"{fitted.Kernel} ridge={fitted.Ridge:G3}{solver}");
        });
    }
}
