using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Learners;

/// <summary>
/// f(x) = Σ_k v_k g(w_k·x/√d + b_k): K hidden units, no output bias, no 1/K prefactor (the convention of
/// Refinetti et al. 2021). W is row-major K×d.
/// </summary>
public sealed class TwoLayerNet : IModel, Persistence.IPersistable, Learning.IFirstLayerModel
{
    public TwoLayerNet(int inputDimension, int hidden, Activation activation, double[] w, double[] v, double[]? b = null)
    {
        if (w.Length != (long)hidden * inputDimension || v.Length != hidden || (b is not null && b.Length != hidden))
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"Weights do not match K={hidden}, d={inputDimension}.");
        InputDimension = inputDimension;
        Hidden = hidden;
        Activation = activation;
        W = w;
        V = v;
        B = b;
    }

    public string Learner => "TwoLayerNet";

    int Learning.IFirstLayerModel.Width => Hidden;

    double[] Learning.IFirstLayerModel.FirstLayer => W;

    public int InputDimension { get; }

    public int Hidden { get; }

    public Activation Activation { get; }

    public double[] W { get; }

    public double[] V { get; }

    public double[]? B { get; }

    public ReadOnlySpan<double> Unit(int k) => new(W, k * InputDimension, InputDimension);

    /// <summary>Pre-activations λ_k = w_k·x/√d + b_k into <paramref name="lambda"/> (length K).</summary>
    public void LocalFields(ReadOnlySpan<double> x, Span<double> lambda)
    {
        double scale = 1.0 / Math.Sqrt(InputDimension);
        for (int k = 0; k < Hidden; k++)
            lambda[k] = DenseMath.Dot(Unit(k), x) * scale + (B?[k] ?? 0.0);
    }

    public double Predict(ReadOnlySpan<double> x)
    {
        Span<double> lambda = Hidden <= 256 ? stackalloc double[Hidden] : new double[Hidden];
        LocalFields(x, lambda);
        double f = 0;
        for (int k = 0; k < Hidden; k++) f += V[k] * ActivationFunctions.Value(Activation, lambda[k]);
        return f;
    }

    public void Predict(Dataset data, Span<double> output, CancellationToken cancel = default)
    {
        if (data.Dimension != InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The net expects dimension {InputDimension} but the data has {data.Dimension}.");
        int n = data.Count, K = Hidden;
        var fields = new double[(long)n * K];
        DenseMath.MultiplyABt(data.X, n, InputDimension, W, K, fields, cancel);
        double scale = 1.0 / Math.Sqrt(InputDimension);
        for (int i = 0; i < n; i++)
        {
            double f = 0;
            for (int k = 0; k < K; k++)
                f += V[k] * ActivationFunctions.Value(Activation, fields[(long)i * K + k] * scale + (B?[k] ?? 0.0));
            output[i] = f;
        }
    }

    public string PersistenceKind => "TwoLayerNet";

    public void WriteParameters(System.Text.Json.Utf8JsonWriter writer) => Persistence.TwoLayerNetPersistence.Write(this, writer);

    public TwoLayerNet Clone() => new(InputDimension, Hidden, Activation, (double[])W.Clone(), (double[])V.Clone(), (double[]?)B?.Clone());

    /// <summary>Order parameters R[k,a] = w_k·e_a/√d for unit directions e_a, and Q[k,l] = w_k·w_l/d.</summary>
    public (double[] R, double[] Q) OrderParameters(IReadOnlyList<double[]> directions)
    {
        int K = Hidden, C = directions.Count, d = InputDimension;
        var r = new double[K * C];
        var q = new double[K * K];
        double sqrtD = Math.Sqrt(d);
        for (int k = 0; k < K; k++)
        {
            for (int a = 0; a < C; a++) r[k * C + a] = DenseMath.Dot(Unit(k), directions[a]) / sqrtD;
            for (int l = 0; l <= k; l++) q[k * K + l] = q[l * K + k] = DenseMath.Dot(Unit(k), Unit(l)) / d;
        }
        return (r, q);
    }

    public override string ToString() => $"TwoLayerNet K={Hidden} {Activation} d={InputDimension}";
}
