namespace FeatureLearning.Core.Data;

/// <summary>Whether a dataset of a given size can be drawn: checked before anything is built or allocated.</summary>
public static class DatasetSize
{
    /// <summary>Throws unless <paramref name="count"/> samples of <paramref name="dimension"/> values fit in one array
    /// and in half the memory available: a draw that exhausts memory kills the whole session, not just the command.</summary>
    public static void EnsureFits(int count, int dimension)
    {
        if (count < 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"The number of samples must be non-negative, got {count}.");
        long values = (long)count * dimension;
        if (values > Array.MaxLength)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"{count} samples × {dimension} dimensions = {values:N0} values is more than one array can hold ({Array.MaxLength:N0}); draw fewer samples.");
        long bytes = 8 * (values + count);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available / 2)
            throw new FeatureLearningException("FeatureLearning.InsufficientMemory",
                $"{count} samples × {dimension} dimensions need {bytes / 1e9:F1} GB, more than half of the {available / 1e9:F1} GB available; " +
                $"draw at most {available / 2 / (8L * (dimension + 1)):N0} samples.", ErrorKind.ResourceUnavailable);
    }
}
