using System.Management.Automation;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// The one trained-model output: the core TrainedModel (which binds to every -Model parameter) carrying its row's
/// columns, diagnostics included, as note properties in the row's order, and the type name
/// "FeatureLearning.TrainedModel#&lt;Learner&gt;" that selects a per-learner console view.
/// </summary>
public static class TrainedModels
{
    public const string TypeName = "FeatureLearning.TrainedModel";

    public static PSObject Wrap(TrainedModel model)
    {
        var row = ResultRows.Create(model.ToRow(), Array.Empty<string>());
        var o = new PSObject(model);
        o.TypeNames.Insert(0, TypeName);
        o.TypeNames.Insert(0, $"{TypeName}#{model.ToRow().Learner}");
        foreach (var property in row.Properties)
            o.Properties.Add(new PSNoteProperty(property.Name, property.Value));
        return o;
    }
}
