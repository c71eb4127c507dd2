using FeatureLearning.Core.Data;

namespace FeatureLearning.Core.Theory.OnlineSgd;

/// <summary>
/// One cluster of a Gaussian mixture in our convention: mean Sign·m·e_Direction (m = √snr), label Label, weight
/// Probability. The noise is N(0, I_d), so the cluster fields ν_a = e_a·x have mean Sign·m·δ(a, Direction) and unit variance.
/// </summary>
public readonly record struct MixtureCluster(int Direction, double Sign, double Label, double Probability)
{
    /// <summary>The clusters of <paramref name="kind"/>, in the order and with the labels of <see cref="GaussianMixtureGenerator"/>.</summary>
    public static MixtureCluster[] For(MixtureKind kind) => kind switch
    {
        // ±m·e1 carry label +1, ±m·e2 label −1, each with probability 1/4.
        MixtureKind.Xor => new[]
        {
            new MixtureCluster(0, +1, +1, 0.25), new MixtureCluster(0, -1, +1, 0.25),
            new MixtureCluster(1, +1, -1, 0.25), new MixtureCluster(1, -1, -1, 0.25),
        },
        // ±m·e1 with labels ±1.
        MixtureKind.TwoCluster => new[] { new MixtureCluster(0, +1, +1, 0.5), new MixtureCluster(0, -1, -1, 0.5) },
        _ => throw new FeatureLearningException("FeatureLearning.UnknownMixture", $"Unknown mixture kind {kind}; use Xor or TwoCluster."),
    };

    /// <summary>Number of signal directions (e1 only, or e1 and e2).</summary>
    public static int DirectionCount(MixtureKind kind) => kind == MixtureKind.Xor ? 2 : 1;
}
