namespace FeatureLearning.Core.Kernels;

/// <summary>How kernel ridge regression solves for its coefficients.</summary>
public enum KernelRidgeSolver
{
    /// <summary>Dense when the n×n kernel fits in memory, Nyström otherwise.</summary>
    Auto,
    /// <summary>The exact solve: the n×n kernel and its Cholesky factorisation (8n² bytes, n³/3 flops).</summary>
    Dense,
    /// <summary>Nyström centres and preconditioned conjugate gradient (FALKON; memory O(nM), no n×n matrix).</summary>
    Nystrom,
}
