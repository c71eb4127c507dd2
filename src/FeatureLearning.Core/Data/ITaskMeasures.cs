using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Data;

/// <summary>
/// A task with measures of its own that every learner's row carries beside the errors (the parity task's accuracy on
/// each half of D_A, the teacher's kernel floor), so they are comparable across learners.
/// </summary>
public interface ITaskMeasures
{
    /// <summary>The names <see cref="Measure"/> returns, in order.</summary>
    IReadOnlyList<string> MeasureNames { get; }

    /// <summary>The measures of <paramref name="model"/>; draws fresh samples (<paramref name="samples"/> of them) from
    /// task streams of <paramref name="seed"/> where it needs any.</summary>
    IEnumerable<Diagnostic> Measure(IModel model, long seed, int samples, CancellationToken cancel);
}
