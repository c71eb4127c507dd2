namespace FeatureLearning.Core.Learning;

/// <summary>
/// A model whose prediction starts with a first layer of units w_j ∈ R^d (nets, random features, one-step and
/// tangent-kernel models): the trial measures how well those units align with the task's hidden directions.
/// </summary>
public interface IFirstLayerModel
{
    /// <summary>The number of units (rows of <see cref="FirstLayer"/>).</summary>
    int Width { get; }

    int InputDimension { get; }

    /// <summary>Row-major Width × InputDimension; only the directions of the rows matter.</summary>
    double[] FirstLayer { get; }
}
