namespace FeatureLearning.Core.Kernels;

/// <summary>Solver settings of kernel ridge regression (the kernel and the ridge are separate arguments).</summary>
public sealed record KernelRidgeOptions
{
    public static readonly KernelRidgeOptions Default = new();

    public KernelRidgeSolver Solver { get; init; } = KernelRidgeSolver.Auto;

    /// <summary>Nyström: M, the number of centres (a uniform subsample of the training set); null for
    /// <see cref="DefaultCenters"/>. M = n gives the exact solution.</summary>
    public int? Centers { get; init; }

    /// <summary>Nyström: the most conjugate-gradient iterations.</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>Nyström: stop when the residual of the preconditioned system falls below this fraction of its right-hand side.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Nyström: seed of the choice of centres.</summary>
    public long Seed { get; init; }

    /// <summary>min(n, 4000): with the preconditioner, enough for the exact solve's test error at n = 10⁴ (docs/performance.md)
    /// while K_nM (8nM bytes) stays in memory up to n ≈ 2·10⁵.</summary>
    public static int DefaultCenters(int n) => Math.Min(n, 4000);

    public void Validate()
    {
        if (Centers is < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Centers must be at least 1, got {Centers}.");
        if (Iterations < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Iterations must be at least 1, got {Iterations}.");
        if (!double.IsFinite(Tolerance) || Tolerance <= 0 || Tolerance >= 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Tolerance must be in (0, 1), got {Tolerance}.");
    }
}
