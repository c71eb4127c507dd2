namespace FeatureLearning.Core.Data;

/// <summary>
/// A generator whose labels depend on x only through a few hidden unit directions (cluster directions, a
/// single-index θ, the rows of U or W*). Learners report the overlap of their weights with these directions.
/// </summary>
public interface ISignalDirections
{
    /// <summary>Unit vectors of length Dimension.</summary>
    IReadOnlyList<double[]> Directions { get; }
}
