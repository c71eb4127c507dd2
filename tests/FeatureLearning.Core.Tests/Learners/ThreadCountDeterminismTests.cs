using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Parity;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory;

namespace FeatureLearning.Core.Tests;

/// <summary>
/// Every learner must give bit-identical numbers for the same seed whatever the number of threads its parallel loops
/// may use (1, 3, or the machine's default): a sweep limits per-trial threads, and its rows must not depend on that.
/// Sizes are chosen so that the blocked kernels really split the work (more than one 64-row block).
/// </summary>
public class ThreadCountDeterminismTests
{
    /// <summary>Fits a learner and returns its parameters followed by its predictions on a fixed test set.</summary>
    public static TheoryData<string> Learners => new()
    {
        "TwoLayerNet", "TwoLayerNetMiniBatch", "RandomFeatures", "KernelRidgeRbf", "KernelRidgeNtk", "TwoPhaseNetwork",
        "ParityTwoPhase", "ParityAdam", "OneStepNetwork", "SpikedRandomFeatures",
    };

    private static double[] Fingerprint(string learner)
    {
        switch (learner)
        {
            case "TwoLayerNet":
            case "TwoLayerNetMiniBatch":
            {
                var data = Mixture(d: 64, n: 600);
                var algorithm = learner == "TwoLayerNet" ? TrainingAlgorithm.Sgd : TrainingAlgorithm.MiniBatch;
                var fit = TwoLayerNetTrainer.Fit(data, new TwoLayerNetOptions { Time = 4, Algorithm = algorithm, MonitorSamples = 300, Seed = 3 });
                return Concat(fit.Net.W, fit.Net.V, fit.History.Select(r => r.TestError).ToArray(), Predict(fit.Net, data));
            }
            case "RandomFeatures":
            {
                var data = Mixture(d: 64, n: 600);
                var model = RandomFeaturesLearner.Fit(data, new RandomFeaturesOptions { Features = 300, Seed = 3 });
                return Concat(model.Readout, Predict(model, data));
            }
            case "KernelRidgeRbf":
            case "KernelRidgeNtk":
            {
                var data = Mixture(d: 64, n: 600);
                var kind = learner == "KernelRidgeRbf" ? KernelKind.Rbf : KernelKind.Ntk;
                var model = KernelRidgeLearner.Fit(data, new KernelSpec(kind), ridge: null);
                return Concat(model.Alpha, Predict(model, data));
            }
            case "TwoPhaseNetwork":
            {
                var task = new MultiIndexGenerator(24, 2, 3, 0.0, seed: 4);
                var data = ((IDataGenerator)task).Sample(1200, Rng.ForStream(4, 1));
                var fit = TwoPhaseLearner.Fit(data, new TwoPhaseOptions { Width = 128, Seed = 5 });
                return Concat(fit.Net.W, fit.Net.B, fit.Net.A, Predict(fit.Net, data));
            }
            case "ParityTwoPhase":
            case "ParityAdam":
            {
                IDataGenerator task = new SparseParityGenerator(20, 3, ParityDistribution.Mixture, 0, seed: 6);
                var data = task.Sample(800, Rng.ForStream(6, 1));
                var algorithm = learner == "ParityTwoPhase" ? ParityAlgorithm.TwoPhase : ParityAlgorithm.Adam;
                var fit = ParityNetTrainer.Fit(data, new ParityNetOptions { Algorithm = algorithm, Width = 128, Steps = 200, MonitorSamples = 0, Seed = 7 });
                return Concat(fit.Model.W, fit.Model.B, fit.Model.U, Predict(fit.Model, data));
            }
            case "OneStepNetwork":
            case "SpikedRandomFeatures":
            {
                IDataGenerator task = new SingleIndexGenerator(100, LinkFunction.Tanh, 0.0, seed: 8);
                var data = task.Sample(300, Rng.ForStream(8, 1));
                var options = new OneStepOptions { Width = 100, FirstBatch = 150, StepSize = 1.0, Seed = 9 };
                var model = learner == "OneStepNetwork"
                    ? OneStepLearner.Fit(data, options)
                    : OneStepLearner.FitSpiked(data, SpikedRfParameters.FromOneStep(Activation.Tanh, LinkFunction.Tanh, 0.0, 1.0, 1.5), options);
                return Concat(model.Weights, model.Readout, Predict(model, data));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(learner), learner, null);
        }
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Same_seed_gives_bit_identical_numbers_with_1_3_and_all_threads(string learner)
    {
        double[] one, three;
        using (Parallelism.Limit(1)) one = Fingerprint(learner);
        using (Parallelism.Limit(3)) three = Fingerprint(learner);
        var all = Fingerprint(learner);
        Assert.True(one.Length > 100, $"{learner}: fingerprint too short to mean anything ({one.Length} values)");
        Assert.Contains(one, v => v != 0);
        Assert.Equal(Bits(one), Bits(three));
        Assert.Equal(Bits(one), Bits(all));
    }

    private static Dataset Mixture(int d, int n)
    {
        IDataGenerator task = new GaussianMixtureGenerator(d, 4, MixtureKind.Xor, seed: 2);
        return task.Sample(n, Rng.ForStream(2, 1));
    }

    private static double[] Predict(IModel model, Dataset data)
    {
        var output = new double[data.Count];
        model.Predict(data, output);
        return output;
    }

    private static double[] Concat(params double[][] parts) => parts.SelectMany(p => p).ToArray();

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
