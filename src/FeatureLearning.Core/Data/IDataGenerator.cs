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

    /// <summary>Draws <paramref name="count"/> independent samples.</summary>
    Dataset Sample(int count, Rng rng)
    {
        if (count < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"The number of samples must be non-negative, got {count}.");
        if ((long)count * Dimension > Array.MaxLength)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"{count} samples × {Dimension} dimensions = {(long)count * Dimension:N0} values is more than one array can hold ({Array.MaxLength:N0}); draw fewer samples.");
        var x = new double[(long)count * Dimension];
        var y = new double[count];
        Fill(x, y, rng);
        return new Dataset(x, y, Dimension, this);
    }

    /// <summary>The Bayes-optimal error (classification error or MSE) where it is known, else NaN.</summary>
    double BayesError { get; }

    /// <summary>Human-readable parameters, e.g. "d=500 snr=4".</summary>
    string Describe();
}
