using System.Text.Json;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Persistence;

internal static class TwoLayerNetPersistence
{
    public static void Write(TwoLayerNet net, Utf8JsonWriter w)
    {
        w.WriteNumber("inputDimension", net.InputDimension);
        w.WriteNumber("hidden", net.Hidden);
        w.WriteString("activation", net.Activation.ToString());
        JsonArrays.Write(w, "w", net.W);
        JsonArrays.Write(w, "v", net.V);
        if (net.B is not null) JsonArrays.Write(w, "b", net.B);
    }

    public static IModel Read(JsonElement p) => new TwoLayerNet(
        p.GetProperty("inputDimension").GetInt32(), p.GetProperty("hidden").GetInt32(),
        JsonEnums.Read<Activation>(p, "activation"),
        JsonArrays.Read(p, "w"), JsonArrays.Read(p, "v"), JsonArrays.ReadOptional(p, "b"));
}

internal static class RandomFeaturesPersistence
{
    public static void Write(RandomFeaturesModel m, Utf8JsonWriter w)
    {
        w.WriteNumber("inputDimension", m.InputDimension);
        w.WriteNumber("features", m.Features);
        w.WriteString("activation", m.Activation.ToString());
        JsonDoubles.Write(w, "ridge", m.Ridge);
        JsonArrays.Write(w, "projection", m.Projection);
        JsonArrays.Write(w, "readout", m.Readout);
    }

    public static IModel Read(JsonElement p)
    {
        int d = p.GetProperty("inputDimension").GetInt32(), features = p.GetProperty("features").GetInt32();
        var projection = JsonArrays.Read(p, "projection");
        var readout = JsonArrays.Read(p, "readout");
        if (projection.Length != (long)d * features || readout.Length != features)
            throw new FeatureLearningException("FeatureLearning.CorruptFile", "The random-features arrays do not match the stored sizes.", ErrorKind.InvalidData);
        return new RandomFeaturesModel(d, features, JsonEnums.Read<Activation>(p, "activation"),
            projection, readout, JsonDoubles.Read(p, "ridge"));
    }
}

internal static class KernelRidgePersistence
{
    public static void Write(KernelRidgeModel m, Utf8JsonWriter w)
    {
        w.WriteNumber("inputDimension", m.InputDimension);
        w.WriteNumber("trainCount", m.TrainCount);
        w.WriteString("kernel", m.Kernel.Kind.ToString());
        w.WriteNumber("gamma", double.IsNaN(m.Kernel.Gamma) ? 0 : m.Kernel.Gamma);
        w.WriteNumber("degree", m.Kernel.Degree);
        w.WriteNumber("coef0", m.Kernel.Coef0);
        JsonDoubles.Write(w, "ridge", m.Ridge);
        JsonArrays.Write(w, "x", m.TrainX.AsSpan(0, m.TrainCount * m.InputDimension));
        JsonArrays.Write(w, "alpha", m.Alpha);
    }

    public static IModel Read(JsonElement p)
    {
        int d = p.GetProperty("inputDimension").GetInt32(), n = p.GetProperty("trainCount").GetInt32();
        var kind = JsonEnums.Read<KernelKind>(p, "kernel");
        double gamma = p.GetProperty("gamma").GetDouble();
        var spec = new KernelSpec(kind, kind == KernelKind.Rbf ? gamma : double.NaN, p.GetProperty("degree").GetInt32(), p.GetProperty("coef0").GetDouble());
        var x = JsonArrays.Read(p, "x");
        var alpha = JsonArrays.Read(p, "alpha");
        if (x.Length != (long)n * d || alpha.Length != n)
            throw new FeatureLearningException("FeatureLearning.CorruptFile", "The kernel-ridge arrays do not match the stored sizes.", ErrorKind.InvalidData);
        return new KernelRidgeModel(spec, x, KernelSpec.SquaredNorms(x, n, d), n, d, alpha, JsonDoubles.Read(p, "ridge"));
    }
}
