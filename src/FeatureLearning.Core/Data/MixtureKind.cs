namespace FeatureLearning.Core.Data;

/// <summary>The Gaussian-mixture tasks.</summary>
public enum MixtureKind
{
    /// <summary>Four clusters ±m·e1 (label +1) and ±m·e2 (label −1): no linear part, kernels fail when n ∝ d.</summary>
    Xor,
    /// <summary>Two clusters ±m·e1 with labels ±1: linearly separable in expectation (the control task).</summary>
    TwoCluster,
}
