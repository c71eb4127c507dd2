using FeatureLearning.Core.Data;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.SpikedRf;

/// <summary>
/// Ba et al.'s one giant gradient step on the first layer, then a ridge readout (<see cref="OneStepLearner.Fit"/>); the
/// step's batch is fresh from the task (data without a task gives its first n0 rows to the step).
/// </summary>
public sealed record OneStepNetworkSpec : OneStepSettings
{
    public override LearnerName Name => LearnerName.OneStepNetwork;

    public override string Describe() => DescribeShared();

    public override LearnerFit Fit(Dataset train, long seed, FitContext context)
    {
        var model = OneStepLearner.Fit(train, Options(train.Dimension, seed), context);
        return Result(model, TheorySpike(train.Generator, train.Dimension));
    }
}
