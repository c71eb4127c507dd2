namespace FeatureLearning.Core.Parity;

/// <summary>A row of Measure-ParityAccuracy: any trained model scored on both halves of the task.</summary>
public sealed record ParityAccuracyRow(string Learner, string Settings, string Distribution, int Bits, int K, int N,
    double TestAccuracy, double UniformAccuracy, double StructuredAccuracy, double Seconds, long Seed);
