using FeatureLearning.Core.Data;

namespace FeatureLearning.Core.Learning;

/// <summary>A two-layer net's step sizes, weight decays and first-layer init scale in the module's units.</summary>
public readonly record struct ModuleRates(
    double LearningRate, double SecondLayerLearningRate, double Regularization, double SecondLayerRegularization, double FirstLayerInitScale);

/// <summary>
/// Converts hyper-parameters given in the units of Refinetti et al. (2021) — inputs x' = σx with unit-norm means and noise
/// σ — to the module's (inputs x with unit noise, snr = 1/σ²). With w' the paper's first layer and w = σw' ours, the
/// pre-activations agree, λ = w'·x'/√d = w·x/√d, so the nets compute the same function; the paper's step
/// w' ← w' − η[e v g'(λ) x'/√d + (reg/d) w'] is, multiplied by σ, w ← w − ησ²[e v g'(λ) x/√d + (reg/(σ²d)) w]. The
/// second layer sees the same g(λ) and keeps η/d and reg. So:
/// η₁ = η·σ², reg₁ = reg/σ², first-layer init scale × σ; η₂ = η, reg₂ = reg, second-layer init unchanged.
/// The map is exact for every activation (it never uses homogeneity), for SGD, mini-batch, GD and online training.
/// </summary>
public static class PaperUnits
{
    /// <summary>The module's rates for the paper's η, reg (second layer: η₂, reg₂, default η, reg) and init scale on a mixture with this snr.</summary>
    public static ModuleRates ToModule(double snr, double learningRate, double? secondLayerLearningRate, double regularization,
        double? secondLayerRegularization, double firstLayerInitScale)
    {
        if (!double.IsFinite(snr) || snr <= 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSnr", $"The paper's units need a mixture with a positive finite snr, got {snr}.");
        double variance = MixtureNoise.NoiseVariance(snr); // σ² (the paper's Δ)
        return new ModuleRates(
            LearningRate: learningRate * variance, // η₁ = η σ²
            SecondLayerLearningRate: secondLayerLearningRate ?? learningRate, // η₂ = η: g(λ) is the same in both units
            Regularization: regularization * snr, // reg₁ = reg/σ², so that η₁ reg₁ = η reg
            SecondLayerRegularization: secondLayerRegularization ?? regularization,
            FirstLayerInitScale: firstLayerInitScale * MixtureNoise.NoiseFromSnr(snr)); // w = σ w'
    }

    /// <summary>The snr of the task the paper's units refer to: a Gaussian mixture, else FeatureLearning.NoPaperUnits.</summary>
    public static double SnrOf(IDataGenerator? task) => task switch
    {
        GaussianMixtureGenerator mixture => mixture.Snr,
        null => throw new FeatureLearningException("FeatureLearning.NoPaperUnits",
            "-Convention Paper converts the paper's rates with the mixture's noise σ, but this dataset has no generator; use data made by New-GaussianMixture or -Convention Module.",
            ErrorKind.InvalidOperation),
        _ => throw new FeatureLearningException("FeatureLearning.NoPaperUnits",
            $"-Convention Paper is the Gaussian-mixture paper's units (unit means, noise σ); the {task.TaskName} task has no such σ. Use -Convention Module.",
            ErrorKind.InvalidOperation),
    };
}
