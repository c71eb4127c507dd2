namespace FeatureLearning.Core.Data;

/// <summary>
/// Samples in row-major order (<see cref="Count"/> rows of <see cref="Dimension"/> features) with one label each,
/// plus the generator that made them (null for user-supplied data).
/// </summary>
public sealed class Dataset
{
    public Dataset(double[] x, double[] y, int dimension, IDataGenerator? generator, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (dimension <= 0)
            throw new FeatureLearningException("FeatureLearning.InvalidDimension",
                $"Dimension must be positive, got {dimension}.", ErrorKind.InvalidArgument);
        if (x.Length != (long)y.Length * dimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"X has {x.Length} values but {y.Length} labels × dimension {dimension} = {(long)y.Length * dimension} were expected.",
                ErrorKind.InvalidArgument);
        X = x;
        Y = y;
        Dimension = dimension;
        Generator = generator;
        Seed = seed;
    }

    /// <summary>Row-major features, Count × Dimension.</summary>
    public double[] X { get; }

    public double[] Y { get; }

    public int Dimension { get; }

    public int Count => Y.Length;

    public IDataGenerator? Generator { get; }

    /// <summary>The seed the samples were drawn with (informational).</summary>
    public long Seed { get; }

    public string TaskName => Generator?.TaskName ?? "Custom";

    public TaskType TaskType => Generator?.TaskType ?? InferTaskType(Y);

    public ReadOnlySpan<double> Row(int i) => new(X, i * Dimension, Dimension);

    /// <summary>The first <paramref name="count"/> samples as a new dataset sharing the generator.</summary>
    public Dataset Take(int count)
    {
        if (count < 0 || count > Count)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"Cannot take {count} samples from a dataset of {Count}.", ErrorKind.InvalidArgument);
        return new Dataset(X.AsSpan(0, count * Dimension).ToArray(), Y.AsSpan(0, count).ToArray(), Dimension, Generator, Seed);
    }

    /// <summary>Throws a FeatureLearningException naming the first NaN or infinity in the data.</summary>
    public void EnsureFinite()
    {
        for (int i = 0; i < X.Length; i++)
            if (!double.IsFinite(X[i]))
                throw new FeatureLearningException("FeatureLearning.NonFiniteData",
                    $"Sample {i / Dimension}, feature {i % Dimension} is {X[i]}; remove or impute non-finite values before training.",
                    ErrorKind.InvalidData);
        for (int i = 0; i < Y.Length; i++)
            if (!double.IsFinite(Y[i]))
                throw new FeatureLearningException("FeatureLearning.NonFiniteData",
                    $"Label {i} is {Y[i]}; remove or impute non-finite labels before training.", ErrorKind.InvalidData);
    }

    private static TaskType InferTaskType(double[] y)
    {
        foreach (double v in y)
            if (v != 1.0 && v != -1.0) return TaskType.Regression;
        return TaskType.Classification;
    }

    public override string ToString() =>
        $"{TaskName} dataset: n={Count}, d={Dimension}" + (Generator is null ? "" : $" ({Generator.Describe()})");
}
