using System.Text.Json;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Persistence;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory;
using FeatureLearning.Core.Theory.OnlineSgd;

namespace FeatureLearning.Core.Tests.Learning;

/// <summary>
/// The mixture paper's parametrisation (unit-norm means, noise σ, its learning rates) against the module's (unit noise,
/// snr = m²): the same model must give the same numbers, and the rate conversion must reproduce training on the paper's
/// own inputs x' = σx.
/// </summary>
public class PaperUnitsTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.3)]
    [InlineData(1.7)]
    public void Noise_gives_the_mixture_of_snr_one_over_sigma_squared_bit_for_bit(double sigma)
    {
        double snr = MixtureNoise.SnrFromNoise(sigma);
        Assert.Equal(1.0 / (sigma * sigma), snr);
        var byNoise = new GaussianMixtureGenerator(30, snr, MixtureKind.Xor, seed: 4);
        var bySnr = new GaussianMixtureGenerator(30, 1.0 / (sigma * sigma), MixtureKind.Xor, seed: 4);
        var a = ((IDataGenerator)byNoise).Sample(200, new Rng(9));
        var b = ((IDataGenerator)bySnr).Sample(200, new Rng(9));
        Assert.Equal(b.X, a.X);
        Assert.Equal(b.Y, a.Y);
        Assert.Equal(sigma, byNoise.Noise, 14);
        Assert.Equal(sigma, ((GaussianMixtureTask)byNoise.Task).Noise, 14);
    }

    [Theory]
    // The oracle curve of the paper's Figure 1 against its axis 1/SNR = σ (spec table I.6a, a separate quadrature).
    [InlineData(0.3, 0.0183)]
    [InlineData(0.5, 0.1449)]
    [InlineData(1.0, 0.3645)]
    [InlineData(2.0, 0.4618)]
    public void Bayes_error_by_noise_matches_the_papers_oracle_curve(double sigma, double expected)
    {
        Assert.Equal(expected, BayesOptimalError.ForMixture(MixtureKind.Xor, MixtureNoise.SnrFromNoise(sigma)), 4);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e-200)]
    public void Invalid_noise_is_refused(double sigma)
    {
        var ex = Assert.Throws<FeatureLearningException>(() => MixtureNoise.SnrFromNoise(sigma));
        Assert.Equal("FeatureLearning.InvalidNoise", ex.ErrorId);
        Assert.Contains("-Noise", ex.Message);
        Assert.Equal("FeatureLearning.InvalidNoise", Assert.Throws<FeatureLearningException>(() => MixtureNoise.Resolve(null, sigma, 4)).ErrorId);
    }

    [Fact]
    public void Snr_and_noise_together_are_refused_and_neither_gives_the_default()
    {
        var ex = Assert.Throws<FeatureLearningException>(() => MixtureNoise.Resolve(4, 0.5, 4));
        Assert.Equal("FeatureLearning.ConflictingParameters", ex.ErrorId);
        Assert.Equal(4.0, MixtureNoise.Resolve(null, null, 4));
        Assert.Equal(3.0, MixtureNoise.Resolve(3, null, 4));
        Assert.Equal(4.0, MixtureNoise.Resolve(null, 0.5, 1));
    }

    public static TheoryData<Activation, TrainingAlgorithm, double, double?> TrainingCases => new()
    {
        { Activation.Relu, TrainingAlgorithm.Sgd, 0.0, null },
        { Activation.Relu, TrainingAlgorithm.Sgd, 0.05, 0.8 },
        { Activation.Tanh, TrainingAlgorithm.MiniBatch, 0.02, null },
        { Activation.Erf, TrainingAlgorithm.FullBatchGd, 0.0, 0.3 },
    };

    [Theory]
    [MemberData(nameof(TrainingCases))]
    public void Paper_rates_on_our_inputs_train_the_papers_net_on_its_inputs(Activation activation, TrainingAlgorithm algorithm, double reg, double? eta2)
    {
        // Independent route: the trainer, told nothing about units, on the paper's inputs x' = σx with the paper's η, reg
        // and init; against the converted rates on our inputs. The paper's first layer is ours over σ at every step.
        const int d = 60, n = 300;
        const double sigma = 0.6, eta = 0.4, init = 0.7;
        double snr = MixtureNoise.SnrFromNoise(sigma);
        var generator = new GaussianMixtureGenerator(d, snr, MixtureKind.Xor, seed: 2);
        var ours = ((IDataGenerator)generator).Sample(n, new Rng(11));
        var scaled = ours.X.Select(x => sigma * x).ToArray();
        var theirs = new Dataset(scaled, ours.Y.ToArray(), d, generator: null);
        var paper = new TwoLayerNetSpec
        {
            Hidden = 4, Activation = activation, Algorithm = algorithm, Epochs = 3, BatchSize = 16, LearningRate = eta,
            SecondLayerLearningRate = eta2, Regularization = reg, FirstLayerInitScale = init, SecondLayerInitScale = 0.5,
            HistoryPoints = 2, MonitorSamples = 0,
        };
        var onTheirs = TwoLayerNetTrainer.Fit(theirs, paper.Options(seed: 5)).Net;
        var converted = (paper with { Convention = MixtureConvention.Paper }).InModuleUnits(snr);
        Assert.Equal(MixtureConvention.Module, converted.Convention);
        Assert.Equal(eta * sigma * sigma, converted.LearningRate, 12);
        Assert.Equal(eta2 ?? eta, converted.SecondLayerLearningRate);
        var onOurs = TwoLayerNetTrainer.Fit(new Dataset(ours.X.ToArray(), ours.Y.ToArray(), d, generator), converted.Options(seed: 5)).Net;

        double scale = onTheirs.W.Max(Math.Abs);
        for (int i = 0; i < onOurs.W.Length; i++) Assert.Equal(sigma * onTheirs.W[i], onOurs.W[i], 1e-10 * scale);
        for (int k = 0; k < 4; k++) Assert.Equal(onTheirs.V[k], onOurs.V[k], 1e-10);
        // Training moved the weights (so the comparison is not of two initialisations).
        var untrained = TwoLayerNetTrainer.Initialise(d, paper.Options(seed: 5));
        Assert.True(onTheirs.V.Zip(untrained.V).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
    }

    [Fact]
    public void Paper_convention_fits_through_the_spec_as_the_converted_spec()
    {
        var generator = new GaussianMixtureGenerator(40, MixtureNoise.SnrFromNoise(0.5), MixtureKind.Xor, seed: 1);
        var sample = ((IDataGenerator)generator).Sample(200, new Rng(3));
        var train = new Dataset(sample.X.ToArray(), sample.Y.ToArray(), 40, generator);
        var paper = new TwoLayerNetSpec { Convention = MixtureConvention.Paper, Epochs = 2, HistoryPoints = 2, MonitorSamples = 0 };
        var explicitRates = new TwoLayerNetSpec
        {
            LearningRate = 0.5 * 0.25, SecondLayerLearningRate = 0.5, FirstLayerInitScale = 0.5, Epochs = 2, HistoryPoints = 2, MonitorSamples = 0,
        };
        var a = (TwoLayerNet)paper.Fit(train, 7, FitContext.None).Model;
        var b = (TwoLayerNet)explicitRates.Fit(train, 7, FitContext.None).Model;
        Assert.Equal(b.W, a.W);
        Assert.Equal(b.V, a.V);
    }

    [Fact]
    public void Paper_convention_needs_a_mixture_and_no_bias()
    {
        var paper = new TwoLayerNetSpec { Convention = MixtureConvention.Paper };
        Assert.Equal("FeatureLearning.NoPaperUnits", Assert.Throws<FeatureLearningException>(() => paper.CheckTask(null, TaskType.Classification)).ErrorId);
        var single = new SingleIndexTask(20, LinkFunction.Tanh, 0, 1).CreateGenerator();
        Assert.Equal("FeatureLearning.NoPaperUnits", Assert.Throws<FeatureLearningException>(() => paper.CheckTask(single, TaskType.Regression)).ErrorId);
        Assert.Equal("FeatureLearning.ConflictingParameters", Assert.Throws<FeatureLearningException>(() => (paper with { UseBias = true }).Validate()).ErrorId);
        Assert.Equal(HyperParameter.ErrorId, Assert.Throws<FeatureLearningException>(() => new TwoLayerNetSpec { SecondLayerLearningRate = double.NaN }.Validate()).ErrorId);
        Assert.Equal(HyperParameter.ErrorId, Assert.Throws<FeatureLearningException>(() => new TwoLayerNetSpec { SecondLayerRegularization = -1 }.Validate()).ErrorId);
    }

    [Fact]
    public void A_spec_written_before_the_convention_existed_reads_and_writes_as_before()
    {
        string json = SpecJson.Serialize<LearnerSpec>(new TwoLayerNetSpec());
        Assert.DoesNotContain("convention", json);
        Assert.DoesNotContain("secondLayerLearningRate", json);
        Assert.DoesNotContain("secondLayerRegularization", json);
        var read = (TwoLayerNetSpec)SpecJson.Deserialize<LearnerSpec>(JsonDocument.Parse(json).RootElement, "test");
        Assert.Equal(MixtureConvention.Module, read.Convention);
        Assert.Null(read.SecondLayerLearningRate);
        var paper = new TwoLayerNetSpec { Convention = MixtureConvention.Paper, SecondLayerLearningRate = 0.3, SecondLayerRegularization = 0.1 };
        var back = SpecJson.Deserialize<LearnerSpec>(JsonDocument.Parse(SpecJson.Serialize<LearnerSpec>(paper)).RootElement, "test");
        Assert.Equal(paper, back);
        Assert.NotEqual(new TwoLayerNetSpec(), paper with { SecondLayerLearningRate = null, SecondLayerRegularization = null });
    }

    [Fact]
    public void The_second_layer_rate_scales_only_dv_in_the_ode()
    {
        var generator = new GaussianMixtureGenerator(200, 3, MixtureKind.Xor, seed: 3);
        var net = TwoLayerNetTrainer.Initialise(200, new TwoLayerNetOptions { Hidden = 3, Seed = 4 });
        var state = OrderParameters.FromNet(net, generator.Directions);
        OdeRates Rates(double? eta2, double? reg2)
        {
            var options = new OnlineSgdOdeOptions
            {
                Snr = 3, LearningRate = 0.5, SecondLayerLearningRate = eta2, Regularization = 0.2, SecondLayerRegularization = reg2,
                MonteCarloSamples = 2000, Seed = 1,
            };
            var ode = new OnlineSgdOde(options, 3);
            var rates = ode.CreateRates();
            ode.Evaluate(state, rates);
            return rates;
        }
        var same = Rates(null, null);
        var explicitSame = Rates(0.5, 0.2);
        Assert.Equal(same.R, explicitSame.R);
        Assert.Equal(same.Q, explicitSame.Q);
        Assert.Equal(same.V, explicitSame.V);
        var other = Rates(1.5, 0.2);
        Assert.Equal(same.R, other.R);
        Assert.Equal(same.Q, other.Q);
        for (int k = 0; k < 3; k++) Assert.Equal(3 * same.V[k], other.V[k], 1e-12);
        // reg₂ enters dv only: dv(reg₂) − dv(reg) = −η (reg₂ − reg) v.
        var decayed = Rates(null, 0.7);
        Assert.Equal(same.R, decayed.R);
        for (int k = 0; k < 3; k++) Assert.Equal(same.V[k] - 0.5 * 0.5 * state.V[k], decayed.V[k], 1e-12);
    }
}
