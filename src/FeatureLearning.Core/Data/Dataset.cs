namespace FeatureLearning.Core.Data;

/// <summary>
/// Samples in row-major order (<see cref="Count"/> rows of <see cref="Dimension"/> features) with one label each,
/// plus the generator that made them (null for user-supplied data).
/// </summary>
public sealed class Dataset
{
    /// <param name="taskType">How data without a generator is scored; inferred from the labels when null (±1 labels: classification).</param>
    public Dataset(double[] x, double[] y, int dimension, IDataGenerator? generator, long seed = 0, TaskType? taskType = null)
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
        if (taskType == TaskType.Classification)
            foreach (double v in y)
                if (v != 1.0 && v != -1.0)
                    throw new FeatureLearningException("FeatureLearning.InvalidLabels",
                        $"A classification dataset needs labels −1 and +1; found {v}.", ErrorKind.InvalidData);
        _taskType = taskType;
    }

    private readonly TaskType? _taskType;

    /// <summary>Row-major features, Count × Dimension.</summary>
    public double[] X { get; }

    public double[] Y { get; }

    public int Dimension { get; }

    public int Count => Y.Length;

    public IDataGenerator? Generator { get; }

    /// <summary>The seed the samples were drawn with (informational).</summary>
    public long Seed { get; }

    public string TaskName => Generator?.TaskName ?? "Custom";

    public TaskType TaskType => Generator?.TaskType ?? _taskType ?? InferTaskType(Y);

    /// <summary>Whether the task type was stated (user data) rather than inferred from the labels.</summary>
    public bool HasDeclaredTaskType => _taskType is not null;

    public ReadOnlySpan<double> Row(int i) => new(X, i * Dimension, Dimension);

    /// <summary>The first <paramref name="count"/> samples as a new dataset sharing the generator.</summary>
    public Dataset Take(int count) => Slice(0, count);

    /// <summary>Rows <paramref name="start"/> to start + count − 1 as a new dataset with the same task (and declared task type).</summary>
    public Dataset Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"Cannot take rows {start}..{start + count - 1} from a dataset of {Count}.", ErrorKind.InvalidArgument);
        return new Dataset(X.AsSpan(start * Dimension, count * Dimension).ToArray(), Y.AsSpan(start, count).ToArray(), Dimension, Generator, Seed, _taskType);
    }

    /// <summary>Throws a FeatureLearningException naming the first NaN or infinity in the data.</summary>
    public void EnsureFinite()
    {
        if (Numerics.Finite.All(X) && Numerics.Finite.All(Y)) return;
        for (int i = 0; i < X.Length; i++)
            if (!double.IsFinite(X[i])) throw NonFiniteFeature(i);
        for (int i = 0; i < Y.Length; i++)
            if (!double.IsFinite(Y[i])) throw NonFiniteLabel(i);
    }

    /// <summary><see cref="EnsureFinite"/> for row <paramref name="i"/> alone (its features and its label).</summary>
    public void EnsureRowFinite(int i)
    {
        if (Numerics.Finite.All(Row(i)) && double.IsFinite(Y[i])) return;
        for (int j = i * Dimension; j < (i + 1) * Dimension; j++)
            if (!double.IsFinite(X[j])) throw NonFiniteFeature(j);
        throw NonFiniteLabel(i);
    }

    private FeatureLearningException NonFiniteFeature(int index) =>
        new("FeatureLearning.NonFiniteData",
            $"Sample {index / Dimension}, feature {index % Dimension} is {X[index]}; remove or impute non-finite values before training.",
            ErrorKind.InvalidData);

    private FeatureLearningException NonFiniteLabel(int i) =>
        new("FeatureLearning.NonFiniteData",
            $"Label {i} is {Y[i]}; remove or impute non-finite labels before training.", ErrorKind.InvalidData);

    private static TaskType InferTaskType(double[] y)
    {
        foreach (double v in y)
            if (v != 1.0 && v != -1.0) return TaskType.Regression;
        return TaskType.Classification;
    }

    public override string ToString() =>
        $"{TaskName} dataset: n={Count}, d={Dimension}" + (Generator is null ? "" : $" ({Generator.Describe()})");
}
