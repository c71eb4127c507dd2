namespace FeatureLearning.Core.Parity;

/// <summary>Input distributions of the sparse-parity task (Daniely and Malach 2020).</summary>
public enum ParityDistribution
{
    /// <summary>Every bit uniform on {−1, +1}: the label is uncorrelated with every function of fewer than k bits.</summary>
    Uniform,
    /// <summary>The paper's D_A: with probability 1/2 uniform, with probability 1/2 the bits of A set to +1 and the rest uniform.</summary>
    Mixture,
    /// <summary>The structured half of D_A alone (bits of A all +1): used to score learners on that half separately.</summary>
    Structured,
}
