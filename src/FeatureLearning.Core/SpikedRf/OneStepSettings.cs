using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Theory;
using static System.FormattableString;

namespace FeatureLearning.Core.SpikedRf;

/// <summary>
/// The settings the one-step network and the spiked random-features model share (Cui et al. 2024): width p (or β = p/d),
/// first batch n0 (or α0 = n0/d), giant step η̃, ridge λ and activation; sizes given as ratios resolve against d at fit time.
/// </summary>
public abstract record OneStepSettings : LearnerSpec
{
    /// <summary>p; null: β·d.</summary>
    public int? Width { get; init; }

    /// <summary>β = p/d when <see cref="Width"/> is not given (default 1).</summary>
    public double? Beta { get; init; }

    /// <summary>n0, the gradient-step batch; null: α0·d.</summary>
    public int? FirstBatch { get; init; }

    /// <summary>α0 = n0/d when <see cref="FirstBatch"/> is not given (default 0.5).</summary>
    public double? Alpha0 { get; init; }

    /// <summary>η̃, the giant-step size; 0 = random features at initialisation.</summary>
    public double StepSize { get; init; } = 1.0;

    /// <summary>Unnormalised λ in ‖y − Φa‖² + λ‖a‖².</summary>
    public double Ridge { get; init; } = 0.01;

    public Activation Activation { get; init; } = Activation.Tanh;

    public const string SpikeOverlap = "SpikeOverlap", SpikeStrength = "SpikeStrength", MeanRowNormSquared = "MeanRowNormSquared",
        TheoryR = "TheoryR", TheoryC = "TheoryC", TheoryGamma = "TheoryGamma", WidthUsed = "Width";

    public override IReadOnlyList<string> DiagnosticNames =>
        new[] { WidthUsed, SpikeOverlap, SpikeStrength, MeanRowNormSquared, TheoryR, TheoryC, TheoryGamma };

    public int WidthFor(int d) => Width ?? Math.Max(1, (int)Math.Round((Beta ?? 1.0) * d));

    public int FirstBatchFor(int d) => FirstBatch ?? (int)Math.Round((Alpha0 ?? 0.5) * d);

    protected string DescribeShared() =>
        (Width is { } p ? Invariant($"p={p}") : Invariant($"p={Beta ?? 1.0:G4}d")) +
        (FirstBatch is { } n0 ? Invariant($" n0={n0}") : Invariant($" n0={Alpha0 ?? 0.5:G4}d")) +
        Invariant($" eta={StepSize:G4} ridge={Ridge:G4} {Activation}");

    /// <summary>This learner with readout ridge <paramref name="ridge"/>; null keeps its own (a fixed setting, not chosen).</summary>
    public override LearnerSpec WithRidge(double? ridge) => ridge is { } r ? this with { Ridge = r } : this;

    public override void Validate(int? dimension = null)
    {
        if (Width is not null && Beta is not null) throw HyperParameter.Invalid("Give -Width (p) or -Beta (p/d), not both.");
        if (FirstBatch is not null && Alpha0 is not null) throw HyperParameter.Invalid("Give -FirstBatch (n0) or -Alpha0 (n0/d), not both.");
        HyperParameter.Range(nameof(Width), Width, 1, 100_000);
        HyperParameter.Positive(nameof(Beta), Beta, 1e5);
        HyperParameter.Range(nameof(FirstBatch), FirstBatch, 0, 10_000_000);
        HyperParameter.NonNegative(nameof(Alpha0), Alpha0, 1e7);
        HyperParameter.NonNegative(nameof(StepSize), StepSize);
        HyperParameter.NonNegative(nameof(Ridge), Ridge);
        HyperParameter.Defined(nameof(Activation), Activation);
        if (dimension is { } d)
        {
            HyperParameter.Range("Width (β·d)", WidthFor(d), 1, 100_000);
            HyperParameter.Range("FirstBatch (α0·d)", FirstBatchFor(d), 0, 10_000_000);
        }
    }

    protected OneStepOptions Options(int d, long seed) => new()
    {
        Width = WidthFor(d), FirstBatch = FirstBatchFor(d), StepSize = StepSize, Ridge = Ridge, Activation = Activation, Seed = seed,
    };

    /// <summary>The sRF parameters the theory assigns to this step on a single-index task (null on other tasks).</summary>
    protected SpikedRfParameters? TheorySpike(IDataGenerator? task, int d) =>
        task is SingleIndexGenerator g ? SpikedRfParameters.FromOneStep(Activation, g.Link, g.Noise, StepSize, (double)FirstBatchFor(d) / d) : null;

    protected static LearnerFit Result(OneStepNetworkModel model, SpikedRfParameters? theory) =>
        new(model, HistoryTable.Empty, new[]
        {
            new Diagnostic(WidthUsed, model.Width),
            new Diagnostic(SpikeOverlap, model.SpikeOverlap),
            new Diagnostic(SpikeStrength, model.SpikeStrength),
            new Diagnostic(MeanRowNormSquared, model.MeanRowNormSquared),
            new Diagnostic(TheoryR, theory?.R ?? double.NaN),
            new Diagnostic(TheoryC, theory?.C ?? double.NaN),
            new Diagnostic(TheoryGamma, theory?.Gamma ?? double.NaN),
        });
}
