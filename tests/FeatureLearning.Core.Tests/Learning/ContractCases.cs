using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Parity;
using FeatureLearning.Core.Random;
using FeatureLearning.Core.ReluTeacher;
using FeatureLearning.Core.SpikedRf;

namespace FeatureLearning.Core.Tests.Learning;

/// <summary>Small versions of every learner and every task (plus user data): the learner × task table of the README.</summary>
internal static class ContractCases
{
    public static readonly string[] LearnerNames =
    {
        "TwoLayerNet", "RandomFeatures", "KernelRidge", "KernelRidgeNystrom", "TwoPhaseNetwork", "OneStepNetwork",
        "SpikedRandomFeatures", "WideReluNetwork", "TangentKernelRidge", "ParityNetwork",
    };

    public static readonly string[] TaskNames =
        { "Xor", "MultiIndex", "SingleIndex", "AbsTeacher", "SparseParity", "UserRegression", "UserClassification" };

    public static LearnerSpec Learner(string name) => name switch
    {
        "TwoLayerNet" => new TwoLayerNetSpec { Hidden = 4, Time = 2, HistoryPoints = 3, MonitorSamples = 50 },
        "RandomFeatures" => new RandomFeaturesSpec { Features = 20 },
        "KernelRidge" => new KernelRidgeSpec { Kernel = KernelKind.Rbf },
        "KernelRidgeNystrom" => new KernelRidgeSpec { Kernel = KernelKind.Ntk, Solver = KernelRidgeSolver.Nystrom, Centers = 15 },
        "TwoPhaseNetwork" => new TwoPhaseNetworkSpec { Width = 16 },
        "OneStepNetwork" => new OneStepNetworkSpec { Width = 16, FirstBatch = 20 },
        "SpikedRandomFeatures" => new SpikedRandomFeaturesSpec { Width = 16, SpikeStrength = 1, BulkVariance = 1, Gamma = 0.8 },
        "WideReluNetwork" => new WideReluNetworkSpec { Width = 16, Epochs = 3, HistoryPoints = 2, MonitorSamples = 50 },
        "TangentKernelRidge" => new TangentKernelRidgeSpec { Width = 32 },
        "ParityNetwork" => new ParityNetworkSpec { Width = 16, Steps = 20, MonitorSamples = 50, HistoryPoints = 3 },
        _ => throw new ArgumentException(name),
    };

    public static IDataGenerator? Task(string name) => name switch
    {
        "Xor" => new GaussianMixtureGenerator(8, 4, MixtureKind.Xor, 2),
        "MultiIndex" => new MultiIndexGenerator(8, 2, 3, 0.1, 2),
        "SingleIndex" => new SingleIndexGenerator(8, LinkFunction.Tanh, 0.1, 2),
        "AbsTeacher" => new AbsTeacherGenerator(6, TeacherWeightKind.Random, 0.05, 2),
        "SparseParity" => new SparseParityGenerator(10, 3, ParityDistribution.Mixture, 0, 2),
        _ => null,
    };

    /// <summary>Training and test data of a task (user data: a fixed source split in two, no generator).</summary>
    public static (Dataset Train, Dataset Test) Data(string task, int n = 60, int testSamples = 200)
    {
        if (Task(task) is { } g) return (g.Sample(n, new Rng(11)), g.Sample(testSamples, new Rng(12)));
        int d = 5, total = n + testSamples;
        var rng = new Rng(13);
        var x = new double[total * d];
        rng.FillGaussian(x);
        var y = new double[total];
        for (int i = 0; i < total; i++)
        {
            double f = x[i * d] - 0.5 * x[i * d + 1] * x[i * d + 2];
            y[i] = task == "UserClassification" ? (f > 0 ? 1 : -1) : f + 0.1 * rng.NextGaussian();
        }
        return (new Dataset(x[..(n * d)], y[..n], d, null), new Dataset(x[(n * d)..], y[n..], d, null));
    }

    public static bool Applies(string learner, string task) =>
        learner != "ParityNetwork" || (Data(task, 2, 1).Train.TaskType == TaskType.Classification);

    public static IEnumerable<object[]> Cells() =>
        from l in LearnerNames from t in TaskNames select new object[] { l, t };

    public static IEnumerable<object[]> Learners() => LearnerNames.Select(l => new object[] { l });

    public static IEnumerable<object[]> Tasks() => TaskNames.Select(t => new object[] { t });
}
