using FeatureLearning.Core.Random;
using FeatureLearning.Core.Theory;

namespace FeatureLearning.Core.Data;

/// <summary>
/// Refinetti et al. (2021) Gaussian mixtures in our convention: x = mean + z with z ~ N(0, I_d), cluster means of
/// norm m = √snr along a random orthonormal pair (e1, e2) drawn from the seed (never the axes, so no learner can
/// exploit coordinates). snr = m²; the paper's unit means with noise σ map to snr = 1/σ².
/// </summary>
public sealed class GaussianMixtureGenerator : IDataGenerator, ISignalDirections
{
    public GaussianMixtureGenerator(int dimension, double snr, MixtureKind kind, long seed)
    {
        if (dimension < 2)
            throw new FeatureLearningException("FeatureLearning.InvalidDimension",
                $"The mixture needs -Dimension of at least 2 (two orthogonal cluster directions), got {dimension}.");
        if (!double.IsFinite(snr) || snr <= 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSnr",
                $"-Snr must be a positive finite number (squared mean norm over noise variance), got {snr}.");
        Dimension = dimension;
        Snr = snr;
        Kind = kind;
        Seed = seed;
        var rng = Rng.ForStream(seed, RandomStreams.TaskStructure);
        E1 = RandomUnitVector(rng, dimension);
        var e2 = RandomUnitVector(rng, dimension);
        // Gram–Schmidt so (e1, e2) is exactly orthonormal.
        double proj = Numerics.DenseMath.Dot(e2, E1);
        for (int i = 0; i < dimension; i++) e2[i] -= proj * E1[i];
        double norm = Math.Sqrt(Numerics.DenseMath.Dot(e2, e2));
        for (int i = 0; i < dimension; i++) e2[i] /= norm;
        E2 = e2;
    }

    public int Dimension { get; }

    public double Snr { get; }

    /// <summary>σ = 1/√snr: the noise of the same mixture in the paper's convention (unit-norm means), its -Noise.</summary>
    public double Noise => MixtureNoise.NoiseFromSnr(Snr);

    /// <summary>Mean norm m = √snr.</summary>
    public double MeanNorm => Math.Sqrt(Snr);

    public MixtureKind Kind { get; }

    public long Seed { get; }

    public double[] E1 { get; }

    public double[] E2 { get; }

    public string TaskName => Kind.ToString();

    public TaskType TaskType => TaskType.Classification;

    public IReadOnlyList<double[]> Directions => Kind == MixtureKind.Xor ? new[] { E1, E2 } : new[] { E1 };

    public double BayesError => BayesOptimalError.ForMixture(Kind, Snr);

    /// <summary>Both labels are equally likely.</summary>
    public double NullError => 0.5;

    public TaskSpec Task => new GaussianMixtureTask(Kind, Dimension, Snr, Seed);

    public string Describe() => $"d={Dimension} snr={Snr:G4} Bayes={BayesError:F4}";

    public void Fill(Span<double> x, Span<double> y, Rng rng)
    {
        int d = Dimension, count = y.Length;
        double m = MeanNorm;
        for (int i = 0; i < count; i++)
        {
            var row = x.Slice(i * d, d);
            rng.FillGaussian(row);
            // Cluster index: XOR has four equiprobable clusters, TwoCluster two.
            double sign = rng.NextSign();
            double[] direction;
            if (Kind == MixtureKind.Xor)
            {
                bool first = rng.NextSign() > 0;
                direction = first ? E1 : E2;
                y[i] = first ? 1.0 : -1.0;
            }
            else
            {
                direction = E1;
                y[i] = sign;
            }
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(direction, sign * m, row, row);
        }
    }

    private static double[] RandomUnitVector(Rng rng, int d)
    {
        var v = new double[d];
        rng.FillGaussian(v);
        double norm = Math.Sqrt(Numerics.DenseMath.Dot(v, v));
        for (int i = 0; i < d; i++) v[i] /= norm;
        return v;
    }
}
