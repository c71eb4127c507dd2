using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Learners;

/// <summary>Settings of a random-features model.</summary>
public sealed record RandomFeaturesOptions
{
    /// <summary>P, the number of random features.</summary>
    public int Features { get; init; } = 1000;

    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Unnormalised ridge λ; null chooses it on a validation split.</summary>
    public double? Ridge { get; init; }

    public long Seed { get; init; }
}

/// <summary>
/// F(x) = Σ_p a_p φ_p(x) with φ_p(x) = g(f_p·x/√d)/√P, f_p ~ N(0, I_d) fixed; a minimises Σ(y − F)² + λ‖a‖².
/// With P and n proportional to d this can only fit a linear function of x plus a constant (Mei–Montanari).
/// </summary>
public sealed class RandomFeaturesModel : IModel, Persistence.IPersistable, Learning.IFirstLayerModel
{
    internal RandomFeaturesModel(int d, int p, Activation activation, double[] projection, double[] readout, double ridge)
    {
        InputDimension = d; Features = p; Activation = activation; Projection = projection; Readout = readout; Ridge = ridge;
    }

    public string Learner => "RandomFeatures";

    int Learning.IFirstLayerModel.Width => Features;

    double[] Learning.IFirstLayerModel.FirstLayer => Projection;

    public int InputDimension { get; }

    public int Features { get; }

    public Activation Activation { get; }

    /// <summary>Row-major P×d projection (rows f_p).</summary>
    public double[] Projection { get; }

    public double[] Readout { get; }

    public double Ridge { get; }

    /// <summary>φ(X) for <paramref name="rows"/> rows of row-major x: rows × P, into <paramref name="phi"/>.</summary>
    public void FeatureMap(double[] x, int rows, double[] phi, CancellationToken cancel = default) =>
        RandomFeaturesLearner.FeatureMap(x, rows, InputDimension, Projection, Features, Activation, phi, cancel);

    public void Predict(Dataset data, Span<double> output, CancellationToken cancel = default)
    {
        if (data.Dimension != InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The random-features model expects dimension {InputDimension} but the data has {data.Dimension}.");
        const int chunk = 1024;
        var phi = new double[chunk * Features];
        var xs = new double[chunk * InputDimension];
        for (int start = 0; start < data.Count; start += chunk)
        {
            int m = Math.Min(chunk, data.Count - start);
            Array.Copy(data.X, (long)start * InputDimension, xs, 0, (long)m * InputDimension);
            FeatureMap(xs, m, phi, cancel);
            for (int i = 0; i < m; i++)
                output[start + i] = DenseMath.Dot(phi.AsSpan(i * Features, Features), Readout);
        }
    }

    public string PersistenceKind => "RandomFeatures";

    public void WriteParameters(System.Text.Json.Utf8JsonWriter writer) => Persistence.RandomFeaturesPersistence.Write(this, writer);

    public override string ToString() => $"RandomFeatures P={Features} {Activation} d={InputDimension} ridge={Ridge:G3}";
}

public static class RandomFeaturesLearner
{
    internal static void FeatureMap(double[] x, int rows, int d, double[] projection, int p, Activation g, double[] phi, CancellationToken cancel)
    {
        // The activation runs on each block of the product as it is finished, while it is in cache.
        var map = new FeatureEntryMap(g, 1.0 / Math.Sqrt(d), 1.0 / Math.Sqrt(p));
        DenseMath.MultiplyABtTiled(x, rows, d, projection, p, phi, map, cancel, packedKernel: true);
    }

