namespace FeatureLearning.Core.Numerics;

/// <summary>Which kernels DenseMath runs its tiles on.</summary>
public enum DenseBackendKind
{
    /// <summary>OpenBLAS when it can be loaded, the managed kernels otherwise.</summary>
    Auto,
    /// <summary>The managed AVX2 kernels (always available).</summary>
    Managed,
    /// <summary>OpenBLAS; an error when it cannot be loaded.</summary>
    Native,
}
