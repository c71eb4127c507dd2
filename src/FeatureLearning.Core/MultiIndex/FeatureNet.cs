using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.MultiIndex;

/// <summary>
/// f(x) = Σ_j a_j σ(w_j·x + b_j) with m hidden units (Damian et al.'s parameterisation: no 1/√d, w_j of order unit norm).
/// The first layer (W, b) is the learned representation; the head a can be refitted on another task.
/// </summary>
public sealed class FeatureNet : IModel, Persistence.IPersistable, Learning.IFirstLayerModel
{
    public FeatureNet(int inputDimension, Activation activation, double[] w, double[] b, double[] a, string learner = "TwoPhaseNetwork")
    {
        int m = b.Length;
        if (w.Length != (long)m * inputDimension || a.Length != m)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch", $"Weights do not match m={m}, d={inputDimension}.");
        InputDimension = inputDimension; Activation = activation; W = w; B = b; A = a; Learner = learner;
    }

    public string Learner { get; }

    public int InputDimension { get; }

    /// <summary>m, the width.</summary>
    public int Width => B.Length;

    public Activation Activation { get; }

    /// <summary>Row-major m×d first layer.</summary>
    public double[] W { get; }

    public double[] B { get; }

    /// <summary>The second layer (head).</summary>
    public double[] A { get; }

    /// <summary>Features σ(W x_i + b) of <paramref name="rows"/> rows of row-major <paramref name="x"/> into phi (rows × m).</summary>
    public void Features(double[] x, int rows, double[] phi, CancellationToken cancel = default)
    {
        int m = Width;
        DenseMath.MultiplyABt(x, rows, InputDimension, W, m, phi, cancel);
        for (int i = 0; i < rows; i++)
        {
            var row = phi.AsSpan(i * m, m);
            System.Numerics.Tensors.TensorPrimitives.Add(row, B, row);
            ActivationFunctions.Apply(Activation, row);
        }
    }

    public void Predict(Dataset data, Span<double> output, CancellationToken cancel = default)
    {
        if (data.Dimension != InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The network expects dimension {InputDimension} but the data has {data.Dimension}.");
        const int chunk = 1024;
        int m = Width, d = InputDimension;
        var phi = new double[chunk * m];
        var xs = new double[chunk * d];
        for (int start = 0; start < data.Count; start += chunk)
        {
            int rows = Math.Min(chunk, data.Count - start);
            Array.Copy(data.X, (long)start * d, xs, 0, (long)rows * d);
            Features(xs, rows, phi, cancel);
            for (int i = 0; i < rows; i++) output[start + i] = DenseMath.Dot(phi.AsSpan(i * m, m), A);
        }
    }

    double[] Learning.IFirstLayerModel.FirstLayer => W;

    public string PersistenceKind => "FeatureNet";

    public void WriteParameters(System.Text.Json.Utf8JsonWriter writer)
    {
        writer.WriteString("learner", Learner);
        writer.WriteNumber("inputDimension", InputDimension);
        writer.WriteString("activation", Activation.ToString());
        Persistence.JsonArrays.Write(writer, "w", W);
        Persistence.JsonArrays.Write(writer, "b", B);
        Persistence.JsonArrays.Write(writer, "a", A);
    }

    internal static IModel Read(System.Text.Json.JsonElement p) => new FeatureNet(
        p.GetProperty("inputDimension").GetInt32(), Persistence.JsonEnums.Read<Activation>(p, "activation"),
        Persistence.JsonArrays.Read(p, "w"), Persistence.JsonArrays.Read(p, "b"), Persistence.JsonArrays.Read(p, "a"),
        p.GetProperty("learner").GetString() ?? "TwoPhaseNetwork");

    /// <summary>The same representation with another head.</summary>
    public FeatureNet WithHead(double[] a, string? learner = null) => new(InputDimension, Activation, W, B, a, learner ?? Learner);

    public override string ToString() => $"{Learner} m={Width} {Activation} d={InputDimension}";
}