    /// <summary>Projections f_p·x to features g(f_p·x/√d)/√P, in place.</summary>
    internal static void MapFeatures(Span<double> span, Activation g, double inputScale, double outputScale)
    {
        // TensorPrimitives computes a span shorter than a vector with scalar calls (Math.Tanh), whose last bits differ
        // from its vector code's: a short span is padded to one vector, so every feature takes the vector arithmetic
        // whatever the length of the row piece it came in.
        if (span.Length < System.Runtime.Intrinsics.Vector512<double>.Count)
        {
            Span<double> lanes = stackalloc double[System.Runtime.Intrinsics.Vector512<double>.Count];
            lanes.Clear();
            span.CopyTo(lanes);
            MapFeatures(lanes, g, inputScale, outputScale);
            lanes[..span.Length].CopyTo(span);
            return;
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply(span, inputScale, span);
        ActivationFunctions.Apply(g, span);
        System.Numerics.Tensors.TensorPrimitives.Multiply(span, outputScale, span);
    }

    public static RandomFeaturesModel Fit(Dataset train, RandomFeaturesOptions o, FitContext? context = null)
    {
        context ??= FitContext.None;
        if (o.Features < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Features must be at least 1, got {o.Features}.");
        if (o.Ridge is { } r && (!double.IsFinite(r) || r < 0))
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-Ridge must be non-negative and finite, got {r}.");
        if (train.Count == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "The training set is empty; draw at least one sample.");
        train.EnsureFinite();
        int d = train.Dimension, p = o.Features;
        var projection = new double[(long)p * d];
        Random.Rng.ForStream(o.Seed, Random.RandomStreams.RandomFeaturesProjection).FillGaussian(projection);

        double ridge;
        if (o.Ridge is { } given) ridge = given;
        else
        {
            context.Report(0, "choosing the ridge on a validation split");
            var sub = train.Take(Math.Min(train.Count, RidgeGrid.SelectionSamples));
            // The features, normal equations and validation features once; one factorisation per grid value.
            double rho = RidgeGrid.SelectRelative(train, mTrain =>
            {
                var system = NormalEquations.Build(sub, mTrain, projection, p, o.Activation, context);
                int mVal = sub.Count - mTrain;
                var xv = sub.X.AsSpan(mTrain * d, mVal * d).ToArray();
                var phi = new double[mVal * p];
                FeatureMap(xv, mVal, d, projection, p, o.Activation, phi, context.Cancellation);
                return system.Problem(a =>
                {
                    var pred = new double[mVal];
                    for (int i = 0; i < mVal; i++) pred[i] = DenseMath.Dot(phi.AsSpan(i * p, p), a);
                    return pred;
                });
            });
            ridge = rho * train.Count;
        }
        context.Report(0.2, $"fitting the readout (P = {p}, n = {train.Count})");
        var readout = Solve(train, train.Count, projection, p, o.Activation, ridge, context);
        return new RandomFeaturesModel(d, p, o.Activation, projection, readout, ridge);
    }

    /// <summary>Ridge readout on the first <paramref name="count"/> rows: primal (P×P, streamed) when count ≥ P, dual otherwise.</summary>
    private static double[] Solve(Dataset data, int count, double[] projection, int p, Activation g, double lambda, FitContext ctx) =>
        NormalEquations.Build(data, count, projection, p, g, ctx).Problem(a => a).Predict(lambda, ctx.Cancellation);

    /// <summary>
    /// The ridge system of the readout on the first rows of a dataset, which does not depend on λ: primal ΦᵀΦ a = Φᵀy
    /// (P×P, Φ streamed in chunks: memory O(P²), never the n×P feature matrix) when count ≥ P, dual ΦΦᵀ α = y
    /// (count×count, a = Φᵀα) otherwise.
    /// </summary>
    private sealed class NormalEquations
    {
        private const double Floor = 1e-12; // least ridge relative to tr/size
        private double[] _matrix = Array.Empty<double>(), _rhs = Array.Empty<double>();
        private double[]? _phi; // dual only: the count×P features
        private int _size, _count, _p;

        public static NormalEquations Build(Dataset data, int count, double[] projection, int p, Activation g, FitContext ctx)
        {
            var system = new NormalEquations { _count = count, _p = p };
            if (count >= p)
            {
                // About 64 MiB of features a chunk (at least 2048 rows): each chunk's ΦᵀΦ is a read-modify-write pass
                // over the P×P sum, so fewer, deeper chunks move less memory (P = 2000: 4096 rows, faster than 2048 in 3 of 4
                // interleaved A/B pairs).
                int chunk = Math.Clamp((1 << 23) / p / 256 * 256, 2048, 16384);
                var a = new double[(long)p * p];
                var b = new double[p];
                StreamedFeatureGram.Accumulate(data, count, projection, p, g, chunk, a, b, ctx);
                system._matrix = a; system._rhs = b; system._size = p;
            }
            else
            {
                int d = data.Dimension;
                var xs = data.X.AsSpan(0, count * d).ToArray();
                var phi = new double[(long)count * p];
                FeatureMap(xs, count, d, projection, p, g, phi, ctx.Cancellation);
                var gram = LargeArray.Doubles((long)count * count);
                DenseMath.GramLower(phi, count, p, gram, ctx.Cancellation);
                system._matrix = gram; system._rhs = data.Y.AsSpan(0, count).ToArray(); system._size = count; system._phi = phi;
            }
            return system;
        }

        /// <summary>The system whose solutions are read as readouts a and passed to <paramref name="predict"/>.</summary>
        public RidgeProblem Problem(Func<double[], double[]> predict) =>
            new(_matrix, _size, _rhs, Floor, x => predict(_phi is null ? x : Readout(x)));

        /// <summary>a = Φᵀα (dual).</summary>
        private double[] Readout(double[] alpha)
        {
            var a = new double[_p];
            for (int i = 0; i < _count; i++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_phi.AsSpan(i * _p, _p), alpha[i], a, a);
            return a;
        }
    }
}
