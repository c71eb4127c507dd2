using System.Text.Json.Serialization;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Data;

/// <summary>
/// What a task is, as a serialisable record: enough to rebuild its generator on another machine (the hidden structure is
/// redrawn from the task's seed). Dataset files, model files and sweep plans all store a task this way, and each task
/// names the learners its paper compares, with the paper's settings.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "task", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(GaussianMixtureTask), "GaussianMixture")]
[JsonDerivedType(typeof(SingleIndexTask), "SingleIndex")]
[JsonDerivedType(typeof(MultiIndex.MultiIndexTask), "MultiIndex")]
[JsonDerivedType(typeof(ReluTeacher.AbsTeacherTask), "AbsTeacher")]
[JsonDerivedType(typeof(Parity.SparseParityTask), "SparseParity")]
public abstract record TaskSpec
{
    /// <summary>The input dimension of the task's samples (checked against stored data before a generator is built).</summary>
    [JsonIgnore]
    public abstract int InputDimension { get; }

    /// <summary>The generator (validates the parameters; throws a FeatureLearningException naming a bad one).</summary>
    public abstract IDataGenerator CreateGenerator();

    /// <summary>The learners the task's paper compares, with its settings: what Compare-Learner runs without -Learner.</summary>
    public abstract IReadOnlyList<LearnerSpec> DefaultLearners();

    /// <summary>The named learner with this task's settings for it (its paper's), or the learner's own defaults.</summary>
    public LearnerSpec Learner(LearnerName name) => DefaultLearners().FirstOrDefault(l => l.Name == name) ?? LearnerSpec.Default(name);
}
