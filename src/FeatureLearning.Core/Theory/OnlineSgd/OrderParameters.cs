using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;

namespace FeatureLearning.Core.Theory.OnlineSgd;

/// <summary>
/// The state of the online-SGD ODEs: R[k, a] = w_k·e_a/√d (K×A, row-major), Q[k, l] = w_k·w_l/d (K×K) and the second
/// layer v (K), with the names and normalisation of <see cref="TrainingRecord"/>.
/// </summary>
public sealed class OrderParameters
{
    public OrderParameters(int hidden, int directions, double[] r, double[] q, double[] v)
    {
        if (hidden < 1 || directions < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"Need at least one hidden unit and one direction, got K={hidden}, A={directions}.");
        if (r.Length != hidden * directions || q.Length != hidden * hidden || v.Length != hidden)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"Order parameters do not match K={hidden}, A={directions}: R has {r.Length}, Q {q.Length}, v {v.Length} values.");
        foreach (var array in new[] { r, q, v })
            foreach (double value in array)
                if (!double.IsFinite(value))
                    throw new FeatureLearningException("FeatureLearning.NonFiniteData", "An initial order parameter is not finite.", ErrorKind.InvalidData);
        Hidden = hidden;
        Directions = directions;
        R = r;
        Q = q;
        V = v;
    }

    public int Hidden { get; }

    public int Directions { get; }

    public double[] R { get; }

    public double[] Q { get; }

    public double[] V { get; }

    public OrderParameters Clone() => new(Hidden, Directions, (double[])R.Clone(), (double[])Q.Clone(), (double[])V.Clone());

    /// <summary>The overlaps of a given net with the generator's directions (the simulation's exact initial state).</summary>
    public static OrderParameters FromNet(TwoLayerNet net, IReadOnlyList<double[]> directions)
    {
        if (net.B is not null)
            throw new FeatureLearningException("FeatureLearning.UnsupportedModel",
                "The ODE theory covers bias-free nets (the setting of Refinetti et al.); train the simulation without -Bias.");
        foreach (var e in directions)
            if (e.Length != net.InputDimension)
                throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                    $"The net has input dimension {net.InputDimension} but a signal direction has {e.Length}; use the model's own dataset.");
        var (r, q) = net.OrderParameters(directions);
        return new OrderParameters(net.Hidden, directions.Count, r, q, (double[])net.V.Clone());
    }

    /// <summary>
    /// The overlaps of the random initial net that <see cref="TwoLayerNetTrainer"/> would train with these options on data
    /// from <paramref name="generator"/>: theory and simulation start from the same state.
    /// </summary>
    public static OrderParameters FromInitialisation(GaussianMixtureGenerator generator, TwoLayerNetOptions options) =>
        FromNet(TwoLayerNetTrainer.Initialise(generator.Dimension, options), generator.Directions);

    /// <summary>The state recorded in a training history (e.g. to start the theory from a simulation at time t0).</summary>
    public static OrderParameters FromRecord(TrainingRecord record) =>
        new(record.Hidden, record.Directions, (double[])record.R.Clone(), (double[])record.Q.Clone(), (double[])record.V.Clone());

    /// <summary>
    /// The state in a flat row with the columns of <see cref="TrainingRecordExtensions.Flatten"/> (R{k}_{a}, Q{k}_{l} for
    /// l ≥ k, V{k}, 1-based), e.g. a Get-TrainingHistory row read back from a CSV file.
    /// </summary>
    public static OrderParameters FromColumns(IReadOnlyDictionary<string, double> columns)
    {
        int K = 0, A = 0;
        while (columns.ContainsKey($"V{K + 1}")) K++;
        while (columns.ContainsKey($"R1_{A + 1}")) A++;
        if (K == 0 || A == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidState",
                "The initial state needs the columns V1.., R1_1.. and Q1_1.. of a Get-TrainingHistory row.");
        double Column(string name) => columns.TryGetValue(name, out double value) ? value
            : throw new FeatureLearningException("FeatureLearning.InvalidState", $"The initial state has V1..V{K} but no column {name}.");
        var r = new double[K * A];
        var q = new double[K * K];
        var v = new double[K];
        for (int k = 0; k < K; k++)
        {
            v[k] = Column($"V{k + 1}");
            for (int a = 0; a < A; a++) r[k * A + a] = Column($"R{k + 1}_{a + 1}");
            for (int l = k; l < K; l++) q[k * K + l] = q[l * K + k] = Column($"Q{k + 1}_{l + 1}");
        }
        return new OrderParameters(K, A, r, q, v);
    }

    /// <summary>
    /// Covariance of (λ_1..λ_K, ν_1..ν_A) given the cluster, [[Q, R], [Rᵀ, I]] (row-major, (K+A)²): the same for every
    /// cluster because the noise is isotropic with unit variance.
    /// </summary>
    public double[] FieldCovariance()
    {
        int K = Hidden, A = Directions, n = K + A;
        var c = new double[n * n];
        for (int k = 0; k < K; k++)
        {
            for (int l = 0; l < K; l++) c[k * n + l] = 0.5 * (Q[k * K + l] + Q[l * K + k]);
            for (int a = 0; a < A; a++) c[k * n + K + a] = c[(K + a) * n + k] = R[k * A + a];
        }
        for (int a = 0; a < A; a++) c[(K + a) * n + K + a] = 1.0;
        return c;
    }

    /// <summary>Flat row-major copies in the layout of <see cref="TrainingRecord"/>.</summary>
    public TrainingRecord ToRecord(double time, long step, double trainLoss, double testError, double testLoss) =>
        new(time, step, double.NaN, trainLoss, testError, testLoss, Hidden, Directions,
            (double[])R.Clone(), (double[])Q.Clone(), (double[])V.Clone());
}
