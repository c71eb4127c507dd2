using System.Management.Automation;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// Result rows as flat PSObjects with one fixed column order: the row's measures, then every diagnostic the comparison
/// can report (NaN where a learner has none), so Export-Csv and Export-Excel, which take their columns from the first
/// row, keep every column for every learner.
/// </summary>
public static class ResultRows
{
    public const string TypeName = "FeatureLearning.ResultRow";

    public static PSObject Create(ResultRow row, IReadOnlyList<string> diagnosticNames, int? trialId = null)
    {
        var o = new PSObject();
        o.TypeNames.Insert(0, TypeName);
        void Add(string name, object? value) => o.Properties.Add(new PSNoteProperty(name, value));
        if (trialId is { } id) Add("TrialId", id);
        Add(nameof(ResultRow.Learner), row.Learner);
        Add(nameof(ResultRow.Settings), row.Settings);
        Add(nameof(ResultRow.Task), row.Task);
        Add(nameof(ResultRow.D), row.D);
        Add(nameof(ResultRow.N), row.N);
        Add(nameof(ResultRow.Alpha), row.Alpha);
        Add(nameof(ResultRow.Seed), row.Seed);
        Add(nameof(ResultRow.TestError), row.TestError);
        Add(nameof(ResultRow.TrainError), row.TrainError);
        Add(nameof(ResultRow.TestMse), row.TestMse);
        Add(nameof(ResultRow.NullError), row.NullError);
        Add(nameof(ResultRow.BayesError), row.BayesError);
        Add(nameof(ResultRow.TestSamples), row.TestSamples);
        Add(nameof(ResultRow.Seconds), row.Seconds);
        foreach (var name in diagnosticNames) Add(name, row.Diagnostic(name));
        foreach (var extra in row.Diagnostics)
            if (!diagnosticNames.Contains(extra.Name)) Add(extra.Name, extra.Value);
        return o;
    }
}
