namespace FeatureLearning.Core.ReluTeacher;

/// <summary>
/// One checkpoint of a wide-net run (flat, for tables): training MSE, MSE on fresh monitor samples, and the alignment of
/// the first layer with W* (the smallest and the mean over teacher rows of max_j |cos(w_j, w*_i)|, and the aligned mass).
/// </summary>
public sealed record WideReluTrainingPoint(long Step, double Epoch, double LearningRate, double TrainMse, double MonitorMse,
    double MinAlignment, double MeanAlignment, double AlignedMass);
