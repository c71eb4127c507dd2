using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Theory;

namespace FeatureLearning.Core.Tests.SpikedRf;

/// <summary>Oracles: closed forms and the reference tables of gmm-srf-detail.md II.6/II.8 (a port of the authors' code).</summary>
public class SpikedRfTheoryTests
{
    [Fact]
    public void Hermite_coefficients_match_closed_forms()
    {
        var tanh = HermiteCoefficients.Of(Activation.Tanh, LinkFunction.Sin, 0);
        Assert.Equal(0.6057, tanh.Mu1, 4);
        Assert.Equal(0.3943, tanh.Mu2, 4);
        Assert.Equal(Math.Exp(-0.5), tanh.Mu1Star, 6);                 // E[z sin z] = e^{-1/2}
        Assert.Equal((1 - Math.Exp(-2)) / 2, tanh.Mu2Star, 6);         // E[sin² z]
        Assert.Equal(0.0975, tanh.DerivativeVariance, 4);
        Assert.Equal(1.0, HermiteCoefficients.Of(Activation.Relu, LinkFunction.He2, 0).Mu2Star, 8);
        Assert.Equal(1.0 / Math.Sqrt(6) * 0, HermiteCoefficients.Of(Activation.Relu, LinkFunction.He3, 0).Mu1Star, 8);
    }

    [Theory]
    [InlineData(LinkFunction.Tanh, 0.0274)]
    [InlineData(LinkFunction.Sin, 0.0645)]
    [InlineData(LinkFunction.Linear, 0.0)]
    [InlineData(LinkFunction.He2, 1.0)]
    public void Linear_floor_matches_the_spec(LinkFunction link, double expected) =>
        Assert.Equal(expected, HermiteCoefficients.LinearFloor(link, 0), 4);

