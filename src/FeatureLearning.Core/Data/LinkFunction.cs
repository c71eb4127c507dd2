namespace FeatureLearning.Core.Data;

/// <summary>The link σ* of a single-index target y = σ*(θ·x/√d) + noise.</summary>
public enum LinkFunction
{
    Tanh,
    Relu,
    /// <summary>sign(z) (0 at z = 0).</summary>
    Sign,
    Sin,
    /// <summary>Normalised Hermite polynomial He2(z)/√2 = (z² − 1)/√2: purely non-linear, zero linear part.</summary>
    He2,
    /// <summary>Normalised Hermite polynomial He3(z)/√6 = (z³ − 3z)/√6.</summary>
    He3,
    Linear,
}

/// <summary>Values of <see cref="LinkFunction"/>.</summary>
public static class LinkFunctions
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt6 = 0.40824829046386301637;

    public static double Value(LinkFunction link, double z) => link switch
    {
        LinkFunction.Tanh => Math.Tanh(z),
        LinkFunction.Relu => z > 0 ? z : 0.0,
        LinkFunction.Sign => Math.Sign(z),
        LinkFunction.Sin => Math.Sin(z),
        LinkFunction.He2 => (z * z - 1.0) * InvSqrt2,
        LinkFunction.He3 => (z * z * z - 3.0 * z) * InvSqrt6,
        LinkFunction.Linear => z,
        _ => throw new FeatureLearningException("FeatureLearning.UnknownLink",
            $"Unknown link '{link}'; use one of {string.Join(", ", Enum.GetNames<LinkFunction>())}."),
    };

    /// <summary>True when the link has a kink or jump, so Gauss–Hermite rules need many nodes.</summary>
    public static bool IsNonSmooth(LinkFunction link) => link is LinkFunction.Relu or LinkFunction.Sign;
}
