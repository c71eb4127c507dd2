using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Tests.MultiIndex;

public class HermiteTests
{
    [Fact]
    public void Normalised_Hermite_polynomials_are_orthonormal_under_Gauss_Hermite_quadrature()
    {
        var rule = GaussHermite.Create(40); // exact for polynomials of degree < 80
        for (int j = 0; j <= 8; j++)
            for (int k = 0; k <= 8; k++)
            {
                double inner = rule.Expect(z => Hermite.Normalised(j, z) * Hermite.Normalised(k, z));
                Assert.Equal(j == k ? 1.0 : 0.0, inner, 10);
            }
    }

    [Fact]
    public void Recurrence_matches_the_explicit_low_degree_polynomials()
    {
        foreach (double x in new[] { -2.3, -0.4, 0.0, 1.1, 3.7 })
        {
            Assert.Equal(x * x - 1, Hermite.Probabilists(2, x), 12);
            Assert.Equal(x * x * x - 3 * x, Hermite.Probabilists(3, x), 12);
            Assert.Equal(Math.Pow(x, 4) - 6 * x * x + 3, Hermite.Probabilists(4, x), 10);
        }
    }

    [Fact]
    public void Normalised_recurrence_agrees_with_the_factorial_form()
    {
        Span<double> values = stackalloc double[9];
        foreach (double x in new[] { -1.7, 0.3, 2.9 })
        {
            Hermite.NormalisedAll(x, values);
            for (int k = 0; k < values.Length; k++)
                Assert.Equal(Hermite.Probabilists(k, x) / Math.Sqrt(Hermite.Factorial(k)), values[k], 10);
        }
    }
}
