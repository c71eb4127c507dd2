namespace FeatureLearning.Core.Learning;

/// <summary>
/// One flat result of a trial: which learner (with its settings) on which task, the sample size and seed, the errors on a
/// fresh test set beside the reference levels (Bayes-optimal and predict-the-mean), the time, and the named diagnostics
/// of the learner and the task. Compare-Learner, sweeps and the Slurm worker all emit it.
/// </summary>
public sealed record ResultRow
{
    /// <summary>Learner family, e.g. "KernelRidge".</summary>
    public required string Learner { get; init; }

    /// <summary>The learner's hyper-parameters in one readable string (two kernels differ here, so they are two series).</summary>
    public required string Settings { get; init; }

    /// <summary>Task name, e.g. "Xor", "MultiIndex", "Custom".</summary>
    public required string Task { get; init; }

    public int D { get; init; }

    public int N { get; init; }

    /// <summary>n/d, the papers' axis; written to files (so a sweep's CSV has the row objects' columns), ignored on reading.</summary>
    public double Alpha => D > 0 ? (double)N / D : double.NaN;

    public long Seed { get; init; }

    /// <summary>Classification error (classification tasks) or MSE (regression) on the test set.</summary>
    public double TestError { get; init; } = double.NaN;

    public double TrainError { get; init; } = double.NaN;

    public double TestMse { get; init; } = double.NaN;

    /// <summary>The error of the best constant predictor (the mean label; the majority label for classification).</summary>
    public double NullError { get; init; } = double.NaN;

    /// <summary>The Bayes-optimal error where the task knows it, else NaN.</summary>
    public double BayesError { get; init; } = double.NaN;

    public int TestSamples { get; init; }

    /// <summary>Wall-clock seconds of the fit alone (not the measurements).</summary>
    public double Seconds { get; init; }

    /// <summary>The learner's and the task's named numbers (alignments, chosen ridge, spike overlap, accuracy per half...).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = Array.Empty<Diagnostic>();

    /// <summary>The value of diagnostic <paramref name="name"/>, or NaN.</summary>
    public double Diagnostic(string name)
    {
        foreach (var d in Diagnostics)
            if (string.Equals(d.Name, name, StringComparison.Ordinal)) return d.Value;
        return double.NaN;
    }

    /// <summary>
    /// The fields of a row as its JSON names them, in order, with the diagnostics as "diagnostics.Name": the columns of
    /// a CSV of stored rows that match the row objects' columns (fixed fields, then every diagnostic of the comparison).
    /// </summary>
    public static IEnumerable<string> JsonPaths(IEnumerable<string> diagnosticNames)
    {
        foreach (var property in Persistence.SpecJson.Options.GetTypeInfo(typeof(ResultRow)).Properties)
            if (property.Name != "diagnostics") yield return property.Name;
        foreach (var name in diagnosticNames) yield return "diagnostics." + name;
    }

    public override string ToString() =>
        $"{Learner} [{Settings}] on {Task} d={D} n={N} seed={Seed}: test error {TestError:G4}" +
        (double.IsNaN(BayesError) ? "" : $" (Bayes {BayesError:G4})") + (double.IsNaN(NullError) ? "" : $" (null {NullError:G4})");
}
