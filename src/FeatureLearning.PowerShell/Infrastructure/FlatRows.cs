using System.Management.Automation;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>A model's history table as flat PSObjects, with the columns of <see cref="TheoryRows"/> around the learner's own.</summary>
public static class FlatRows
{
    public const string HistoryTypeName = "FeatureLearning.HistoryRow";

    public static IEnumerable<PSObject> History(TrainedModel model)
    {
        var history = model.GetHistory();
        var summary = model.ToRow();
        foreach (var values in history.Rows)
        {
            var row = new PSObject();
            row.TypeNames.Insert(0, $"{HistoryTypeName}#{summary.Learner}");
            row.TypeNames.Insert(1, HistoryTypeName);
            row.Properties.Add(new PSNoteProperty("Learner", summary.Learner));
            row.Properties.Add(new PSNoteProperty("Task", summary.Task));
            row.Properties.Add(new PSNoteProperty("D", summary.D));
            row.Properties.Add(new PSNoteProperty("N", summary.N));
            row.Properties.Add(new PSNoteProperty("Seed", summary.Seed));
            for (int c = 0; c < history.Columns.Count; c++)
                row.Properties.Add(new PSNoteProperty(history.Columns[c], values[c]));
            row.Properties.Add(new PSNoteProperty("BayesError", summary.BayesError));
            yield return row;
        }
    }
}
