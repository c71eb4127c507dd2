using System.Text.Json;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Persistence;

/// <summary>A generator or model that can write the parameters it is rebuilt from.</summary>
public interface IPersistable
{
    /// <summary>Stable kind name stored in files, e.g. "GaussianMixture", "TwoLayerNet".</summary>
    string PersistenceKind { get; }

    void WriteParameters(Utf8JsonWriter writer);
}

/// <summary>
/// Readers for each persisted model kind (new models register here, one line each), and for the generators of
/// version-1 dataset and model files (version 2 stores a task record, <see cref="Data.TaskSpec"/>).
/// </summary>
public static class PersistenceRegistry
{
    /// <summary>Version-1 files only.</summary>
    private static readonly Dictionary<string, Func<JsonElement, IDataGenerator>> Generators = new(StringComparer.Ordinal)
    {
        ["GaussianMixture"] = p => new GaussianMixtureGenerator(
            p.GetProperty("dimension").GetInt32(), p.GetProperty("snr").GetDouble(),
            JsonEnums.Read<MixtureKind>(p, "mixture"), p.GetProperty("seed").GetInt64()),
        ["SparseParity"] = Parity.SparseParityGenerator.Read,
        ["AbsTeacher"] = ReluTeacher.AbsTeacherGenerator.Read,
        ["SingleIndex"] = p => new SingleIndexGenerator(p.GetProperty("dimension").GetInt32(),
            JsonEnums.Read<LinkFunction>(p, "link"), p.GetProperty("noise").GetDouble(), p.GetProperty("seed").GetInt64()),
    };

    private static readonly Dictionary<string, Func<JsonElement, IModel>> Models = new(StringComparer.Ordinal)
    {
        ["TwoLayerNet"] = TwoLayerNetPersistence.Read,
        ["RandomFeatures"] = RandomFeaturesPersistence.Read,
        ["KernelRidge"] = KernelRidgePersistence.Read,
        ["ParityNetwork"] = Parity.ParityNetModel.Read,
        ["OneStepNetwork"] = OneStepNetworkModel.Read,
        ["WideReluNetwork"] = ReluTeacher.WideReluNet.Read,
        ["TangentKernelRidge"] = ReluTeacher.TangentKernelRidgeModel.Read,
        ["FeatureNet"] = MultiIndex.FeatureNet.Read,
    };

    public static void RegisterGenerator(string kind, Func<JsonElement, IDataGenerator> reader)
    {
        lock (Generators) Generators[kind] = reader;
    }

    public static void RegisterModel(string kind, Func<JsonElement, IModel> reader)
    {
        lock (Models) Models[kind] = reader;
    }

    internal static IDataGenerator ReadGenerator(string kind, JsonElement parameters)
    {
        Func<JsonElement, IDataGenerator>? reader;
        lock (Generators) Generators.TryGetValue(kind, out reader);
        if (reader is null)
            throw new FeatureLearningException("FeatureLearning.UnknownKind",
                $"The file names a task generator of kind '{kind}' that this version of the module cannot rebuild.", ErrorKind.InvalidData);
        return reader(parameters);
    }

    internal static IModel ReadModel(string kind, JsonElement parameters)
    {
        Func<JsonElement, IModel>? reader;
        lock (Models) Models.TryGetValue(kind, out reader);
        if (reader is null)
            throw new FeatureLearningException("FeatureLearning.UnknownKind",
                $"The file holds a model of kind '{kind}' that this version of the module cannot read.", ErrorKind.InvalidData);
        return reader(parameters);
    }
}
