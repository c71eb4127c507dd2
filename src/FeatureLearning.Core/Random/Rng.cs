namespace FeatureLearning.Core.Random;

/// <summary>
/// Seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64) with Gaussian draws.
/// Every random draw in the library goes through an instance passed in explicitly, never a static one,
/// so the same seed gives the same numbers on every machine and thread count.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    public Rng(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>An independent generator derived from this seed and a stream label (for parallel work that
    /// must not depend on scheduling).</summary>
    public static Rng ForStream(long seed, long stream)
    {
        ulong x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)stream);
        return new Rng(unchecked((long)SplitMix64(ref x)));
    }

    /// <summary>A child generator whose sequence depends only on this generator's state at the call.</summary>
    public Rng Fork() => new(unchecked((long)NextUInt64()));

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        // Lemire's multiply-shift; the bias for n < 2^31 is below 2^-32, irrelevant here.
        return (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);
    }

    /// <summary>Random sign, +1 or -1 with probability 1/2.</summary>
    public double NextSign() => (NextUInt64() >> 63) == 0 ? 1.0 : -1.0;

    /// <summary>Standard normal draw (Marsaglia's polar method; the second value is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Fills <paramref name="destination"/> with independent N(0, scale^2) draws.</summary>
    public void FillGaussian(Span<double> destination, double scale = 1.0)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = scale * NextGaussian();
    }

    /// <summary>Fisher-Yates shuffle of an index array.</summary>
    public void Shuffle(Span<int> indices)
    {
        for (int i = indices.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
    }
}
