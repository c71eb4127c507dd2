using FeatureLearning.Core.Data;

namespace FeatureLearning.Core.Learners;

/// <summary>A trained predictor f: R^d → R. Classification uses sign f.</summary>
public interface IModel
{
    /// <summary>Learner family, e.g. "TwoLayerNet", "RandomFeatures", "KernelRidge".</summary>
    string Learner { get; }

    int InputDimension { get; }

    /// <summary>Predictions for every row of <paramref name="data"/> into <paramref name="output"/> (length data.Count).</summary>
    void Predict(Dataset data, Span<double> output, CancellationToken cancel = default);
}
