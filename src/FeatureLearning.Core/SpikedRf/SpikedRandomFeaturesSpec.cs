using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Theory;
using static System.FormattableString;

namespace FeatureLearning.Core.SpikedRf;

/// <summary>
/// The spiked random-features model σ(√c·w0·x + r·v̂·x) built directly (<see cref="OneStepLearner.FitSpiked"/>), with
/// cos(v̂, θ) = γ for the task's first hidden direction θ. The spike is given (<see cref="SpikeStrength"/>, c, γ) or, on
/// a single-index task, the one the theory assigns to a step of η̃ on α0·d samples.
/// </summary>
public sealed record SpikedRandomFeaturesSpec : OneStepSettings
{
    public override LearnerName Name => LearnerName.SpikedRandomFeatures;

    /// <summary>r; when given, the spike is (r, c, γ) instead of the theory's for the step. (Hides the base's diagnostic column name.)</summary>
    public new double? SpikeStrength { get; init; }

    /// <summary>c, the bulk variance (with <see cref="SpikeStrength"/>; default 1).</summary>
    public double? BulkVariance { get; init; }

    /// <summary>γ = cos(v̂, θ) (with <see cref="SpikeStrength"/>; default 1).</summary>
    public double? Gamma { get; init; }

    public override string Describe() =>
        SpikeStrength is { } r
            ? Invariant($"p={(Width is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Beta ?? 1.0:G4}d")} r={r:G4} c={BulkVariance ?? 1.0:G4} gamma={Gamma ?? 1.0:G4} ridge={Ridge:G4} {Activation}")
            : DescribeShared() + " spike=theory";

    public override void Validate(int? dimension = null)
    {
        base.Validate(dimension);
        if (SpikeStrength is null && (BulkVariance is not null || Gamma is not null))
            throw HyperParameter.Invalid("-BulkVariance and -Gamma describe a given spike: give -SpikeStrength with them.");
        HyperParameter.NonNegative(nameof(SpikeStrength), SpikeStrength);
        HyperParameter.Positive(nameof(BulkVariance), BulkVariance);
        HyperParameter.Range(nameof(Gamma), Gamma, -1, 1);
    }

    public override void CheckTask(IDataGenerator? task, TaskType type)
    {
        if (SpikeStrength is null && task is not SingleIndexGenerator)
            throw new FeatureLearningException("FeatureLearning.NoSpike",
                "Without -SpikeStrength the spike is the one the theory assigns to a step on a single-index task (New-SingleIndexTask); " +
                "on other data give the spike: -SpikeStrength r, -BulkVariance c, -Gamma γ.", ErrorKind.InvalidOperation);
    }

    public override LearnerFit Fit(Dataset train, long seed, FitContext context)
    {
        CheckTask(train.Generator, train.TaskType);
        var theory = TheorySpike(train.Generator, train.Dimension);
        var spike = SpikeStrength is { } r ? new SpikedRfParameters(r, BulkVariance ?? 1.0, Gamma ?? 1.0) : theory!;
        var model = OneStepLearner.FitSpiked(train, spike, Options(train.Dimension, seed), context);
        return Result(model, theory);
    }
}
