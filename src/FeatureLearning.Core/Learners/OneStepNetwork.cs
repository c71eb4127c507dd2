using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Learners;

/// <summary>
/// A two-layer net f(x) = (1/√p) Σ_j a_j σ(w_j·x) whose first layer W came from one giant gradient step (or was
/// built directly as a spiked random-features matrix) and whose readout a was fitted by ridge (Cui et al. 2024).
/// Rows of W0 are unit vectors, so no 1/√d appears in the pre-activation.
/// </summary>
public sealed class OneStepNetworkModel : IModel, Persistence.IPersistable, Learning.IFirstLayerModel
{
    internal OneStepNetworkModel(string learner, int d, int width, Activation activation, double[] weights, double[] readout, double ridge)
    {
        Learner = learner; InputDimension = d; Width = width; Activation = activation; Weights = weights; Readout = readout; Ridge = ridge;
    }

    /// <summary>"OneStepNetwork" or "SpikedRandomFeatures".</summary>
    public string Learner { get; }

    public int InputDimension { get; }

    /// <summary>p, the number of hidden units.</summary>
    public int Width { get; }

    public Activation Activation { get; }

    /// <summary>Row-major p×d first layer after the step.</summary>
    public double[] Weights { get; }

    public double[] Readout { get; }

    double[] Learning.IFirstLayerModel.FirstLayer => Weights;

    public double Ridge { get; }

    /// <summary>|cos| between the spike direction (top right singular vector of W1 − W0, or v̂ for the direct sRF) and θ.</summary>
    public double SpikeOverlap { get; internal set; } = double.NaN;

    /// <summary>Top singular value of W1 − W0 over √p (≈ r of the sRF); r itself for the direct sRF.</summary>
    public double SpikeStrength { get; internal set; }

    /// <summary>Mean squared row norm of W (≈ c + r²).</summary>
    public double MeanRowNormSquared { get; internal set; }

    /// <summary>Φ = σ(X Wᵀ)/√p for <paramref name="rows"/> rows of x into <paramref name="phi"/> (rows × p).</summary>
    public void FeatureMap(double[] x, int rows, double[] phi, CancellationToken cancel = default) =>
        OneStepLearner.FeatureMap(x, rows, InputDimension, Weights, Width, Activation, phi, cancel);

    public void Predict(Dataset data, Span<double> output, CancellationToken cancel = default)
    {
        if (data.Dimension != InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The network expects dimension {InputDimension} but the data has {data.Dimension}.");
        const int chunk = 1024;
        var phi = new double[(long)chunk * Width];
        var xs = new double[(long)chunk * InputDimension];
        for (int start = 0; start < data.Count; start += chunk)
        {
            int m = Math.Min(chunk, data.Count - start);
            Array.Copy(data.X, (long)start * InputDimension, xs, 0, (long)m * InputDimension);
            FeatureMap(xs, m, phi, cancel);
            for (int i = 0; i < m; i++)
                output[start + i] = DenseMath.Dot(phi.AsSpan(i * Width, Width), Readout);
        }
    }

    public string PersistenceKind => "OneStepNetwork";

    public void WriteParameters(System.Text.Json.Utf8JsonWriter writer)
    {
        writer.WriteString("learner", Learner);
        writer.WriteNumber("inputDimension", InputDimension);
        writer.WriteNumber("width", Width);
        writer.WriteString("activation", Activation.ToString());
        writer.WriteNumber("ridge", Ridge);
        Persistence.JsonDoubles.Write(writer, "spikeOverlap", SpikeOverlap);
        writer.WriteNumber("spikeStrength", SpikeStrength);
        writer.WriteNumber("meanRowNormSquared", MeanRowNormSquared);
        Persistence.JsonArrays.Write(writer, "weights", Weights);
        Persistence.JsonArrays.Write(writer, "readout", Readout);
    }

    internal static OneStepNetworkModel Read(System.Text.Json.JsonElement p)
    {
        var model = new OneStepNetworkModel(p.GetProperty("learner").GetString()!, p.GetProperty("inputDimension").GetInt32(),
            p.GetProperty("width").GetInt32(), Persistence.JsonEnums.Read<Activation>(p, "activation"),
            Persistence.JsonArrays.Read(p, "weights"), Persistence.JsonArrays.Read(p, "readout"), p.GetProperty("ridge").GetDouble());
        model.SpikeOverlap = Persistence.JsonDoubles.Read(p, "spikeOverlap");
        model.SpikeStrength = p.GetProperty("spikeStrength").GetDouble();
        model.MeanRowNormSquared = p.GetProperty("meanRowNormSquared").GetDouble();
        if (model.Weights.Length != (long)model.Width * model.InputDimension || model.Readout.Length != model.Width)
            throw new FeatureLearningException("FeatureLearning.CorruptFile", "The stored one-step network has inconsistent sizes.", ErrorKind.InvalidData);
        return model;
    }

    public override string ToString() => $"{Learner} p={Width} {Activation} d={InputDimension} ridge={Ridge:G3}";
}
