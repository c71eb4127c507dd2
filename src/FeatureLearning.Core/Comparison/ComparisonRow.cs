namespace FeatureLearning.Core.Comparison;

/// <summary>One flat result row per (learner, n, seed): pipes straight into Export-Csv or Export-Excel.</summary>
public sealed record ComparisonRow(
    string Learner,
    string Task,
    int D,
    int N,
    double Alpha,
    long Seed,
    double TestError,
    double TrainError,
    double TestMse,
    double Seconds,
    double BayesError);
