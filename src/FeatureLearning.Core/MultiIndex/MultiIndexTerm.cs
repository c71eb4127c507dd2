namespace FeatureLearning.Core.MultiIndex;

/// <summary>
/// One term c · Π_i h_{α_i}(z_i) of a multi-index head g(z), z = Ux ∈ R^r, where h_k = He_k/√(k!) is the normalised
/// Hermite polynomial. Distinct terms are orthonormal under z ~ N(0, I_r), so Var g = Σ c² over the terms.
/// </summary>
public sealed record MultiIndexTerm(double Coefficient, int[] Powers)
{
    /// <summary>Total degree |α| = Σ α_i.</summary>
    public int Degree => Powers.Sum();

    public bool Equals(MultiIndexTerm? other) => other is not null && Coefficient.Equals(other.Coefficient) && Powers.SequenceEqual(other.Powers);

    public override int GetHashCode() => HashCode.Combine(Coefficient, Powers.Length);

    public override string ToString()
    {
        var factors = Powers.Select((k, i) => k == 0 ? null : k == 1 ? $"z{i + 1}" : $"h{k}(z{i + 1})").Where(s => s is not null);
        return System.FormattableString.Invariant($"{Coefficient:+0.###;-0.###}·{string.Join("·", factors)}");
    }
}
