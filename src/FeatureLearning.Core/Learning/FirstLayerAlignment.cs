using FeatureLearning.Core.Data;
using FeatureLearning.Core.MultiIndex;
using FeatureLearning.Core.ReluTeacher;

namespace FeatureLearning.Core.Learning;

/// <summary>
/// The alignment of a first layer with a task's hidden directions, the same three numbers for every learner and task:
/// the fraction of the layer's squared norm inside their span (span(U) for the multi-index task, the subset mass for
/// parities: about r/d for random units, 1 when every unit lies in the span), and the worst and mean, over directions,
/// of the best unit's |cos| (the teacher alignment of the ReLU-teacher paper).
/// </summary>
public static class FirstLayerAlignment
{
    public const string SubspaceAlignment = "SubspaceAlignment", MinAlignment = "MinAlignment", MeanAlignment = "MeanAlignment";

    public static readonly IReadOnlyList<string> Names = new[] { SubspaceAlignment, MinAlignment, MeanAlignment };

    /// <summary>The three alignments, or nothing when the model has no first layer or the task no directions.</summary>
    public static IEnumerable<Diagnostic> Measure(object model, IDataGenerator? task, CancellationToken cancel = default)
    {
        if (model is not IFirstLayerModel layer || task is not ISignalDirections { Directions.Count: > 0 } signal
            || layer.InputDimension != task.Dimension || layer.Width == 0)
            yield break;
        var directions = signal.Directions;
        int d = layer.InputDimension, m = layer.Width, r = directions.Count;
        var u = new double[(long)r * d];
        for (int a = 0; a < r; a++) directions[a].CopyTo(u, (long)a * d);
        yield return new Diagnostic(SubspaceAlignment, MultiIndex.SubspaceAlignment.Fraction(layer.FirstLayer, m, d, u, r));
        var cos = TeacherAlignment.AbsCosines(layer.FirstLayer, m, d, directions, cancel);
        double min = double.PositiveInfinity, sum = 0;
        for (int i = 0; i < r; i++)
        {
            double best = 0;
            for (int j = 0; j < m; j++) best = Math.Max(best, cos[(long)j * r + i]);
            min = Math.Min(min, best);
            sum += best;
        }
        yield return new Diagnostic(MinAlignment, min);
        yield return new Diagnostic(MeanAlignment, sum / r);
    }
}
