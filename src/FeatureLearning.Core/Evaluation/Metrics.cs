using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Evaluation;

/// <summary>Error of a model on a dataset.</summary>
public readonly record struct ErrorMeasure(double Error, double Mse)
{
    /// <summary>Half mean squared error, the ε_g of the online-learning papers.</summary>
    public double HalfMse => 0.5 * Mse;
}

public static class Metrics
{
    /// <summary>
    /// Classification error P(y·f(x) ≤ 0) (a zero output counts as a mistake) for classification tasks, the MSE
    /// for regression tasks; the MSE is reported in both cases.
    /// </summary>
    public static ErrorMeasure Evaluate(IModel model, Dataset data, CancellationToken cancel = default)
    {
        if (data.Dimension != model.InputDimension)
            throw new FeatureLearningException("FeatureLearning.DimensionMismatch",
                $"The model expects inputs of dimension {model.InputDimension} but the data has dimension {data.Dimension}; " +
                "evaluate on data drawn from the task the model was trained on.");
        if (data.Count == 0) return new ErrorMeasure(double.NaN, double.NaN);
        var f = new double[data.Count];
        model.Predict(data, f, cancel);
        return Score(f, data.Y, data.TaskType);
    }

    public static ErrorMeasure Score(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels, TaskType type)
    {
        double sq = 0;
        int mistakes = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double e = predictions[i] - labels[i];
            sq += e * e;
            if (!(predictions[i] * labels[i] > 0)) mistakes++;
        }
        double mse = sq / labels.Length;
        return new ErrorMeasure(type == TaskType.Classification ? (double)mistakes / labels.Length : mse, mse);
    }
}
