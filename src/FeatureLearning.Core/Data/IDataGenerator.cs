using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Data;

/// <summary>
/// A distribution over (x, y) that can draw samples of any size. A dataset carries its generator so learners
/// can measure their error on fresh test data from the same distribution.
/// </summary>
public interface IDataGenerator
{
    /// <summary>Short task name used in result rows (e.g. "Xor", "TwoCluster").</summary>
    string TaskName { get; }

    int Dimension { get; }

    TaskType TaskType { get; }

    /// <summary>Fills row-major <paramref name="x"/> (y.Length × Dimension) and <paramref name="y"/> with independent
    /// samples, without allocating (the hot path of online learning).</summary>
    void Fill(Span<double> x, Span<double> y, Rng rng);

    /// <summary>Draws <paramref name="count"/> independent samples; a large draw stops on <paramref name="cancellation"/>.</summary>
    Dataset Sample(int count, Rng rng, CancellationToken cancellation = default)
    {
        DatasetSize.EnsureFits(count, Dimension);
        long values = (long)count * Dimension;
        var x = Numerics.LargeArray.Doubles(values);
        var y = new double[count];
        // Every generator draws its rows in order from the one stream, so filling block by block gives the same
        // numbers as one call, and lets Ctrl+C stop a draw of several gigabytes.
        int block = Math.Max(1, (1 << 20) / Math.Max(1, Dimension));
        for (int start = 0; start < count; start += block)
        {
            cancellation.ThrowIfCancellationRequested();
            int rows = Math.Min(block, count - start);
            Fill(x.AsSpan(start * Dimension, rows * Dimension), y.AsSpan(start, rows), rng);
        }
        return new Dataset(x, y, Dimension, this);
    }

    /// <summary>The Bayes-optimal error (classification error or MSE) where it is known, else NaN.</summary>
    double BayesError { get; }

    /// <summary>The error of the best constant predictor: Var y for regression, the minority label's share for
    /// classification (what "learning nothing" scores).</summary>
    double NullError { get; }

    /// <summary>The task as a serialisable record (rebuilds this generator).</summary>
    TaskSpec Task { get; }

    /// <summary>Human-readable parameters, e.g. "d=500 snr=4".</summary>
    string Describe();
}
