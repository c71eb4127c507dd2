using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Data;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Data;

/// <summary>
/// <para type="synopsis">Turns pipeline objects (e.g. Import-Csv rows) into a dataset: one label property, the rest numeric features.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "Dataset")]
[OutputType(typeof(Dataset))]
public sealed class ConvertToDatasetCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The property holding the label.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string LabelProperty { get; set; } = "";

    /// <summary>Feature properties, in order; all other properties when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? FeatureProperty { get; set; }

    private readonly List<double> _x = new();
    private readonly List<double> _y = new();
    private string[]? _features;

    protected override void ProcessRecord()
    {
        var names = InputObject.Properties.Select(p => p.Name).ToList();
        if (!names.Contains(LabelProperty, StringComparer.OrdinalIgnoreCase))
            Fail("FeatureLearning.MissingProperty", $"Row {_y.Count} has no property '{LabelProperty}'; its properties are {string.Join(", ", names)}.", InputObject);
        _features ??= FeatureProperty ?? names.Where(n => !n.Equals(LabelProperty, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (_features.Length == 0)
            Fail("FeatureLearning.InvalidDimension", "There are no feature properties besides the label; name them with -FeatureProperty.", InputObject);
        foreach (var feature in _features)
        {
            if (string.IsNullOrEmpty(feature) || !names.Contains(feature, StringComparer.OrdinalIgnoreCase))
                Fail("FeatureLearning.MissingProperty", $"Row {_y.Count} has no property '{feature}'; its properties are {string.Join(", ", names)}.", InputObject);
            _x.Add(ToNumber(feature));
        }
        _y.Add(ToNumber(LabelProperty));
    }

    protected override void EndProcessing()
    {
        if (_features is null)
            Fail("FeatureLearning.InvalidSampleCount", "No rows came down the pipeline; pipe at least one object.", null);
        Guard(() =>
        {
            var data = new Dataset(_x.ToArray(), _y.ToArray(), _features!.Length, null);
            WriteVerbose($"{data.Count} samples with features {string.Join(", ", _features!)}.");
            WriteObject(data);
        });
    }

    private double ToNumber(string property)
    {
        object? value = InputObject.Properties[property]?.Value;
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        if (value is null)
            Fail("FeatureLearning.MissingProperty", $"Row {_y.Count} has no value for '{property}'.", InputObject);
        try
        {
            return LanguagePrimitives.ConvertTo<double>(value);
        }
        catch (PSInvalidCastException)
        {
            Fail("FeatureLearning.InvalidData", $"Row {_y.Count}, property '{property}': '{value}' is not a number.", InputObject, ErrorCategory.InvalidData);
            return double.NaN;
        }
    }
}
