namespace FeatureLearning.Core.Kernels;

/// <summary>Rotation-invariant kernels, all written on inputs scaled by 1/√d (s = x·x'/d).</summary>
public enum KernelKind
{
    /// <summary>s.</summary>
    Linear,
    /// <summary>(s + c)^p.</summary>
    Polynomial,
    /// <summary>exp(−γ‖x − x'‖²/d).</summary>
    Rbf,
    /// <summary>Arc-cosine kernel of degree 1 = NNGP of a ReLU layer with w ~ N(0, I): ab(sin θ + (π − θ) cos θ)/(2π).</summary>
    ArcCosine,
    /// <summary>Arc-cosine kernel of degree 0: (π − θ)/(2π) (the ReLU derivative kernel).</summary>
    ArcCosine0,
    /// <summary>Neural tangent kernel of a two-layer ReLU net, both layers trained: K1 + s·K0. Exact m → ∞ limit for
    /// f(x) = m^{-1/2} Σ_j a_j ReLU(g_j·x/√d), g_j ~ N(0, I_d), a_j = ±1 (tested against the empirical kernel of
    /// ReluTeacher.WideReluNet.RandomNtk).</summary>
    Ntk,
    /// <summary>All multilinear monomials of degree p: e_p(x_1x'_1, …, x_dx'_d) on the raw inputs (not scaled by 1/d).</summary>
    Monomial,
}
