namespace FeatureLearning.Core.Data;

/// <summary>How labels are scored: classification by the sign of the output (labels ±1), or regression by squared error.</summary>
public enum TaskType
{
    Classification,
    Regression,
}
