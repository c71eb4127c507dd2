using FeatureLearning.Core.Learners;

namespace FeatureLearning.Core.Learning;

/// <summary>What <see cref="LearnerSpec.Fit"/> returns: the model, its history and its named diagnostics.</summary>
public sealed record LearnerFit(IModel Model, HistoryTable History, IReadOnlyList<Diagnostic> Diagnostics)
{
    public LearnerFit(IModel model) : this(model, HistoryTable.Empty, Array.Empty<Diagnostic>())
    {
    }
}
