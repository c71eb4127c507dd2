using System.Collections;
using System.Globalization;
using System.Management.Automation;
using FeatureLearning.Core.Data;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Data;

/// <summary>How ConvertTo-Dataset scores the labels.</summary>
public enum LabelTask
{
    /// <summary>Labels −1/+1: classification; 0/1: classification after mapping 0 to −1 (with a warning); anything else: regression.</summary>
    Auto,
    /// <summary>Two distinct label values, mapped to −1 (the smaller) and +1 (the larger).</summary>
    Classification,
    /// <summary>The labels as numbers, scored by squared error.</summary>
    Regression,
}

/// <summary>
/// <para type="synopsis">Turns pipeline objects (Import-Csv rows, hashtables, objects) into a dataset: one label property, the rest numeric features.</para>
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

    /// <summary>Classification, Regression, or Auto (decided from the labels, saying so).</summary>
    [Parameter]
    public LabelTask Task { get; set; } = LabelTask.Auto;

    private readonly List<double> _x = new();
    private readonly List<double> _y = new();
    private string[]? _features;
    private int _row;

    protected override void ProcessRecord()
    {
        int row = ++_row;
        var values = Values(InputObject);
        var names = values.Keys.ToList();
        if (!values.ContainsKey(LabelProperty))
        {
            Skip(row, $"has no property '{LabelProperty}' (its properties are {string.Join(", ", names)})", "FeatureLearning.MissingProperty");
            return;
        }
        if (_features is null)
        {
            _features = FeatureProperty ?? names.Where(n => !n.Equals(LabelProperty, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (_features.Length == 0)
                Fail("FeatureLearning.InvalidDimension", "There are no feature properties besides the label; name them with -FeatureProperty.", InputObject);
        }
        var features = new double[_features.Length];
        for (int j = 0; j < _features.Length; j++)
        {
            if (!values.TryGetValue(_features[j], out var value))
            {
                Skip(row, $"has no property '{_features[j]}' (its properties are {string.Join(", ", names)})", "FeatureLearning.MissingProperty");
                return;
            }
            if (!TryNumber(value, out features[j], out string why))
            {
                Skip(row, $"column '{_features[j]}': {why}", "FeatureLearning.InvalidData");
                return;
            }
        }
        if (!TryNumber(values[LabelProperty], out double label, out string labelWhy))
        {
            Skip(row, $"label '{LabelProperty}': {labelWhy}", "FeatureLearning.InvalidData");
            return;
        }
        _x.AddRange(features);
        _y.Add(label);
    }

    protected override void EndProcessing()
    {
        if (_features is null || _y.Count == 0)
            Fail("FeatureLearning.InvalidSampleCount", "No usable rows came down the pipeline; pipe at least one object with the label and features.", null);
        var y = _y.ToArray();
        var type = Labels(y);
        Guard(() =>
        {
            var data = new Dataset(_x.ToArray(), y, _features!.Length, null, 0, type);
            WriteVerbose($"{data.Count} samples, {data.TaskType}, features {string.Join(", ", _features!)}.");
            WriteObject(data);
        });
    }

    /// <summary>Decides the task type and maps the labels in place (two values to −1/+1 for classification).</summary>
    private TaskType Labels(double[] y)
    {
        var distinct = y.Distinct().OrderBy(v => v).ToArray();
        bool plusMinus = distinct.All(v => v is -1.0 or 1.0);
        switch (Task)
        {
            case LabelTask.Regression:
                return TaskType.Regression;
            case LabelTask.Classification:
                if (distinct.Length > 2)
                    Fail("FeatureLearning.InvalidLabels",
                        $"-Task Classification needs two label values; '{LabelProperty}' has {distinct.Length} ({string.Join(", ", distinct.Take(5).Select(v => v.ToString(CultureInfo.InvariantCulture)))}…). Use -Task Regression.",
                        null, ErrorCategory.InvalidData);
                if (!plusMinus) MapToSigns(y, distinct);
                return TaskType.Classification;
            default:
                if (plusMinus) return TaskType.Classification;
                if (distinct.All(v => v is 0.0 or 1.0))
                {
                    WriteWarning($"Labels '{LabelProperty}' are 0/1: mapped 0 → −1 and 1 → +1 and scored as classification. Pass -Task Regression to keep them as numbers.");
                    MapToSigns(y, distinct.Length == 2 ? distinct : new[] { 0.0, 1.0 });
                    return TaskType.Classification;
                }
                WriteVerbose($"Labels '{LabelProperty}' take {distinct.Length} values: scored as regression (-Task Classification maps two values to ±1).");
                return TaskType.Regression;
        }
    }

    private static void MapToSigns(double[] y, double[] distinct)
    {
        double high = distinct[^1];
        for (int i = 0; i < y.Length; i++) y[i] = y[i] == high ? 1.0 : -1.0;
    }

    /// <summary>One bad row is a non-terminating error (the row is left out), so -ErrorAction decides what happens.</summary>
    private void Skip(int row, string why, string errorId) =>
        WriteError(new ErrorRecord(new FormatException($"Row {row} {why}; the row is left out."), errorId, ErrorCategory.InvalidData, InputObject));

    /// <summary>Property values by name (case-insensitive), from a hashtable's keys or an object's properties.</summary>
    private static Dictionary<string, object?> Values(PSObject input)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (input.BaseObject is IDictionary dictionary)
            foreach (DictionaryEntry entry in dictionary) values[entry.Key?.ToString() ?? ""] = entry.Value;
        else
            foreach (var property in input.Properties) values[property.Name] = property.Value;
        return values;
    }

    /// <summary>
    /// A finite number: numeric types as they are, strings parsed in the invariant culture (a '.' decimal point and no
    /// thousands separators, so "1,5" is refused rather than read as 15); empty, NaN and infinite values are refused.
    /// </summary>
    private static bool TryNumber(object? value, out double number, out string why)
    {
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        number = double.NaN;
        switch (value)
        {
            case null:
                why = "the value is missing";
                return false;
            case string text:
                if (string.IsNullOrWhiteSpace(text)) { why = "the value is empty"; return false; }
                if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    why = $"'{text}' is not a number (write numbers with a '.' decimal point and no thousands separators)";
                    return false;
                }
                break;
            case bool:
                why = $"'{value}' is a boolean, not a number";
                return false;
            case IConvertible convertible when value is not char:
                try { number = convertible.ToDouble(CultureInfo.InvariantCulture); }
                catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
                {
                    why = $"'{value}' is not a number";
                    return false;
                }
                break;
            default:
                why = $"'{value}' ({value.GetType().Name}) is not a number";
                return false;
        }
        if (!double.IsFinite(number)) { why = $"'{value}' is not finite"; return false; }
        why = "";
        return true;
    }
}