    [Theory]
    [InlineData(LinkFunction.Tanh, 0.5, 1.0, 0.6511, 1.0377, 0.5635)]
    [InlineData(LinkFunction.Sin, 20, 3.0, 1.1341, 1.0094, 0.9719)]
    public void Spike_parameters_match_the_notebook(LinkFunction target, double alpha0, double eta, double r, double sqrtC, double gamma)
    {
        var p = SpikedRfParameters.FromOneStep(Activation.Tanh, target, 0, eta, alpha0);
        Assert.InRange(p.R, r - 1e-3, r + 1e-3);
        Assert.InRange(Math.Sqrt(p.C), sqrtC - 1e-3, sqrtC + 1e-3);
        Assert.InRange(p.Gamma, gamma - 1e-3, gamma + 1e-3);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Marchenko_Pastur_quadrature_has_the_exact_moments(double beta)
    {
        var mp = new MarchenkoPastur(beta, 500);
        Assert.Equal(1.0, mp.Mean(x => x), 3);
        Assert.Equal(1.0 + beta, mp.Mean(x => x * x), 3);
    }

    // II.6a: tanh/tanh, alpha0 = 0.5, eta = 1, lambda = 0.01, beta = 1 (sRF and RF-at-init rows), tolerance 2e-3.
    [Theory]
    [InlineData(0.2, 0.2842, 0.4017)]
    [InlineData(0.667, 0.3061, 0.4066)]
    [InlineData(1.133, 0.2675, 0.3203)]
    [InlineData(1.6, 0.2051, 0.2409)]
    [InlineData(2.067, 0.1710, 0.2011)]
    [InlineData(3.0, 0.1409, 0.1664)]
    [InlineData(5.0, 0.1200, 0.1421)]
    public void Reproduces_table_II6a(double alpha, double srf, double rf)
    {
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Tanh, Ridge = 0.01, Beta = 1 };
        var spiked = new SpikedRandomFeaturesTheory(SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0, 1.0, 0.5), options);
        var plain = new SpikedRandomFeaturesTheory(SpikedRfParameters.RandomFeatures, options);
        Assert.InRange(spiked.Solve(alpha).TestError, srf - 2e-3, srf + 2e-3);
        Assert.InRange(plain.Solve(alpha).TestError, rf - 2e-3, rf + 2e-3);
    }

    // II.6b: sin target, tanh student, alpha0 = 20, eta = 3, lambda = 0.1; solved as one continuation curve.
    [Fact]
    public void Reproduces_table_II6b_with_continuation()
    {
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Sin, Ridge = 0.1 };
        var theory = new SpikedRandomFeaturesTheory(SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Sin, 0, 3, 20), options);
        double[] alphas = { 0.2, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0 };
        double[] expected = { 0.0485, 0.0463, 0.0416, 0.0379, 0.0354, 0.0325, 0.0301 };
        var curve = theory.Curve(alphas);
        for (int i = 0; i < alphas.Length; i++)
        {
            Assert.True(curve[i].Converged);
            Assert.InRange(curve[i].TestError, expected[i] - 2e-3, expected[i] + 2e-3);
        }
        var rf = new SpikedRandomFeaturesTheory(SpikedRfParameters.RandomFeatures, options).Curve(alphas);
        double[] rfExpected = { 0.4199, 0.3824, 0.3122, 0.2655, 0.2375, 0.2080, 0.1846 };
        for (int i = 0; i < alphas.Length; i++) Assert.InRange(rf[i].TestError, rfExpected[i] - 2e-3, rfExpected[i] + 2e-3);
    }

    // II.6c: eta sweep at alpha0 = 2 and alpha0 sweep at eta = 1 (tanh/tanh, lambda = 0.01, alpha = 2), tolerance 3e-3.
    [Theory]
    [InlineData(2.0, 0.25, 0.1032)]
    [InlineData(2.0, 1.0, 0.0995)]
    [InlineData(2.0, 3.0, 0.1120)]
    [InlineData(2.0, 5.0, 0.1569)]
    [InlineData(0.25, 1.0, 0.2221)]
    [InlineData(20, 1.0, 0.0472)]
    public void Reproduces_table_II6c(double alpha0, double eta, double expected)
    {
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Tanh, Ridge = 0.01 };
        var theory = new SpikedRandomFeaturesTheory(SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0, eta, alpha0), options);
        Assert.InRange(theory.Solve(2.0).TestError, expected - 3e-3, expected + 3e-3);
    }

    // II.6d: p != d guards alpha_T = n/p and F, H × beta (MP rows).
    [Theory]
    [InlineData(0.5, 0.5, 0.289)]
    [InlineData(0.5, 2.0, 0.216)]
    [InlineData(2.0, 0.5, 0.208)]
    [InlineData(2.0, 2.0, 0.097)]
    public void Reproduces_table_II6d_for_p_not_d(double beta, double alpha, double expected)
    {
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Tanh, Ridge = 0.1, Beta = beta };
        var theory = new SpikedRandomFeaturesTheory(SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0, 1, 0.5), options);
        Assert.InRange(theory.Solve(alpha).TestError, expected - 2e-3, expected + 2e-3);
    }

    // lambda -> infinity: plain RF (r = 0, odd sigma) falls to the null predictor E[sigma*^2] + noise^2. With a spike the
    // all-ones readout direction (predictor mu0(kappa)*m) costs only O(1) in ||a||^2 against an O(n) loss, so it stays
    // free as n -> infinity: the limit is E[y^2] - E[sigma(u1) y]^2 / E[sigma(u1) sigma(u1')], computed here by an
    // independent 2-D Gauss-Hermite rule on the jointly Gaussian pre-activations.
    [Theory]
    [InlineData(LinkFunction.Tanh, 0.0)]
    [InlineData(LinkFunction.Sin, 0.3)]
    public void Huge_ridge_gives_the_null_predictor_error(LinkFunction target, double noise)
    {
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = target, Noise = noise, Ridge = 1e7 };
        var h = HermiteCoefficients.Of(Activation.Tanh, target, noise);
        var plain = new SpikedRandomFeaturesTheory(SpikedRfParameters.RandomFeatures, options);
        Assert.InRange(plain.Solve(2.0).TestError, h.Mu2Star + noise * noise - 1e-3, h.Mu2Star + noise * noise + 1e-3);

        var spike = SpikedRfParameters.FromOneStep(Activation.Tanh, target, noise, 1, 2);
        var gh = GaussHermite.Create(60);
        double sc = Math.Sqrt(spike.C);
        double cross = 0, self = 0;
        for (int a = 0; a < gh.Order; a++)
            for (int b = 0; b < gh.Order; b++)
                for (int c = 0; c < gh.Order; c++)
                {
                    double w = gh.Weights[a] * gh.Weights[b] * gh.Weights[c];
                    double kappa = gh.Nodes[a];
                    double u1 = spike.R * kappa + sc * gh.Nodes[b], u2 = spike.R * kappa + sc * gh.Nodes[c];
                    cross += w * Math.Tanh(u1) * LinkFunctions.Value(target, spike.Gamma * kappa + spike.Rho * gh.Nodes[c]);
                    self += w * Math.Tanh(u1) * Math.Tanh(u2);
                }
        double expected = h.Mu2Star + noise * noise - cross * cross / self;
        var spiked = new SpikedRandomFeaturesTheory(spike, options);
        Assert.InRange(spiked.Solve(2.0).TestError, expected - 1e-3, expected + 1e-3);
    }

    [Fact]
    public void Plain_random_features_stay_above_the_linear_floor_while_a_large_step_goes_below_it()
    {
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Tanh, Ridge = 0.01 };
        double floor = HermiteCoefficients.LinearFloor(LinkFunction.Tanh, 0);
        var rf = new SpikedRandomFeaturesTheory(SpikedRfParameters.RandomFeatures, options).Curve(new[] { 5.0, 20.0, 100.0 });
        Assert.All(rf, p => Assert.True(p.TestError > floor, $"RF {p.TestError} at alpha {p.Alpha}"));
        var big = new SpikedRandomFeaturesTheory(SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0, 1, 20), options)
            .Curve(new[] { 5.0, 20.0, 100.0 });
        Assert.True(big[^1].TestError < floor, $"sRF {big[^1].TestError} vs floor {floor}");
    }

    // Two solution paths of the same equations: the damped iteration and the staged solve (V sub-system, then two
    // 2×2 linear systems) must land on the same fixed point.
    [Theory]
    [InlineData(1.0, 0.5, 1.0, 0.5)]
    [InlineData(1.0, 2.0, 0.0, 0.5)]
    [InlineData(2.0, 3.0, 1.0, 0.5)]
    [InlineData(0.5, 1.0, 3.0, 20)]
    public void Staged_solve_agrees_with_the_damped_iteration(double beta, double alpha, double eta, double alpha0)
    {
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Tanh, Ridge = 0.05, Beta = beta };
        var theory = new SpikedRandomFeaturesTheory(SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0, eta, alpha0), options);
        var damped = theory.Solve(alpha);
        var staged = theory.SolveStaged(alpha);
        Assert.True(staged.Converged);
        Assert.Equal(damped.TestError, staged.TestError, 5);
    }

    [Fact]
    public void Wide_networks_near_interpolation_still_converge()
    {
        // beta = 16, alpha = 20 (alpha_T = 1.25): the plain iteration blows up here; the staged fallback must not.
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Tanh, Ridge = 0.01, Beta = 16 };
        var rf = new SpikedRandomFeaturesTheory(SpikedRfParameters.RandomFeatures, options).Solve(20);
        Assert.True(rf.Converged);
        Assert.InRange(rf.TestError, HermiteCoefficients.LinearFloor(LinkFunction.Tanh, 0), 0.4);
    }

    [Fact]
    public void Non_convergence_is_reported_with_a_stable_id()
    {
        var options = new SpikedRfTheoryOptions { Activation = Activation.Tanh, Target = LinkFunction.Tanh, MaxIterations = 2 };
        var theory = new SpikedRandomFeaturesTheory(SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0, 1, 0.5), options);
        var e = Assert.Throws<FeatureLearningException>(() => theory.Solve(1.0));
        Assert.Equal("FeatureLearning.NotConverged", e.ErrorId);
    }
}
