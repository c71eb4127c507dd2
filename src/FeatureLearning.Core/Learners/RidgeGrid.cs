using FeatureLearning.Core.Data;
using FeatureLearning.Core.Evaluation;
using FeatureLearning.Core.Numerics;

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
    public static double SelectRelative(Dataset data, Func<int, double, double[]> fitAndPredict) =>
        Select(data, mTrain => lambda => fitAndPredict(mTrain, lambda));

    /// <summary>
    /// The same search where everything that does not depend on the ridge — the kernel or normal-equation matrix of the
    /// training rows, its right-hand side, the validation features — is built once: <paramref name="prepare"/> gets the
    /// training count and returns the ridge system; each grid value then costs one factorisation.
    /// </summary>
    public static double SelectRelative(Dataset data, Func<int, RidgeProblem> prepare) =>
        Select(data, mTrain =>
        {
            var problem = prepare(mTrain);
            return lambda => problem.Predict(lambda);
        });

    private static double Select(Dataset data, Func<int, Func<double, double[]>> prepare)
    {
        int m = Math.Min(data.Count, SelectionSamples);
        int mTrain = Math.Max(1, (int)(0.8 * m));
        if (m - mTrain < 5) return 1e-3; // too few samples to validate: a mild default
        var yVal = data.Y.AsSpan(mTrain, m - mTrain);
        var predict = prepare(mTrain);
        double best = double.PositiveInfinity, bestRho = RelativeGrid[0];
        foreach (double rho in RelativeGrid)
        {
            double[] prediction;
            try { prediction = predict(rho * mTrain); }
            catch (FeatureLearningException ex) when (ex.ErrorId == "FeatureLearning.NotPositiveDefinite") { continue; }
            var measure = Metrics.Score(prediction, yVal, data.TaskType);
            // MSE breaks ties in classification error, which is coarse on a small validation set.
            double score = measure.Error + 1e-6 * measure.Mse;
            if (score < best) { best = score; bestRho = rho; }
        }
        return bestRho;
    }
}
