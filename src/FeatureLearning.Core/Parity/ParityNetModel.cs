using System.Numerics.Tensors;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Parity;

/// <summary>Depth-two ReLU net f(x) = Σ_i u_i relu(w_i·x + b_i) (no input scaling: the bits are ±1).</summary>
public sealed class ParityNetModel : IModel, Persistence.IPersistable, Learning.IFirstLayerModel
{
    public ParityNetModel(int width, int inputDimension, double[] w, double[] b, double[] u)
    {
        if (w.Length != (long)width * inputDimension || b.Length != width || u.Length != width)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch", "The parity-net weight arrays do not match width × input dimension.");
        Width = width; InputDimension = inputDimension; W = w; B = b; U = u;
    }

    double[] Learning.IFirstLayerModel.FirstLayer => W;

    public string Learner => "ParityNetwork";

    public int Width { get; }

    public int InputDimension { get; }

    /// <summary>First layer, Width × InputDimension row-major.</summary>
    public double[] W { get; }

    public double[] B { get; }

    public double[] U { get; }

    /// <summary>f(x) using <paramref name="hidden"/> (length Width) as scratch: no allocation.</summary>
    public double Output(ReadOnlySpan<double> x, Span<double> hidden)
    {
        int n = InputDimension;
        for (int i = 0; i < Width; i++)
            hidden[i] = Math.Max(0.0, TensorPrimitives.Dot(W.AsSpan(i * n, n), x) + B[i]);
        return TensorPrimitives.Dot(U, hidden);
    }

    public void Predict(Dataset data, Span<double> output, CancellationToken cancel = default)
    {
        if (data.Dimension != InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The parity net expects {InputDimension} bits but the data has {data.Dimension}.");
        var hidden = new double[Width];
        for (int r = 0; r < data.Count; r++)
        {
            if ((r & 1023) == 0) cancel.ThrowIfCancellationRequested();
            output[r] = Output(data.Row(r), hidden);
        }
    }

    /// <summary>Fraction of ‖W‖² on the columns of <paramref name="subset"/>: |A|/n for an uninformed layer, → 1 once A is found.</summary>
    public double SubsetMass(IReadOnlyList<int> subset)
    {
        double total = TensorPrimitives.SumOfSquares(W), on = 0;
        if (total == 0) return double.NaN;
        for (int i = 0; i < Width; i++)
            foreach (int j in subset) on += W[i * InputDimension + j] * W[i * InputDimension + j];
        return on / total;
    }

    public string PersistenceKind => "ParityNetwork";

    public void WriteParameters(System.Text.Json.Utf8JsonWriter w)
    {
        w.WriteNumber("width", Width);
        w.WriteNumber("inputDimension", InputDimension);
        Persistence.JsonArrays.Write(w, "w", W);
        Persistence.JsonArrays.Write(w, "b", B);
        Persistence.JsonArrays.Write(w, "u", U);
    }

    internal static IModel Read(System.Text.Json.JsonElement p) =>
        new ParityNetModel(p.GetProperty("width").GetInt32(), p.GetProperty("inputDimension").GetInt32(),
            Persistence.JsonArrays.Read(p, "w"), Persistence.JsonArrays.Read(p, "b"), Persistence.JsonArrays.Read(p, "u"));

    public override string ToString() => $"ParityNetwork q={Width} n={InputDimension}";
}
