using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;

namespace FeatureLearning.Core.Learners;

/// <summary>
/// Ridge penalties are unnormalised (min Σ(y − f)² + λ‖·‖², as in Cui et al.'s code); the automatic choice searches
/// λ = n·ρ over a relative grid ρ on a small validation split and rescales the winner to the full sample count.
/// </summary>
public static class RidgeGrid
{
    public static readonly double[] RelativeGrid = { 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0 };

    /// <summary>Samples used for the validation search (80% fit, 20% validation).</summary>
    public const int SelectionSamples = 2000;

    /// <summary>
    /// Picks ρ minimising the validation error. <paramref name="fitAndPredict"/> gets (trainCount, λ for that count) and
    /// returns predictions on the validation rows.
    /// </summary>
    public static double SelectRelative(Dataset data, Func<int, double, double[]> fitAndPredict)
    {
        int m = Math.Min(data.Count, SelectionSamples);
        int mTrain = Math.Max(1, (int)(0.8 * m));
        if (m - mTrain < 5) return 1e-3; // too few samples to validate: a mild default
        var yVal = data.Y.AsSpan(mTrain, m - mTrain);
        double best = double.PositiveInfinity, bestRho = RelativeGrid[0];
        foreach (double rho in RelativeGrid)
        {
            double[] prediction;
            try { prediction = fitAndPredict(mTrain, rho * mTrain); }
            catch (FeatureLearningException ex) when (ex.ErrorId == "FeatureLearning.NotPositiveDefinite") { continue; }
            var measure = Metrics.Score(prediction, yVal, data.TaskType);
            // MSE breaks ties in classification error, which is coarse on a small validation set.
            double score = measure.Error + 1e-6 * measure.Mse;
            if (score < best) { best = score; bestRho = rho; }
        }
        return bestRho;
    }
}
