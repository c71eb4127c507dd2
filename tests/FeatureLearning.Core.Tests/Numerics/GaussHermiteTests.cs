using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Tests;

public class GaussHermiteTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(40)]
    public void Rule_integrates_Gaussian_moments_exactly(int order)
    {
        var rule = GaussHermite.Create(order);
        Assert.Equal(1.0, rule.Expect(_ => 1.0), 12);
        Assert.Equal(0.0, rule.Expect(z => z * z * z), 12);
        Assert.Equal(1.0, rule.Expect(z => z * z), 10);
        Assert.Equal(3.0, rule.Expect(z => Math.Pow(z, 4)), 9);
        Assert.Equal(15.0, rule.Expect(z => Math.Pow(z, 6)), 8);
    }

    [Fact]
    public void Smooth_expectations_match_closed_forms()
    {
        var rule = GaussHermite.Create(60);
        Assert.Equal(Math.Exp(-0.5), rule.Expect(Math.Cos), 10);           // E cos z = e^{-1/2}
        Assert.Equal(Math.Exp(0.5), rule.Expect(Math.Exp), 10);            // E e^z = e^{1/2}
    }
}
