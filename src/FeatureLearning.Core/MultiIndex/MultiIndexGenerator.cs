using FeatureLearning.Core.Data;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.MultiIndex;

/// <summary>
/// Damian, Lee and Soltanolkotabi (2022) multi-index targets: x ~ N(0, I_d), y = f*(x) + σ·ξ with f*(x) = g(Ux),
/// U ∈ R^{r×d} with orthonormal rows (random, from the seed) and g a degree-p polynomial written in normalised Hermite
/// polynomials, so each degree's share of the variance is explicit and lower degrees do not leak. f* is scaled to unit
/// variance exactly (Var f* = Σ c² over orthonormal terms), so the test MSE of a learner is its normalised MSE.
/// </summary>
public sealed class MultiIndexGenerator : IDataGenerator, ISignalDirections
{
    /// <summary>Share of Var f* given to the degree-2 part by the random head (the rest is split evenly over degrees 3..p).</summary>
    public const double QuadraticShare = 0.5;

    private readonly int[] _powers;       // terms × r, row-major
    private readonly IReadOnlyList<MultiIndexTerm>? _givenTerms; // as given (before normalisation), for the task record
    private readonly int _headDegree;      // the degree a random head was drawn with
    private readonly double[] _coefficients;

    /// <summary>A task with a random head drawn from (<paramref name="seed"/>, <paramref name="head"/>), or the given terms.</summary>
    public MultiIndexGenerator(int dimension, int rank, int degree, double noise, long seed, int head = 0,
        IReadOnlyList<MultiIndexTerm>? terms = null)
        : this(dimension, rank, noise, seed, head, RandomSubspace(dimension, rank, seed),
            terms ?? RandomHead(rank, degree, seed, head), terms, degree)
    {
    }

