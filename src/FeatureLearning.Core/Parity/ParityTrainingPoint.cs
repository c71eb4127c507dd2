namespace FeatureLearning.Core.Parity;

/// <summary>One checkpoint of a parity-net run (flat, for tables).</summary>
public sealed record ParityTrainingPoint(long Step, double Epoch, double TrainLoss, double MonitorAccuracy, double SubsetMass);
