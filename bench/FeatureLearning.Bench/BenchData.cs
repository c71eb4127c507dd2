using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Bench;

/// <summary>
/// The benchmark data, drawn once by the module and written as raw float64 for the peers:
/// tc200, a two-cluster mixture (d = 200, snr 4), for kernel ridge and random features;
/// xor500, an XOR mixture (d = 500, snr 4), for the two-layer net, with the initial weights every side starts from.
/// </summary>
internal static class BenchData
{
    public const int KernelDimension = 200, KernelTrain = 20_000, KernelTest = 1000;
    public const int NetDimension = 500, NetTrain = 100_000, NetTest = 2000, Hidden = 8;

    public static readonly IDataGenerator KernelTask = new GaussianMixtureGenerator(KernelDimension, 4.0, MixtureKind.TwoCluster, seed: 1);
    /// <summary>The large-scale row: the two-cluster mixture in d = 100.</summary>
    public static readonly IDataGenerator LargeTask = new GaussianMixtureGenerator(100, 4.0, MixtureKind.TwoCluster, seed: 1);
    public static readonly IDataGenerator NetTask = new GaussianMixtureGenerator(NetDimension, 4.0, MixtureKind.Xor, seed: 2);

    public static void WriteAll(string dir)
    {
        Directory.CreateDirectory(dir);
        Write(dir, "tc200_train", KernelTask.Sample(KernelTrain, new Rng(11)));
        Write(dir, "tc200_test", KernelTask.Sample(KernelTest, new Rng(12)));
        Write(dir, "xor500_train", NetTask.Sample(NetTrain, new Rng(21)));
        Write(dir, "xor500_test", NetTask.Sample(NetTest, new Rng(22)));
        var net = TwoLayerNetTrainer.Initialise(NetDimension, NetOptions(TrainingAlgorithm.Sgd));
        RawData.Write(Path.Combine(dir, "xor500_w0.f64"), net.W);
        RawData.Write(Path.Combine(dir, "xor500_v0.f64"), net.V);
    }

    /// <summary>The net's settings on every side: K = 8 ReLU units, η = 0.5, no weight decay, both layers trained.
    /// History: two records (start and end) and no monitor set, so evaluation does not count in the timings.</summary>
    public static TwoLayerNetOptions NetOptions(TrainingAlgorithm algorithm) => new()
    {
        Hidden = Hidden, Activation = Core.Numerics.Activation.Relu, LearningRate = 0.5, Algorithm = algorithm,
        HistoryPoints = 2, MonitorSamples = 0, Seed = 3, BatchSize = 64,
    };

    private static void Write(string dir, string name, Dataset data)
    {
        RawData.Write(Path.Combine(dir, name + "_X.f64"), data.X);
        RawData.Write(Path.Combine(dir, name + "_y.f64"), data.Y);
    }

    public static Dataset Read(string dir, string name, int count, int dimension, IDataGenerator generator)
    {
        var x = RawData.Read(Path.Combine(dir, name + "_X.f64"), (long)count * dimension);
        var y = RawData.Read(Path.Combine(dir, name + "_y.f64"), count);
        return new Dataset(x, y, dimension, generator);
    }
}
