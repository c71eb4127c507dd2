using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Random;

namespace FeatureLearning.Core.Parity;

/// <summary>Accuracy of a model on the task's own distribution and, separately, on its uniform and structured halves.</summary>
public sealed record ParityAccuracy(double Overall, double Uniform, double Structured)
{
    /// <summary>Fresh samples for each part: <paramref name="samples"/> from the task's distribution, and as many
    /// from the uniform and from the structured (bits of A = +1) component (NaN for a part the distribution lacks).</summary>
    public static ParityAccuracy Measure(IModel model, SparseParityGenerator task, int samples, long seed, CancellationToken cancel = default,
        bool overall = true)
    {
        double Score(ParityDistribution distribution, long stream)
        {
            IDataGenerator g = task.WithDistribution(distribution);
            var data = g.Sample(samples, Rng.ForStream(seed, stream), cancel);
            return 1 - Metrics.Evaluate(model, data, cancel).Error;
        }
        double all = overall ? Score(task.Distribution, RandomStreams.ParityOverallMeasure) : double.NaN;
        double uniform = task.Distribution == ParityDistribution.Structured ? double.NaN : Score(ParityDistribution.Uniform, RandomStreams.ParityUniformMeasure);
        double structured = task.Distribution == ParityDistribution.Uniform ? double.NaN : Score(ParityDistribution.Structured, RandomStreams.ParityStructuredMeasure);
        return new ParityAccuracy(all, uniform, structured);
    }
}
