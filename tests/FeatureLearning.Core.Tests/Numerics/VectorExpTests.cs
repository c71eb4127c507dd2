using System.Runtime.Intrinsics;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests;

/// <summary>The inlined vector exponential against Math.Exp: ulps over the whole range, and the edges of the range.</summary>
public class VectorExpTests
{
    // Distance in units in the last place (doubles of one sign are ordered like their bit patterns).
    private static long Ulps(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    private static double[] Exp512(double[] x)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i += 8) VectorExp.Exp(Vector512.Create(x.AsSpan(i, 8))).CopyTo(result.AsSpan(i, 8));
        return result;
    }

    private static double[] Exp256(double[] x)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i += 4) VectorExp.Exp(Vector256.Create(x.AsSpan(i, 4))).CopyTo(result.AsSpan(i, 4));
        return result;
    }

    public static TheoryData<string> Widths() => new() { "512", "256" };

    private static double[] Exp(string width, double[] x) => width == "512" ? Exp512(x) : Exp256(x);

    [Theory]
    [MemberData(nameof(Widths))]
    public void Is_within_two_ulp_of_Math_Exp_from_underflow_to_overflow(string width)
    {
        var rng = new Rng(5);
        var x = new double[80_000];
        for (int i = 0; i < x.Length; i++)
            x[i] = i % 2 == 0 ? -745.0 + 1454.0 * rng.NextDouble() // the whole finite range of results
                              : -40.0 * rng.NextDouble();          // where the RBF kernel's arguments lie
        var y = Exp(width, x);
        long worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Exp(x[i]);
            if (expected < 2.2250738585072014E-308)
                Assert.True(Math.Abs(y[i] - expected) <= 4.9E-324 * 2, $"exp({x[i]:R}) = {y[i]:R}, Math.Exp {expected:R}"); // denormal: absolute
            else worst = Math.Max(worst, Ulps(y[i], expected));
        }
        Assert.True(worst <= 2, $"worst error {worst} ulp");
    }

    [Fact]
    public void Both_widths_give_the_same_bits_from_underflow_to_overflow()
    {
        // The 512-bit path scales by 2^k in one VSCALEFPD, the 256-bit one through two integer-built factors: one
        // rounding either way, so the bits must agree, denormal results included.
        if (!Vector512.IsHardwareAccelerated) return;
        var rng = new Rng(11);
        var x = new double[40_000];
        for (int i = 0; i < x.Length; i++) x[i] = -750.0 + 1462.0 * rng.NextDouble();
        double[] edges = { -745.1, -744.4, -708.4, -708.3, -0.0, 709.78, 710.0, double.NaN, double.NegativeInfinity, double.PositiveInfinity };
        edges.CopyTo(x, 0);
        var wide = Exp512(x); var narrow = Exp256(x);
        for (int i = 0; i < x.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(wide[i]) == BitConverter.DoubleToInt64Bits(narrow[i]) || double.IsNaN(wide[i]) && double.IsNaN(narrow[i]),
                $"exp({x[i]:R}): 512-bit {wide[i]:R}, 256-bit {narrow[i]:R}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Handles_the_edges_of_the_range(string width)
    {
        double[] x = { 0.0, -0.0, double.NegativeInfinity, double.PositiveInfinity, double.NaN, -746.0, -1e300, 709.7, 710.0, 1e-300 };
        var padded = new double[16];
        x.CopyTo(padded, 0);
        var y = Exp(width, padded);
        Assert.Equal(1.0, y[0]); // exactly
        Assert.Equal(1.0, y[1]);
        Assert.Equal(0.0, y[2]);
        Assert.Equal(double.PositiveInfinity, y[3]);
        Assert.True(double.IsNaN(y[4]));
        Assert.Equal(0.0, y[5]);
        Assert.Equal(0.0, y[6]);
        Assert.True(Ulps(y[7], Math.Exp(709.7)) <= 2);
        Assert.Equal(double.PositiveInfinity, y[8]);
        Assert.Equal(1.0, y[9]);
    }
}
