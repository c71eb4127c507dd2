using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Tests.MultiIndex;

public class TwoPhaseLearnerTests
{
    [Fact]
    public void Symmetric_initialisation_gives_a_network_that_is_exactly_zero()
    {
        var g = new MultiIndexGenerator(12, 2, 3, 0.0, seed: 1);
        var data = ((IDataGenerator)g).Sample(300, new Rng(2));
        var net = TwoPhaseLearner.Initialise(12, new TwoPhaseOptions { Width = 64, Seed = 3 });
        var f = new double[data.Count];
        net.Predict(data, f);
        Assert.All(f, v => Assert.Equal(0.0, v, 12));
        Assert.Contains(net.A, a => a != 0);
    }

    [Fact]
    public void Untrained_first_layer_has_alignment_near_r_over_d()
    {
        int d = 40, r = 2;
        var g = new MultiIndexGenerator(d, r, 3, 0.0, seed: 1);
        var net = TwoPhaseLearner.Initialise(d, new TwoPhaseOptions { Width = 2000, Seed = 5 });
        double fraction = SubspaceAlignment.Fraction(net.W, net.Width, d, g.U, r);
        // 1000 distinct uniform rows: E = r/d = 0.05, sd ≈ sqrt(2r)/d/sqrt(1000) ≈ 0.0016.
        Assert.InRange(fraction, 0.04, 0.06);
    }

    [Fact]
    public void Fraction_matches_principal_cosines_for_a_rank_r_first_layer()
    {
        // Rows that all lie in span(U): fraction 1 and principal cosines 1; rows orthogonal to U: fraction 0.
        var g = new MultiIndexGenerator(10, 2, 3, 0.0, seed: 2);
        var w = new double[4 * 10];
        var rng = new Rng(1);
        for (int j = 0; j < 4; j++)
        {
            double c1 = rng.NextGaussian(), c2 = rng.NextGaussian();
            for (int k = 0; k < 10; k++) w[j * 10 + k] = c1 * g.U[k] + c2 * g.U[10 + k];
        }
        Assert.Equal(1.0, SubspaceAlignment.Fraction(w, 4, 10, g.U, 2), 10);
        Assert.All(SubspaceAlignment.PrincipalCosines(w, 4, 10, g.U, 2), c => Assert.Equal(1.0, c, 8));
        // Remove the span(U) part of random rows: nothing is left inside.
        rng.FillGaussian(w);
        for (int j = 0; j < 4; j++)
            for (int a = 0; a < 2; a++)
            {
                var row = w.AsSpan(j * 10, 10);
                double c = Numerics.DenseMath.Dot(row, g.Directions[a]);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(g.Directions[a], -c, row, row);
            }
        Assert.Equal(0.0, SubspaceAlignment.Fraction(w, 4, 10, g.U, 2), 10);
    }

    [Fact]
    public void Phase_one_moves_the_first_layer_into_span_U()
    {
        // d = 16, n1 = 40000: isotropic gradient noise ≈ d/(4 n1) per row against a Hessian signal ≈ 0.16‖H‖²/d.
        int d = 16;
        var g = new MultiIndexGenerator(d, 2, 3, 0.0, seed: 3);
        var data = ((IDataGenerator)g).Sample(44_000, new Rng(4));
        var fit = TwoPhaseLearner.Fit(data, new TwoPhaseOptions { Width = 128, FirstPhaseSamples = 40_000, Seed = 1 });
        Assert.InRange(fit.InitialAlignment, 0.0, 0.3);
        Assert.True(fit.Alignment > 0.9, $"alignment after phase 1 is {fit.Alignment:F3}");
        Assert.All(fit.PrincipalCosines, c => Assert.True(c > 0.95, $"principal cosine {c:F3}"));
    }

    [Fact]
    public void Two_phase_net_beats_the_trivial_predictor_and_is_reproducible()
    {
        int d = 16;
        var g = new MultiIndexGenerator(d, 2, 3, 0.0, seed: 3);
        var data = ((IDataGenerator)g).Sample(12_000, new Rng(4));
        var test = ((IDataGenerator)g).Sample(4000, new Rng(5));
        var o = new TwoPhaseOptions { Width = 256, FirstPhaseSamples = 8000, Seed = 1 };
        var a = TwoPhaseLearner.Fit(data, o);
        var b = TwoPhaseLearner.Fit(data, o);
        Assert.Equal(a.Net.W, b.Net.W);
        Assert.Equal(a.Net.A, b.Net.A);
        double mse = Metrics.Evaluate(a.Net, test).Mse;
        // Predicting 0 has MSE Var f* = 1; a linear fit has MSE 1 too (no degree-1 part).
        Assert.True(mse < 0.5, $"test MSE {mse:F3}");
    }

    [Fact]
    public void Refitting_the_head_matches_a_direct_ridge_solve()
    {
        var g = new MultiIndexGenerator(6, 2, 3, 0.0, seed: 1);
        var data = ((IDataGenerator)g).Sample(40, new Rng(2));
        var init = TwoPhaseLearner.Initialise(6, new TwoPhaseOptions { Width = 8, Seed = 1 });
        var features = init.WithHead(new double[8]);
        var (net, _) = TwoPhaseLearner.FitHead(features, data, ridge: 0.5);
        // Naive normal equations with MathNet.
        var phi = new double[40 * 8];
        features.Features(data.X, 40, phi);
        var P = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(40, 8, (i, j) => phi[i * 8 + j]);
        var y = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(data.Y);
        var expected = (P.TransposeThisAndMultiply(P) + 0.5 * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(8))
            .Solve(P.TransposeThisAndMultiply(y));
        for (int j = 0; j < 8; j++) Assert.Equal(expected[j], net.A[j], 8);
    }

    [Fact]
    public void Odd_width_is_rejected()
    {
        var ex = Assert.Throws<FeatureLearningException>(() => TwoPhaseLearner.Initialise(5, new TwoPhaseOptions { Width = 7 }));
        Assert.Equal("FeatureLearning.InvalidHyperParameter", ex.ErrorId);
    }
}
