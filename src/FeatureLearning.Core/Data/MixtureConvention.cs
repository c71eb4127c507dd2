namespace FeatureLearning.Core.Data;

/// <summary>In which units a two-layer net's hyper-parameters on a Gaussian mixture are given.</summary>
public enum MixtureConvention
{
    /// <summary>The module's: data x = m·(±e) + z with unit noise; η, reg and the init scale act on these inputs.</summary>
    Module,

    /// <summary>
    /// Refinetti et al. (2021): inputs x' = σ·x (unit-norm means, noise σ). η, reg and the first-layer init scale are the
    /// paper's and are converted with the mixture's σ (<see cref="Learning.PaperUnits"/>) so that training follows the
    /// paper's dynamics exactly.
    /// </summary>
    Paper,
}
