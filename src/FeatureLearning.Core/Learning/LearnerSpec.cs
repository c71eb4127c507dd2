using System.Text.Json.Serialization;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Learning;

/// <summary>
/// A learner: an immutable record of its hyper-parameters, as given (nothing resolved, no seed: each fit gets its own),
/// serialisable to JSON, with one <see cref="Fit"/> that returns the model, its history and named diagnostics
/// (scikit-learn's estimator contract). The algorithms stay in their own classes; a spec maps its settings onto them.
/// Nothing mutable is shared between fits, so one spec serves every trial of a comparison or a sweep.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "learner", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TwoLayerNetSpec), nameof(LearnerName.TwoLayerNet))]
[JsonDerivedType(typeof(RandomFeaturesSpec), nameof(LearnerName.RandomFeatures))]
[JsonDerivedType(typeof(KernelRidgeSpec), nameof(LearnerName.KernelRidge))]
[JsonDerivedType(typeof(MultiIndex.TwoPhaseNetworkSpec), nameof(LearnerName.TwoPhaseNetwork))]
[JsonDerivedType(typeof(SpikedRf.OneStepNetworkSpec), nameof(LearnerName.OneStepNetwork))]
[JsonDerivedType(typeof(SpikedRf.SpikedRandomFeaturesSpec), nameof(LearnerName.SpikedRandomFeatures))]
[JsonDerivedType(typeof(ReluTeacher.WideReluNetworkSpec), nameof(LearnerName.WideReluNetwork))]
[JsonDerivedType(typeof(ReluTeacher.TangentKernelRidgeSpec), nameof(LearnerName.TangentKernelRidge))]
[JsonDerivedType(typeof(Parity.ParityNetworkSpec), nameof(LearnerName.ParityNetwork))]
public abstract record LearnerSpec
{
    /// <summary>The learner family (the Learner column of a row).</summary>
    [JsonIgnore]
    public abstract LearnerName Name { get; }

    /// <summary>The settings in one readable line (the Settings column): "K=4 Relu Sgd lr=0.5 t=200".</summary>
    public abstract string Describe();

    /// <summary>The names of the diagnostics <see cref="Fit"/> reports, in order (so rows of a comparison share columns).</summary>
    [JsonIgnore]
    public virtual IReadOnlyList<string> DiagnosticNames => Array.Empty<string>();

    /// <summary>
    /// Throws a FeatureLearningException naming the first invalid setting. With <paramref name="dimension"/> it also
    /// checks the settings against the data (sizes that cannot be held).
    /// </summary>
    public abstract void Validate(int? dimension = null);

    /// <summary>Why this learner will not fit <paramref name="n"/> samples of dimension <paramref name="d"/> (null when it
    /// will); a comparison leaves such trials out and says so once per learner.</summary>
    public virtual string? SkipReason(int n, int d) => null;

    /// <summary>How this learner adapts to <paramref name="n"/> samples (null when it does not), e.g. kernel ridge
    /// switching to the Nyström solver; a comparison says so once per learner.</summary>
    public virtual string? Adaptation(int n, int d) => null;

    /// <summary>
    /// Throws a FeatureLearningException when this learner cannot learn the task at all (labels it cannot fit, a
    /// setting that needs a property of the task it lacks); <paramref name="task"/> is null for user data.
    /// </summary>
    public virtual void CheckTask(IDataGenerator? task, TaskType type)
    {
    }

    /// <summary>
    /// This learner with its ridge penalty set to <paramref name="ridge"/> (null: chosen the learner's automatic way), or
    /// null when it has no single ridge setting; a ridge path (<see cref="RidgePath"/>) refits it once per value.
    /// </summary>
    public virtual LearnerSpec? WithRidge(double? ridge) => null;

    /// <summary>
    /// True when the learner picks its ridge itself when none is given (a validation search); false for a learner whose
    /// ridge is a fixed setting (one-step network, spiked random features): it has no automatic choice to compare with.
    /// </summary>
    public virtual bool ChoosesRidge => false;

    /// <summary>Fits <paramref name="train"/> with the learner's own randomness drawn from <paramref name="seed"/>.</summary>
    public abstract LearnerFit Fit(Dataset train, long seed, FitContext context);

    /// <summary>The learner with its default settings (the paper's where the learner has one paper).</summary>
    public static LearnerSpec Default(LearnerName name) => name switch
    {
        LearnerName.TwoLayerNet => new TwoLayerNetSpec(),
        LearnerName.RandomFeatures => new RandomFeaturesSpec(),
        LearnerName.KernelRidge => new KernelRidgeSpec(),
        LearnerName.TwoPhaseNetwork => new MultiIndex.TwoPhaseNetworkSpec(),
        LearnerName.OneStepNetwork => new SpikedRf.OneStepNetworkSpec(),
        LearnerName.SpikedRandomFeatures => new SpikedRf.SpikedRandomFeaturesSpec(),
        LearnerName.WideReluNetwork => new ReluTeacher.WideReluNetworkSpec(),
        LearnerName.TangentKernelRidge => new ReluTeacher.TangentKernelRidgeSpec(),
        LearnerName.ParityNetwork => new Parity.ParityNetworkSpec(),
        _ => throw new FeatureLearningException("FeatureLearning.UnknownLearner",
            $"Unknown learner '{name}'; use one of {string.Join(", ", Enum.GetNames<LearnerName>())}."),
    };

    public sealed override string ToString() => $"{Name} {Describe()}";
}
