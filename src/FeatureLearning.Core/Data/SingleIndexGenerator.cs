using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Data;

/// <summary>
/// Single-index regression task of Ba et al. (2022) and Cui et al. (2024): x ~ N(0, I_d),
/// y = σ*(θ·x/√d) + noise·ε with ε ~ N(0,1) and ‖θ‖² = d, θ drawn from the seed (a random direction, not an axis).
/// </summary>
public sealed class SingleIndexGenerator : IDataGenerator, ISignalDirections
{
    public SingleIndexGenerator(int dimension, LinkFunction link, double noise, long seed)
    {
        if (dimension < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidDimension",
                $"The single-index task needs -Dimension of at least 1, got {dimension}.");
        if (!double.IsFinite(noise) || noise < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidNoise",
                $"-Noise is the standard deviation of the label noise and must be non-negative and finite, got {noise}.");
        if (!Enum.IsDefined(link))
            throw new FeatureLearningException("FeatureLearning.UnknownLink",
                $"Unknown link '{link}'; use one of {string.Join(", ", Enum.GetNames<LinkFunction>())}.");
        Dimension = dimension;
        Link = link;
        Noise = noise;
        Seed = seed;
        var theta = new double[dimension];
        Rng.ForStream(seed, RandomStreams.TaskStructure).FillGaussian(theta);
        double norm = Math.Sqrt(Numerics.DenseMath.Dot(theta, theta));
        var unit = new double[dimension];
        for (int i = 0; i < dimension; i++) unit[i] = theta[i] / norm;
        ThetaHat = unit;
        _nullError = new Lazy<double>(() =>
        {
            var h = Theory.HermiteCoefficients.Of(Numerics.Activation.Linear, link, noise);
            return h.Mu2Star - h.Mu0Star * h.Mu0Star + noise * noise;
        });
    }

    public int Dimension { get; }

    public LinkFunction Link { get; }

    /// <summary>Standard deviation of the additive label noise.</summary>
    public double Noise { get; }

    public long Seed { get; }

    /// <summary>θ/‖θ‖, the unit direction the target depends on (θ = √d·ThetaHat).</summary>
    public double[] ThetaHat { get; }

    public string TaskName => "SingleIndex" + Link;

    public TaskType TaskType => TaskType.Regression;

    public IReadOnlyList<double[]> Directions => new[] { ThetaHat };

    /// <summary>The Bayes predictor knows θ and σ*; its MSE on noisy labels is the noise variance.</summary>
    public double BayesError => Noise * Noise;

    /// <summary>Var σ*(z) + noise², z ~ N(0, 1) (Gauss–Hermite quadrature).</summary>
    public double NullError => _nullError.Value;

    private readonly Lazy<double> _nullError;

    public TaskSpec Task => new SingleIndexTask(Dimension, Link, Noise, Seed);

    public string Describe() => $"d={Dimension} link={Link} noise={Noise:G4}";

    public void Fill(Span<double> x, Span<double> y, Rng rng)
    {
        int d = Dimension;
        for (int i = 0; i < y.Length; i++)
        {
            var row = x.Slice(i * d, d);
            rng.FillGaussian(row);
            double kappa = Numerics.DenseMath.Dot(row, ThetaHat); // θ·x/√d with ‖θ‖ = √d
            y[i] = LinkFunctions.Value(Link, kappa) + (Noise > 0 ? Noise * rng.NextGaussian() : 0.0);
        }
    }
}
