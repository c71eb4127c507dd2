using System.Text.Json;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.ReluTeacher;

/// <summary>
/// Li, Ma and Zhang (2020): x ~ N(0, I_d), y = f*(x) + σ·ξ with f*(x) = aᵀ|W*x| = Σ_i a_i |w*_i·x|, W* ∈ R^{d×d}
/// orthonormal (QR of a Gaussian matrix, from the seed) and a ≥ 0. Since |z| = ReLU(z) + ReLU(−z) the teacher is a
/// ReLU net of width 2d. The Hermite expansion of |z| splits Var f* = Σ a_i²(1 − 2/π) into a quadratic part Σ a_i²/π
/// that a kernel learns with poly(d) samples and a degree ≥ 4 part Σ a_i²(1 − 3/π) it cannot fit with n ≪ d⁴.
/// </summary>
public sealed class AbsTeacherGenerator : IDataGenerator, ISignalDirections, ITaskMeasures
{
    /// <summary>Largest d: W* is d×d and its Gram–Schmidt costs 2d³ flops (about a second at d = 1024).</summary>
    public const int MaxDimension = 1024;

    public AbsTeacherGenerator(int dimension, TeacherWeightKind weights, double noise, long seed, IReadOnlyList<double>? given = null)
    {
        if (dimension < 1 || dimension > MaxDimension)
            throw new FeatureLearningException("FeatureLearning.InvalidDimension", $"-Dimension must be between 1 and {MaxDimension}, got {dimension}.");
        if (!double.IsFinite(noise) || noise < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidNoise", $"-Noise (label noise standard deviation) must be non-negative and finite, got {noise}.");
        if (!Enum.IsDefined(weights))
            throw new FeatureLearningException("FeatureLearning.InvalidTeacherWeights", $"Unknown teacher weights {weights}; use Uniform, Random or Given.");
        Dimension = dimension;
        WeightKind = weights;
        Noise = noise;
        Seed = seed;
        A = SecondLayer(dimension, weights, seed, given);
        WStar = RandomOrthogonal(dimension, seed);
        var directions = new double[dimension][];
        for (int i = 0; i < dimension; i++) directions[i] = WStar.AsSpan(i * dimension, dimension).ToArray();
        Directions = directions;
    }

    public int Dimension { get; }

    public TeacherWeightKind WeightKind { get; }

    /// <summary>σ, the standard deviation of the Gaussian label noise.</summary>
    public double Noise { get; }

    public long Seed { get; }

    /// <summary>The non-negative second layer a (length d).</summary>
    public double[] A { get; }

    /// <summary>W*, row-major d×d with orthonormal rows w*_i.</summary>
    public double[] WStar { get; }

    /// <summary>The rows w*_i of W*.</summary>
    public IReadOnlyList<double[]> Directions { get; }

    public string TaskName => "AbsTeacher";

    public TaskType TaskType => TaskType.Regression;

    /// <summary>The MSE of f* itself: σ².</summary>
    public double BayesError => Noise * Noise;

    /// <summary>Σ a_i², the natural error scale (1/d for uniform a).</summary>
    public double SquaredNormA => DenseMath.Dot(A, A);

    /// <summary>Var f* = Σ a_i² (1 − 2/π): the w*_i·x are independent N(0, 1).</summary>
    public double TargetVariance => SquaredNormA * AbsoluteValueHermite.Variance;

    /// <summary>Variance of the degree-2 Hermite part of f*, Σ a_i²/π.</summary>
    public double QuadraticVariance => SquaredNormA * AbsoluteValueHermite.QuadraticShare;

    /// <summary>Variance of the degree ≥ 4 part, Σ a_i² (1 − 3/π): what a kernel with n ≪ d⁴ samples leaves unexplained.</summary>
    public double HigherOrderVariance => SquaredNormA * AbsoluteValueHermite.HigherOrderShare;

    /// <summary>Test MSE of the best constant predictor E f*: Var f* + σ².</summary>
    public double NullMse => TargetVariance + Noise * Noise;

    /// <summary>Test MSE of the best predictor of Hermite degree ≤ 3 (the kernel floor for poly(d) ≪ d⁴ samples): Σ a_i²(1 − 3/π) + σ².</summary>
    public double KernelFloorMse => HigherOrderVariance + Noise * Noise;

    /// <summary>Test MSE of the best predictor of Hermite degree &lt; <paramref name="degree"/> in the teacher's coordinates:
    /// Σ a_i² · TailShare(degree) + σ² (degree 4: the floor for n ≪ d⁴; degree 6: for n ≪ d⁶).</summary>
    public double FloorMse(int degree) => SquaredNormA * AbsoluteValueHermite.TailShare(degree) + Noise * Noise;

    public string Describe() => $"d={Dimension} a={WeightKind} noise={Noise:G3}";

    /// <summary>f*(x) = Σ_i a_i |w*_i·x| for one input (no noise).</summary>
    public double Target(ReadOnlySpan<double> x)
    {
        int d = Dimension;
        double f = 0;
        for (int i = 0; i < d; i++)
            if (A[i] != 0) f += A[i] * Math.Abs(DenseMath.Dot(WStar.AsSpan(i * d, d), x));
        return f;
    }

    public void Fill(Span<double> x, Span<double> y, Rng rng)
    {
        int d = Dimension;
        for (int r = 0; r < y.Length; r++)
        {
            var row = x.Slice(r * d, d);
            rng.FillGaussian(row);
            y[r] = Target(row) + (Noise > 0 ? Noise * rng.NextGaussian() : 0.0);
        }
    }

    /// <summary>Q of the QR factorisation of a d×d Gaussian matrix (Gram–Schmidt on its rows): a Haar-random orthogonal matrix.</summary>
    public static double[] RandomOrthogonal(int dimension, long seed)
    {
        var w = new double[(long)dimension * dimension];
        Rng.ForStream(seed, RandomStreams.TaskStructure).FillGaussian(w);
        MultiIndexGenerator.OrthonormaliseRows(w, dimension, dimension);
        return w;
    }

    private static double[] SecondLayer(int d, TeacherWeightKind kind, long seed, IReadOnlyList<double>? given)
    {
        if (kind != TeacherWeightKind.Given && given is not null)
            throw new FeatureLearningException("FeatureLearning.InvalidTeacherWeights", "A weight vector was given, so the weights kind must be Given.");
        switch (kind)
        {
            case TeacherWeightKind.Uniform:
                return Enumerable.Repeat(1.0 / d, d).ToArray();
            case TeacherWeightKind.Random:
                var rng = Rng.ForStream(seed, RandomStreams.TeacherOutputWeights);
                var u = new double[d];
                for (int i = 0; i < d; i++) u[i] = rng.NextDouble();
                double sum = u.Sum();
                return u.Select(v => v / sum).ToArray();
            default:
                if (given is null || given.Count != d)
                    throw new FeatureLearningException("FeatureLearning.InvalidTeacherWeights",
                        $"-TeacherWeights must hold d = {d} values, got {given?.Count ?? 0}.");
                if (given.Any(v => !double.IsFinite(v) || v < 0))
                    throw new FeatureLearningException("FeatureLearning.InvalidTeacherWeights",
                        "-TeacherWeights must be non-negative and finite (the paper's a ≥ 0).");
                if (given.All(v => v == 0))
                    throw new FeatureLearningException("FeatureLearning.InvalidTeacherWeights", "-TeacherWeights are all zero: the target would be constant.");
                return given.ToArray();
        }
    }

    /// <summary>The best constant predicts E f*: its error is Var f* + σ² (<see cref="NullMse"/>).</summary>
    public double NullError => NullMse;

    public TaskSpec Task => new AbsTeacherTask(Dimension, WeightKind, Noise, Seed, WeightKind == TeacherWeightKind.Uniform ? null : A);

    public const string KernelFloorError = "KernelFloorError";

    public IReadOnlyList<string> MeasureNames => new[] { KernelFloorError };

    /// <summary>The kernel floor beside every row: the error any kernel keeps with n ≪ d⁴ samples.</summary>
    public IEnumerable<Learning.Diagnostic> Measure(Learners.IModel model, long seed, int samples, CancellationToken cancel) =>
        new[] { new Learning.Diagnostic(KernelFloorError, KernelFloorMse) };

    /// <summary>A version-1 dataset file's teacher: W* is redrawn from the seed, a is stored.</summary>
    internal static IDataGenerator Read(JsonElement p) =>
        Create(p.GetProperty("dimension").GetInt32(), Persistence.JsonEnums.Read<TeacherWeightKind>(p, "weights"), p.GetProperty("noise").GetDouble(),
            p.GetProperty("seed").GetInt64(), Persistence.JsonArrays.Read(p, "a"));

    /// <summary>The teacher with W* from the seed and, when <paramref name="weights"/> is given, exactly those a labelled as
    /// <paramref name="kind"/> (a stored record keeps its a even if the way a is drawn changes).</summary>
    public static AbsTeacherGenerator Create(int dimension, TeacherWeightKind kind, double noise, long seed, IReadOnlyList<double>? weights)
    {
        if (weights is null) return new AbsTeacherGenerator(dimension, kind, noise, seed);
        var g = new AbsTeacherGenerator(dimension, TeacherWeightKind.Given, noise, seed, weights);
        return kind == TeacherWeightKind.Given ? g : new AbsTeacherGenerator(g, kind);
    }

    private AbsTeacherGenerator(AbsTeacherGenerator source, TeacherWeightKind kind)
    {
        if (!Enum.IsDefined(kind))
            throw new FeatureLearningException("FeatureLearning.InvalidTeacherWeights", $"Unknown teacher weights {kind}; use Uniform, Random or Given.");
        Dimension = source.Dimension; Noise = source.Noise; Seed = source.Seed; A = source.A; WStar = source.WStar;
        Directions = source.Directions; WeightKind = kind;
    }
}
