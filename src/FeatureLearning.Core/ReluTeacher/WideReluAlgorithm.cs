namespace FeatureLearning.Core.ReluTeacher;

/// <summary>Optimiser of the wide ReLU net.</summary>
public enum WideReluAlgorithm
{
    /// <summary>Full-batch gradient descent (one step per epoch), the algorithm of Li, Ma and Zhang.</summary>
    GradientDescent,
    /// <summary>Minibatch SGD, reshuffled every epoch.</summary>
    Sgd,
    /// <summary>Minibatch Adam (β1 = 0.9, β2 = 0.999), reshuffled every epoch; -BatchSize n makes it full-batch.</summary>
    Adam,
}
