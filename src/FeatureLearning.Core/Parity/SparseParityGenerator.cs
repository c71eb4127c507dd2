using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Parity;

/// <summary>
/// Sparse parity: x ∈ {−1, +1}^n, y = Π_{i∈A} x_i for a hidden subset A of k bits, each label flipped with
/// probability <see cref="Noise"/>. Under the mixture D_A (Daniely and Malach 2020) E[y·x_i] = 1/2 on A and 0 off A,
/// so the gradient of a depth-two net already points at A; under the uniform distribution it is 0 for every i (k ≥ 2).
/// </summary>
public sealed class SparseParityGenerator : IDataGenerator, ISignalDirections, ITaskMeasures
{
    /// <param name="subset">0-based bit indices of A; null draws k distinct bits from the seed.</param>
    public SparseParityGenerator(int bits, int k, ParityDistribution distribution, double noise, long seed, IReadOnlyList<int>? subset = null)
    {
        if (bits < 1 || bits > 1_000_000)
            throw new FeatureLearningException("FeatureLearning.InvalidDimension", $"-Bits must be between 1 and 1000000, got {bits}.");
        if (!Enum.IsDefined(distribution))
            throw new FeatureLearningException("FeatureLearning.InvalidDistribution", $"Unknown parity distribution {distribution}; use Uniform, Mixture or Structured.");
        if (!double.IsFinite(noise) || noise < 0 || noise > 0.5)
            throw new FeatureLearningException("FeatureLearning.InvalidNoise", $"-Noise is a label-flip probability in [0, 0.5], got {noise}.");
        int[] a;
        if (subset is not null)
        {
            a = subset.ToArray();
            if (a.Length == 0 || a.Any(i => i < 0 || i >= bits) || a.Distinct().Count() != a.Length)
                throw new FeatureLearningException("FeatureLearning.InvalidSubset",
                    $"-Subset must hold distinct 0-based bit indices in [0, {bits - 1}], got ({string.Join(", ", a)}).");
            if (k != 0 && k != a.Length)
                throw new FeatureLearningException("FeatureLearning.InvalidSubset", $"-K is {k} but -Subset has {a.Length} bits; give one or make them agree.");
        }
        else
        {
            if (k < 1 || k > bits)
                throw new FeatureLearningException("FeatureLearning.InvalidSubsetSize", $"-K must be between 1 and -Bits ({bits}), got {k}.");
            // Partial Fisher–Yates from the seed: the first k of a random permutation.
            var rng = Rng.ForStream(seed, RandomStreams.TaskStructure);
            var perm = Enumerable.Range(0, bits).ToArray();
            for (int i = 0; i < k; i++)
            {
                int j = i + rng.NextInt(bits - i);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            a = perm[..k];
        }
        Array.Sort(a);
        Subset = a;
        Dimension = bits;
        Distribution = distribution;
        Noise = noise;
        Seed = seed;
        _inSubset = new bool[bits];
        foreach (int i in a) _inSubset[i] = true;
    }

    private readonly bool[] _inSubset;

    public int Dimension { get; }

    public int K => Subset.Length;

    /// <summary>The hidden bits A, 0-based and sorted.</summary>
    public int[] Subset { get; }

    public ParityDistribution Distribution { get; }

    public double Noise { get; }

    public long Seed { get; }

    public bool InSubset(int bit) => _inSubset[bit];

    public string TaskName => "SparseParity";

    public TaskType TaskType => TaskType.Classification;

    /// <summary>The unit vectors e_i, i ∈ A.</summary>
    public IReadOnlyList<double[]> Directions => Subset.Select(i => { var e = new double[Dimension]; e[i] = 1; return e; }).ToArray();

    /// <summary>The label is a deterministic function of x flipped with probability Noise.</summary>
    public double BayesError => Noise;

    /// <summary>The same task (same A, noise and seed) under another input distribution.</summary>
    public SparseParityGenerator WithDistribution(ParityDistribution distribution) =>
        new(Dimension, K, distribution, Noise, Seed, Subset);

    public string Describe() => $"n={Dimension} k={K} {Distribution} A=({string.Join(",", Subset)}) noise={Noise:G3}";

    /// <summary>Π_{i∈A} x_i of one row (no noise).</summary>
    public double Parity(ReadOnlySpan<double> x)
    {
        double p = 1;
        foreach (int i in Subset) p *= x[i];
        return p;
    }

    public void Fill(Span<double> x, Span<double> y, Rng rng)
    {
        int n = Dimension;
        for (int r = 0; r < y.Length; r++)
        {
            var row = x.Slice(r * n, n);
            for (int i = 0; i < n; i++) row[i] = rng.NextSign();
            bool structured = Distribution switch
            {
                ParityDistribution.Structured => true,
                ParityDistribution.Mixture => rng.NextSign() > 0,
                _ => false,
            };
            if (structured)
                foreach (int i in Subset) row[i] = 1.0;
            double label = Parity(row);
            if (Noise > 0 && rng.NextDouble() < Noise) label = -label;
            y[r] = label;
        }
    }

    /// <summary>The minority label's share: 1/2 under uniform inputs; under D_A the structured half is labelled +1
    /// (before flips), so always answering +1 errs with probability 1/4 + noise/2.</summary>
    public double NullError => Distribution switch
    {
        ParityDistribution.Uniform => 0.5,
        ParityDistribution.Structured => Noise,
        _ => 0.25 + Noise / 2,
    };

    public TaskSpec Task => new SparseParityTask(Dimension, K, Distribution, Noise, Seed, Subset);

    public const string UniformAccuracy = "UniformAccuracy", StructuredAccuracy = "StructuredAccuracy";

    public IReadOnlyList<string> MeasureNames => new[] { UniformAccuracy, StructuredAccuracy };

    /// <summary>Accuracy on fresh samples of each half of D_A (NaN for a half the task's distribution lacks): the
    /// uniform half is where linear methods over fixed embeddings fail.</summary>
    public IEnumerable<Learning.Diagnostic> Measure(IModel model, long seed, int samples, CancellationToken cancel)
    {
        var accuracy = ParityAccuracy.Measure(model, this, samples, seed, cancel, overall: false);
        return new[] { new Learning.Diagnostic(UniformAccuracy, accuracy.Uniform), new Learning.Diagnostic(StructuredAccuracy, accuracy.Structured) };
    }

    internal static IDataGenerator Read(System.Text.Json.JsonElement p) =>
        new SparseParityGenerator(p.GetProperty("bits").GetInt32(), 0,
            Persistence.JsonEnums.Read<ParityDistribution>(p, "distribution"), p.GetProperty("noise").GetDouble(),
            p.GetProperty("seed").GetInt64(), p.GetProperty("subset").EnumerateArray().Select(e => e.GetInt32()).ToArray());
}
