using System.Numerics.Tensors;
using System.Text.Json;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>
/// A wide two-layer ReLU net without biases, f(x) = Σ_j a_j ReLU(w_j·x) (Li, Ma and Zhang's learner; the scalings of a
/// parametrisation live in the weights themselves, e.g. the NTK net has w_j = g_j/√d and a_j = ±1/√m).
/// </summary>
public sealed class WideReluNet : IModel, Persistence.IPersistable, Learning.IFirstLayerModel
{
    public WideReluNet(int inputDimension, double[] w, double[] a, string learner = "WideReluNetwork")
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(a);
        if (inputDimension < 1 || a.Length == 0 || w.Length != (long)a.Length * inputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The first layer has {w.Length} weights but m = {a.Length} units × d = {inputDimension} were expected.");
        InputDimension = inputDimension; W = w; A = a; Learner = learner;
    }

    double[] Learning.IFirstLayerModel.FirstLayer => W;

    public string Learner { get; }

    public int InputDimension { get; }

    /// <summary>m, the number of hidden units.</summary>
    public int Width => A.Length;

    /// <summary>Row-major m×d first layer (row j is w_j).</summary>
    public double[] W { get; }

    /// <summary>The second layer a (length m).</summary>
    public double[] A { get; }

    /// <summary>
    /// A random net in the NTK parametrisation f(x) = m^{-1/2} Σ_j a_j ReLU(g_j·x/√d), g_j ~ N(0, I_d), a_j = ±1 (random
    /// signs), stored as w_j = g_j/√d and a_j/√m. Its tangent kernel with layer rates (1/m, 1/d)
    /// (<see cref="EmpiricalTangentKernel"/>) tends to K1 + s·K0 as m → ∞ (<see cref="Kernels.KernelKind.Ntk"/>).
    /// </summary>
    public static WideReluNet RandomNtk(int inputDimension, int width, long seed)
    {
        if (inputDimension < 1 || width < 1 || (long)inputDimension * width > MaxWeights)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter",
                $"A net needs d ≥ 1 and m ≥ 1 with m·d at most {MaxWeights:N0}; got m = {width}, d = {inputDimension}.");
        var rng = Rng.ForStream(seed, RandomStreams.RandomNtkNetwork);
        var w = new double[(long)width * inputDimension];
        rng.FillGaussian(w, 1.0 / Math.Sqrt(inputDimension));
        var a = new double[width];
        double scale = 1.0 / Math.Sqrt(width);
        for (int j = 0; j < width; j++) a[j] = scale * rng.NextSign();
        return new WideReluNet(inputDimension, w, a, "RandomNtkNetwork");
    }

    /// <summary>Largest m·d a net may have (400 MB of first-layer weights; training holds up to six arrays of that size).</summary>
    public const long MaxWeights = 50_000_000L;

    /// <summary>Pre-activations W x_i of <paramref name="rows"/> rows of row-major x into z (rows × m).</summary>
    public void PreActivations(double[] x, int rows, double[] z, CancellationToken cancel = default) =>
        DenseMath.MultiplyABt(x, rows, InputDimension, W, Width, z, cancel);

    public void Predict(Dataset data, Span<double> output, CancellationToken cancel = default)
    {
        if (data.Dimension != InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The network expects dimension {InputDimension} but the data has {data.Dimension}.");
        int m = Width, d = InputDimension;
        int chunk = ChunkRows(m);
        var z = new double[(long)chunk * m];
        var xs = new double[(long)chunk * d];
        for (int start = 0; start < data.Count; start += chunk)
        {
            int rows = Math.Min(chunk, data.Count - start);
            Array.Copy(data.X, (long)start * d, xs, 0, (long)rows * d);
            PreActivations(xs, rows, z, cancel);
            for (int i = 0; i < rows; i++)
            {
                var zi = z.AsSpan(i * m, m);
                TensorPrimitives.Max(zi, 0.0, zi);
                output[start + i] = TensorPrimitives.Dot(zi, A);
            }
        }
    }

    /// <summary>Rows per block so a block of pre-activations stays near 32 MB.</summary>
    internal static int ChunkRows(int width) => Math.Clamp(4_000_000 / Math.Max(1, width), 1, 4096);

    public string PersistenceKind => "WideReluNetwork";

    public void WriteParameters(Utf8JsonWriter writer)
    {
        writer.WriteString("learner", Learner);
        writer.WriteNumber("inputDimension", InputDimension);
        Persistence.JsonArrays.Write(writer, "w", W);
        Persistence.JsonArrays.Write(writer, "a", A);
    }

    internal static IModel Read(JsonElement p) =>
        new WideReluNet(p.GetProperty("inputDimension").GetInt32(), Persistence.JsonArrays.Read(p, "w"), Persistence.JsonArrays.Read(p, "a"),
            p.GetProperty("learner").GetString() ?? "WideReluNetwork");

    public override string ToString() => $"{Learner} m={Width} d={InputDimension}";
}