    private MultiIndexGenerator(int dimension, int rank, double noise, long seed, int head, double[] u, IReadOnlyList<MultiIndexTerm> terms,
        IReadOnlyList<MultiIndexTerm>? givenTerms, int headDegree)
    {
        _givenTerms = givenTerms?.Select(t => new MultiIndexTerm(t.Coefficient, t.Powers.ToArray())).ToArray();
        _headDegree = headDegree;
        if (!double.IsFinite(noise) || noise < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidNoise", $"-Noise (label noise standard deviation) must be non-negative and finite, got {noise}.");
        if (terms.Count == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidTerms", "The head g needs at least one term.");
        foreach (var t in terms)
        {
            if (t.Powers.Length != rank)
                throw new FeatureLearningException("FeatureLearning.InvalidTerms",
                    $"Term {t} has {t.Powers.Length} powers but -Rank is {rank}; give one power per hidden direction.");
            if (t.Powers.Any(k => k < 0) || t.Degree == 0)
                throw new FeatureLearningException("FeatureLearning.InvalidTerms",
                    $"Term {t}: powers must be non-negative with total degree at least 1 (a constant does not change the task).");
            if (!double.IsFinite(t.Coefficient))
                throw new FeatureLearningException("FeatureLearning.InvalidTerms", $"Term {t} has a non-finite coefficient.");
        }
        // Merge duplicate multi-indices so the exact variance Σ c² stays exact.
        var merged = terms.GroupBy(t => string.Join(",", t.Powers))
            .Select(g => new MultiIndexTerm(g.Sum(t => t.Coefficient), g.First().Powers.ToArray()))
            .Where(t => t.Coefficient != 0).ToArray();
        double variance = merged.Sum(t => t.Coefficient * t.Coefficient);
        if (!(variance > 0))
            throw new FeatureLearningException("FeatureLearning.InvalidTerms", "All coefficients of g are zero; give at least one non-zero term.");
        double scale = 1.0 / Math.Sqrt(variance);
        Terms = merged.Select(t => t with { Coefficient = t.Coefficient * scale }).ToArray();
        Dimension = dimension;
        Rank = rank;
        Degree = Terms.Max(t => t.Degree);
        Noise = noise;
        Seed = seed;
        Head = head;
        U = u;
        _powers = Terms.SelectMany(t => t.Powers).ToArray();
        _coefficients = Terms.Select(t => t.Coefficient).ToArray();
        var directions = new double[rank][];
        for (int a = 0; a < rank; a++) directions[a] = u.AsSpan(a * dimension, dimension).ToArray();
        Directions = directions;
    }

    public int Dimension { get; }

    /// <summary>r, the number of hidden directions.</summary>
    public int Rank { get; }

    /// <summary>p, the degree of g.</summary>
    public int Degree { get; }

    /// <summary>σ, the standard deviation of the Gaussian label noise.</summary>
    public double Noise { get; }

    public long Seed { get; }

    /// <summary>Which head of the seed's family this is (0 = the source task; others share U).</summary>
    public int Head { get; }

    /// <summary>Row-major r×d with orthonormal rows.</summary>
    public double[] U { get; }

    /// <summary>The terms of g, scaled so Var f* = Σ c² = 1.</summary>
    public IReadOnlyList<MultiIndexTerm> Terms { get; }

    public IReadOnlyList<double[]> Directions { get; }

    public string TaskName => "MultiIndex";

    public TaskType TaskType => TaskType.Regression;

    /// <summary>The MSE of f* itself: σ².</summary>
    public double BayesError => Noise * Noise;

    /// <summary>Exact Var f* from the Hermite coefficients (1 after normalisation, up to round-off).</summary>
    public double TargetVariance => _coefficients.Sum(c => c * c);

    /// <summary>Share of Var f* in each degree 0..p (Hermite orthogonality makes the shares add up).</summary>
    public double[] DegreeShares()
    {
        var shares = new double[Degree + 1];
        foreach (var t in Terms) shares[t.Degree] += t.Coefficient * t.Coefficient;
        return shares;
    }

    public string Describe() => $"d={Dimension} r={Rank} p={Degree} noise={Noise:G3} head={Head}";

    /// <summary>The task with the same U and noise and a new random head (transfer learning's target task).</summary>
    public MultiIndexGenerator WithNewHead(int head, int? degree = null) =>
        new(Dimension, Rank, Noise, Seed, head, U, RandomHead(Rank, degree ?? Degree, Seed, head), null, degree ?? Degree);

    /// <summary>The task with the same U and noise and the given head.</summary>
    public MultiIndexGenerator WithHead(IReadOnlyList<MultiIndexTerm> terms, int head = -1) =>
        new(Dimension, Rank, Noise, Seed, head, U, terms, terms, Degree);

    /// <summary>Var y = Var f* + σ² = 1 + σ² (f* has mean 0: every Hermite term has degree ≥ 1).</summary>
    public double NullError => TargetVariance + Noise * Noise;

    public TaskSpec Task => new MultiIndexTask(Dimension, Rank, _givenTerms is null ? _headDegree : Degree, Noise, Seed, Head, _givenTerms);

    /// <summary>f*(x) for one input (no noise).</summary>
    public double Target(ReadOnlySpan<double> x)
    {
        int r = Rank, width = Degree + 1;
        Span<double> table = stackalloc double[r * width];
        for (int a = 0; a < r; a++)
            Hermite.NormalisedAll(DenseMath.Dot(U.AsSpan(a * Dimension, Dimension), x), table.Slice(a * width, width));
        double f = 0;
        for (int t = 0; t < _coefficients.Length; t++)
        {
            double term = _coefficients[t];
            for (int a = 0; a < r; a++) term *= table[a * width + _powers[t * r + a]];
            f += term;
        }
        return f;
    }

    public void Fill(Span<double> x, Span<double> y, Rng rng)
    {
        int d = Dimension;
        for (int i = 0; i < y.Length; i++)
        {
            var row = x.Slice(i * d, d);
            rng.FillGaussian(row);
            y[i] = Target(row) + (Noise > 0 ? Noise * rng.NextGaussian() : 0.0);
        }
    }

    /// <summary>U: r Gaussian vectors orthonormalised by Gram–Schmidt (a uniformly random r-frame).</summary>
    public static double[] RandomSubspace(int dimension, int rank, long seed)
    {
        if (rank < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidRank", $"-Rank must be at least 1, got {rank}.");
        if (dimension < rank)
            throw new FeatureLearningException("FeatureLearning.InvalidDimension",
                $"-Dimension ({dimension}) must be at least -Rank ({rank}): U has {rank} orthonormal rows in R^d.");
        var u = new double[rank * dimension];
        var rng = Rng.ForStream(seed, RandomStreams.TaskStructure);
        rng.FillGaussian(u);
        OrthonormaliseRows(u, rank, dimension);
        return u;
    }

    /// <summary>
    /// A random head of degree p: degree 2 is zᵀAz − tr A with A = Q diag(λ) Qᵀ, |λ_i| ∈ [1, 2] and random signs, so
    /// the expected Hessian 2A has full rank r (the paper's non-degeneracy assumption); degrees 3..p get Gaussian
    /// coefficients on every multi-index. Degree 2 carries <see cref="QuadraticShare"/> of the variance.
    /// </summary>
    public static IReadOnlyList<MultiIndexTerm> RandomHead(int rank, int degree, long seed, int head)
    {
        if (degree < 2 || degree > 8)
            throw new FeatureLearningException("FeatureLearning.InvalidDegree",
                $"-Degree must be in 2..8 (the head needs a degree-2 part), got {degree}.");
        if (rank < 1 || rank > 8)
            throw new FeatureLearningException("FeatureLearning.InvalidRank", $"-Rank must be in 1..8 for a random head, got {rank}.");
        var rng = Rng.ForStream(seed, RandomStreams.MultiIndexHead + head);
        var terms = new List<MultiIndexTerm>();
        // Degree 2: coefficients of h2(z_i) are √2·A_ii, of z_i z_j are 2·A_ij (He2 = z² − 1).
        var q = new double[rank * rank];
        rng.FillGaussian(q);
        OrthonormaliseRows(q, rank, rank);
        var lambda = new double[rank];
        for (int i = 0; i < rank; i++) lambda[i] = rng.NextSign() * (1.0 + rng.NextDouble());
        var quadratic = new List<MultiIndexTerm>();
        for (int i = 0; i < rank; i++)
            for (int j = i; j < rank; j++)
            {
                double aij = 0;
                for (int k = 0; k < rank; k++) aij += q[k * rank + i] * lambda[k] * q[k * rank + j];
                var powers = new int[rank];
                powers[i]++; powers[j]++;
                quadratic.Add(new MultiIndexTerm(i == j ? Math.Sqrt(2) * aij : 2 * aij, powers));
            }
        double higherShare = degree > 2 ? (1 - QuadraticShare) / (degree - 2) : 0;
        terms.AddRange(Scale(quadratic, degree > 2 ? QuadraticShare : 1.0));
        for (int p = 3; p <= degree; p++)
        {
            var block = MultiIndices(rank, p).Select(a => new MultiIndexTerm(rng.NextGaussian(), a)).ToList();
            terms.AddRange(Scale(block, higherShare));
        }
        return terms;
    }

    /// <summary>All α ∈ N^r with |α| = p.</summary>
    public static IEnumerable<int[]> MultiIndices(int rank, int p)
    {
        if (rank == 1) { yield return new[] { p }; yield break; }
        for (int first = p; first >= 0; first--)
            foreach (var rest in MultiIndices(rank - 1, p - first))
                yield return new[] { first }.Concat(rest).ToArray();
    }

    private static IEnumerable<MultiIndexTerm> Scale(List<MultiIndexTerm> block, double share)
    {
        double v = block.Sum(t => t.Coefficient * t.Coefficient);
        double s = v > 0 ? Math.Sqrt(share / v) : 0;
        return block.Select(t => t with { Coefficient = t.Coefficient * s });
    }

    internal static void OrthonormaliseRows(double[] m, int rows, int columns)
    {
        for (int a = 0; a < rows; a++)
        {
            var row = m.AsSpan(a * columns, columns);
            for (int pass = 0; pass < 2; pass++) // twice: classical Gram–Schmidt loses orthogonality once
                for (int b = 0; b < a; b++)
                {
                    var other = m.AsSpan(b * columns, columns);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(other, -DenseMath.Dot(row, other), row, row);
                }
            double norm = Math.Sqrt(DenseMath.Dot(row, row));
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, 1.0 / norm, row);
        }
    }
}
