using System.Management.Automation;
using FeatureLearning.Core.Learners;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>Turns core records with variable-length parts (order parameters) into flat PSObjects for tables and Excel.</summary>
public static class FlatRows
{
    public const string HistoryTypeName = "FeatureLearning.HistoryRow";

    public static PSObject History(TrainedModel model, TrainingRecord record)
    {
        var row = new PSObject();
        row.TypeNames.Insert(0, HistoryTypeName);
        row.Properties.Add(new PSNoteProperty("Learner", model.Learner));
        row.Properties.Add(new PSNoteProperty("Task", model.Task));
        row.Properties.Add(new PSNoteProperty("D", model.D));
        row.Properties.Add(new PSNoteProperty("N", model.N));
        row.Properties.Add(new PSNoteProperty("Seed", model.Seed));
        foreach (var (name, value) in record.Flatten())
            row.Properties.Add(new PSNoteProperty(name, value));
        row.Properties.Add(new PSNoteProperty("BayesError", model.BayesError));
        return row;
    }
}
