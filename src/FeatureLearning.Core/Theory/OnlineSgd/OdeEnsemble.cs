using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Theory.OnlineSgd;

/// <summary>Settings of an ensemble of ODE runs whose initial states are drawn as the simulation draws them at dimension d.</summary>
public sealed record OdeEnsembleOptions
{
    /// <summary>E, the number of members.</summary>
    public int Members { get; init; } = 32;

    /// <summary>d of the simulated net: the initial overlaps R are N(0, s²/d) and Q − RRᵀ a Wishart/d matrix.</summary>
    public int Dimension { get; init; } = 1000;

    /// <summary>Seed of the members' initial states and SGD-noise paths (member m uses streams of (Seed, m)).</summary>
    public long Seed { get; init; }

    /// <summary>
    /// Adds to every step the O(1/√d) fluctuation of its dt·d online-SGD steps (<see cref="OnlineSgd.SgdNoise"/>); false:
    /// deterministic members.
    /// </summary>
    public bool SgdNoise { get; init; }

    public double FirstLayerInitScale { get; init; } = 1.0;

    public double SecondLayerInitScale { get; init; } = 1.0;

    /// <summary>Fixed second layer (every member starts from it) instead of v ~ N(0, s_v²).</summary>
    public double[]? SecondLayer { get; init; }

    public void Validate()
    {
        static void Fail(string message) => throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", message);
        if (Members < 1 || Members > 100_000) Fail($"-Ensemble must be between 1 and 100000 members, got {Members}.");
        if (Dimension < 2) Fail($"-Dimension must be at least 2, got {Dimension}.");
    }
}

/// <summary>Ensemble statistics at one output time: the members' mean, spread and quantiles, and their mean state.</summary>
public sealed record OdeEnsemblePoint(
    TrainingRecord Mean, int Members, double TestErrorStd, double TestErrorQ10, double TestErrorMedian, double TestErrorQ90,
    double TestLossStd);

public sealed record OdeEnsembleResult(IReadOnlyList<IReadOnlyList<TrainingRecord>> Members, IReadOnlyList<OdeEnsemblePoint> Summary);

/// <summary>
/// The online-SGD ODE integrated from E initial states drawn as the simulation draws them at dimension d
/// (<see cref="InitialOverlapSampler"/>), optionally with the O(1/√d) SGD noise, and averaged. A single ODE cannot predict a
/// seed average whose escape from the plateau happens at a random time: the escape time is set by the O(1/√d) initial
/// overlaps (and by the noise accumulated on the plateau), whose log enters the exit time, so its spread is O(1) at every d.
/// Members run in parallel on independent states with their own streams and are combined in member order: the result does
/// not depend on the thread count.
/// </summary>
public static class OdeEnsemble
{
    public static OdeEnsembleResult Run(OnlineSgdOdeOptions ode, int hidden, OdeEnsembleOptions ensemble, FitContext? context = null, double startTime = 0)
    {
        ArgumentNullException.ThrowIfNull(ode);
        ArgumentNullException.ThrowIfNull(ensemble);
        ensemble.Validate();
        context ??= FitContext.None;
        int directions = MixtureCluster.DirectionCount(ode.Kind);
        var sampler = new InitialOverlapSampler(ensemble.Dimension, hidden, directions, ensemble.FirstLayerInitScale,
            ensemble.SecondLayerInitScale, ensemble.SecondLayer);
        int E = ensemble.Members;
        var members = new IReadOnlyList<TrainingRecord>[E];
        var inner = new FitContext { Cancellation = context.Cancellation };
        // Batches of members so that progress is reported on the calling thread (a cmdlet's Write-Progress needs it).
        int batch = Math.Max(2, 2 * Environment.ProcessorCount);
        for (int first = 0; first < E; first += batch)
        {
            int end = Math.Min(E, first + batch);
            Parallel.For(first, end, Parallelism.Options(context.Cancellation), m =>
            {
                // One thread per member: the members are the parallel work.
                using var serial = Parallelism.Limit(1);
                var initial = sampler.Sample(Rng.ForStream(ensemble.Seed, RandomStreams.OdeEnsembleInitial + m));
                var noise = ensemble.SgdNoise
                    ? new SgdNoise(ode, hidden, ensemble.Dimension, Rng.ForStream(ensemble.Seed, RandomStreams.OdeEnsembleNoise + m))
                    : null;
                members[m] = new OnlineSgdOde(ode, hidden).Integrate(initial, inner, ensemble.Dimension, startTime, noise);
            });
            context.Report((double)end / E, $"{end} of {E} members");
        }
        return new OdeEnsembleResult(members, Summarise(members));
    }

    /// <summary>Mean, standard deviation (over members, n − 1) and 10/50/90 % quantiles at every output time.</summary>
    public static IReadOnlyList<OdeEnsemblePoint> Summarise(IReadOnlyList<IReadOnlyList<TrainingRecord>> members)
    {
        int E = members.Count, points = members[0].Count;
        var summary = new List<OdeEnsemblePoint>(points);
        var errors = new double[E];
        var losses = new double[E];
        for (int p = 0; p < points; p++)
        {
            var first = members[0][p];
            var r = new double[first.R.Length];
            var q = new double[first.Q.Length];
            var v = new double[first.V.Length];
            for (int m = 0; m < E; m++)
            {
                var rec = members[m][p];
                errors[m] = rec.TestError;
                losses[m] = rec.TestLoss;
                for (int i = 0; i < r.Length; i++) r[i] += rec.R[i] / E;
                for (int i = 0; i < q.Length; i++) q[i] += rec.Q[i] / E;
                for (int i = 0; i < v.Length; i++) v[i] += rec.V[i] / E;
            }
            double meanError = errors.Average(), meanLoss = losses.Average();
            var mean = new TrainingRecord(first.Time, first.Step, double.NaN, meanLoss, meanError, meanLoss, first.Hidden, first.Directions, r, q, v);
            Array.Sort(errors);
            summary.Add(new OdeEnsemblePoint(mean, E, StandardDeviation(errors, meanError), Quantile(errors, 0.1), Quantile(errors, 0.5),
                Quantile(errors, 0.9), StandardDeviation(losses, meanLoss)));
        }
        return summary;
    }

    private static double StandardDeviation(double[] values, double mean)
    {
        if (values.Length < 2) return 0;
        double sum = 0;
        foreach (double x in values) sum += (x - mean) * (x - mean);
        return Math.Sqrt(sum / (values.Length - 1));
    }

    /// <summary>Linear interpolation between order statistics (type 7) of sorted values.</summary>
    internal static double Quantile(double[] sorted, double level)
    {
        double position = level * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(sorted.Length - 1, lower + 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
