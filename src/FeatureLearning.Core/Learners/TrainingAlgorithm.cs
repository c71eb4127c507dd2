namespace FeatureLearning.Core.Learners;

/// <summary>How a two-layer net is trained.</summary>
public enum TrainingAlgorithm
{
    /// <summary>Single-sample SGD, several epochs over the finite training set (shuffled each epoch).</summary>
    Sgd,
    /// <summary>One-pass SGD: a fresh sample from the task's generator at every step (the paper's online setting).</summary>
    Online,
    /// <summary>Mini-batch SGD: per-sample gradients summed over a batch and applied at once.</summary>
    MiniBatch,
    /// <summary>Full-batch gradient descent; one iteration advances time t by 1.</summary>
    FullBatchGd,
}
