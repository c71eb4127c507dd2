using System.Management.Automation;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// Flat rows of a theory curve with exactly the columns (and order) of <see cref="FlatRows.History"/>, so theory and
/// simulation rows go into one table (Export-Csv and Export-Excel take their columns from the first row).
/// </summary>
public static class TheoryRows
{
    public const string TypeName = "FeatureLearning.TheoryRow";

    public static PSObject Create(string learner, string task, int dimension, int samples, long seed, TrainingRecord record, double bayesError)
    {
        var row = new PSObject();
        row.TypeNames.Insert(0, TypeName);
        row.Properties.Add(new PSNoteProperty("Learner", learner));
        row.Properties.Add(new PSNoteProperty("Task", task));
        row.Properties.Add(new PSNoteProperty("D", dimension));
        row.Properties.Add(new PSNoteProperty("N", samples));
        row.Properties.Add(new PSNoteProperty("Seed", seed));
        foreach (var (name, value) in record.Flatten())
            row.Properties.Add(new PSNoteProperty(name, value));
        row.Properties.Add(new PSNoteProperty("BayesError", bayesError));
        return row;
    }
}
