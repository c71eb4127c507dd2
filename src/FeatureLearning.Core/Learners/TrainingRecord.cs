namespace FeatureLearning.Core.Learners;

/// <summary>
/// One point of a two-layer net's training history, with the order parameters of the online ODE theory:
/// R[k, a] = w_k·e_a/√d (overlap of unit k with signal direction a), Q[k, l] = w_k·w_l/d, and v.
/// </summary>
public sealed record TrainingRecord(
    double Time,
    long Step,
    double Epoch,
    double TrainLoss,
    double TestError,
    double TestLoss,
    int Hidden,
    int Directions,
    double[] R,
    double[] Q,
    double[] V)
{
    public double RAt(int k, int a) => R[k * Directions + a];

    public double QAt(int k, int l) => Q[k * Hidden + l];
}

public static class TrainingRecordExtensions
{
    /// <summary>
    /// Flat (name, value) pairs for tables: T, Step, Epoch, TrainLoss, TestError, TestLoss, then R{k}_{a}, Q{k}_{l}
    /// (upper triangle) and V{k}, 1-based.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, double>> Flatten(this TrainingRecord r)
    {
        yield return new("T", r.Time);
        yield return new("Step", r.Step);
        yield return new("Epoch", r.Epoch);
        yield return new("TrainLoss", r.TrainLoss);
        yield return new("TestError", r.TestError);
        yield return new("TestLoss", r.TestLoss);
        for (int k = 0; k < r.Hidden; k++)
            for (int a = 0; a < r.Directions; a++)
                yield return new($"R{k + 1}_{a + 1}", r.RAt(k, a));
        for (int k = 0; k < r.Hidden; k++)
            for (int l = k; l < r.Hidden; l++)
                yield return new($"Q{k + 1}_{l + 1}", r.QAt(k, l));
        for (int k = 0; k < r.Hidden; k++)
            yield return new($"V{k + 1}", r.V[k]);
    }
}
