using System.Management.Automation;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// The one trained-model output: the core TrainedModel (scalar properties only) with its diagnostics as note
/// properties, and the type name "FeatureLearning.TrainedModel#&lt;Learner&gt;" that selects a per-learner console view.
/// </summary>
public static class TrainedModels
{
    public const string TypeName = "FeatureLearning.TrainedModel";

    public static PSObject Wrap(TrainedModel model)
    {
        var o = new PSObject(model);
        o.TypeNames.Insert(0, TypeName);
        o.TypeNames.Insert(0, $"{TypeName}#{model.Learner}");
        foreach (var d in model.GetDiagnostics())
            if (o.Properties[d.Name] is null) o.Properties.Add(new PSNoteProperty(d.Name, d.Value));
        return o;
    }
}
