using System.Text.Json.Serialization;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Persistence;
using static System.FormattableString;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>
/// Kernel ridge with the empirical tangent kernel of a finite ReLU net (<see cref="TangentKernelRidge"/>): a random net
/// of width m in the NTK parametrisation (drawn from the fit's seed), or a given trained net (<see cref="Network"/>).
/// </summary>
public sealed record TangentKernelRidgeSpec : LearnerSpec
{
    public override LearnerName Name => LearnerName.TangentKernelRidge;

    /// <summary>m of the random NTK net (ignored with <see cref="Network"/>).</summary>
    public int Width { get; init; } = 4096;

    /// <summary>Unnormalised λ; null chooses it on a validation split.</summary>
    public double? Ridge { get; init; }

    /// <summary>A trained wide net whose tangent kernel (gradients in (a, W) as stored) is used instead of a random one.</summary>
    [JsonConverter(typeof(PersistedModelConverter<WideReluNet>))]
    public WideReluNet? Network { get; init; }

    public const string RidgeUsed = "Ridge";

    public override IReadOnlyList<string> DiagnosticNames => new[] { RidgeUsed };

    public override string Describe() =>
        (Network is { } net ? Invariant($"network m={net.Width}") : Invariant($"random NTK m={Width}")) +
        (Ridge is { } r ? Invariant($" ridge={r:G4}") : " ridge=auto");

    public override void Validate(int? dimension = null)
    {
        HyperParameter.Range(nameof(Width), Width, 1, 10_000_000);
        HyperParameter.NonNegative(nameof(Ridge), Ridge);
        if (dimension is { } d)
        {
            if (Network is not null && Network.InputDimension != d)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"The network expects dimension {Network.InputDimension} but the data has {d}.");
            if (Network is null && (long)Width * d > WideReluNet.MaxWeights)
                throw HyperParameter.Invalid($"m = {Width} × d = {d} is more than {WideReluNet.MaxWeights:N0} weights; use a narrower net.");
        }
    }

    public override LearnerSpec WithRidge(double? ridge) => this with { Ridge = ridge };

    public override bool ChoosesRidge => true;

    public override LearnerFit Fit(Dataset train, long seed, FitContext context)
    {
        var net = Network ?? WideReluNet.RandomNtk(train.Dimension, Width, seed);
        var (rateA, rateW) = Network is null ? EmpiricalTangentKernel.NtkRates(net) : (1.0, 1.0);
        var model = TangentKernelRidge.Fit(train, net, rateA, rateW, Ridge, context);
        return new LearnerFit(model, HistoryTable.Empty, new[] { new Diagnostic(RidgeUsed, model.Ridge) });
    }
}
