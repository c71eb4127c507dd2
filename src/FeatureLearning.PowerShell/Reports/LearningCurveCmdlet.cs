using System.Collections;
using System.Management.Automation;
using FeatureLearning.Core.IO;
using FeatureLearning.PowerShell.Infrastructure;
using FeatureLearning.Reports;

namespace FeatureLearning.PowerShell.Reports;

/// <summary>
/// Shared by the report cmdlets: collects piped objects (typed objects, PSCustomObjects, hashtables) into a neutral
/// <see cref="ReportTable"/> of flat rows, binds the curve parameters and the file-writer parameters
/// (<see cref="FileWriterCmdlet"/>), and opens the result for -Show. The layout lives in FeatureLearning.Reports.
/// </summary>
public abstract class LearningCurveCmdlet : FileWriterCmdlet
{
    private readonly List<string> _columns = new();
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<object?[]> _rows = new();
    private int _received;

    /// <summary>Result rows: any objects; their properties (a hashtable's keys) become columns.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject InputObject { get; set; } = null!;

    [Parameter]
    public string X { get; set; } = "Alpha";

    [Parameter]
    public string Y { get; set; } = "TestError";

    [Parameter]
    public string Series { get; set; } = "Learner";

    /// <summary>Columns that split the rows into curves; by default every text column (other than -X and -Y).</summary>
    [Parameter]
    [AllowEmptyCollection]
    public string[] GroupBy { get; set; } = Array.Empty<string>();

    /// <summary>Columns whose numeric text stays text ('*' for all), as Export-Excel's -NoNumberConversion.</summary>
    [Parameter]
    public string[] NoNumberConversion { get; set; } = Array.Empty<string>();

    [Parameter]
    public string? Title { get; set; }

    [Parameter]
    public SwitchParameter LogX { get; set; }

    [Parameter]
    public SwitchParameter LogY { get; set; }

    [Parameter]
    public string[] LineSeries { get; set; } = Array.Empty<string>();

    [Parameter]
    public string[] MarkerSeries { get; set; } = Array.Empty<string>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Open the written file in the program the desktop associates with it (Excel, an image viewer).</summary>
    [Parameter]
    public SwitchParameter Show { get; set; }

    /// <summary>One flat row per object; an object with a collection or nested object in a property is refused (WriteError) and left out.</summary>
    protected override void ProcessRecord()
    {
        if (InputObject is null) return;
        _received++;
        var values = new List<(string Name, object? Value)>();
        if (InputObject.BaseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary) values.Add((entry.Key?.ToString() ?? "", entry.Value));
        }
        else
        {
            foreach (var property in InputObject.Properties)
            {
                if (!property.IsGettable) continue;
                object? value;
                try { value = property.Value; }
                catch (GetValueException) { value = null; }
                values.Add((property.Name, value));
            }
        }
        if (values.Count == 0)
        {
            WriteError(new ErrorRecord(new ArgumentException(
                $"Row {_received} is a {InputObject.BaseObject?.GetType().Name ?? "null"} without properties; pipe objects whose properties are the columns (e.g. [pscustomobject]@{{ Alpha = 1; TestError = 0.2 }})."),
                "FeatureLearning.NotARow", ErrorCategory.InvalidData, InputObject));
            return;
        }

        var plain = new List<(string Name, object? Value)>(values.Count);
        var nested = new List<string>();
        foreach (var (name, value) in values)
        {
            if (TryPlain(value, out object? cell)) plain.Add((name, cell));
            else nested.Add($"'{name}' ({Describe(value)})");
        }
        if (nested.Count > 0)
        {
            WriteError(new ErrorRecord(new ArgumentException(
                $"Row {_received} is not flat: {string.Join(", ", nested)} {(nested.Count == 1 ? "is" : "are")} not a number, text, boolean or date, and a report cell holds one value. " +
                $"Leave {(nested.Count == 1 ? "it" : "them")} out (Select-Object -ExcludeProperty ...) or expand {(nested.Count == 1 ? "it" : "them")} into scalar columns; the row is left out."),
                "FeatureLearning.NonScalarValue", ErrorCategory.InvalidData, InputObject));
            return;
        }
        var row = new object?[_columns.Count + plain.Count];
        foreach (var (name, value) in plain) row[ColumnOf(name)] = value;
        _rows.Add(row);
    }

    /// <summary>The piped rows as a neutral table (rows padded to the final column count).</summary>
    protected ReportTable CollectedTable()
    {
        var rows = _rows.Select(r => r.Length == _columns.Count ? r : r.Take(_columns.Count).Concat(new object?[Math.Max(0, _columns.Count - r.Length)]).ToArray()).ToList();
        return new ReportTable(_columns.ToArray(), rows);
    }

    protected LearningCurveOptions Options(string worksheetName = "Results")
    {
        if (_rows.Count > 0 && !string.IsNullOrEmpty(Series) && !_columnIndex.ContainsKey(Series) && MyInvocation.BoundParameters.ContainsKey(nameof(Series)))
            WriteWarning($"The rows have no column '{Series}' for -Series; the curves are named after the grouping columns.");
        return new LearningCurveOptions
        {
            WorksheetName = worksheetName,
            X = X ?? "",
            Y = Y ?? "",
            Series = Series,
            GroupBy = MyInvocation.BoundParameters.ContainsKey(nameof(GroupBy)) ? GroupBy ?? Array.Empty<string>() : null,
            NoNumberConversion = NoNumberConversion ?? Array.Empty<string>(),
            Title = Title,
            LogX = LogX,
            LogY = LogY,
            LineSeries = LineSeries ?? Array.Empty<string>(),
            MarkerSeries = MarkerSeries ?? Array.Empty<string>(),
        };
    }

    /// <summary>Waiting for another writer and housekeeping go to -Verbose.</summary>
    protected FileWriteSettings WriteSettings() => new() { Waiting = WriteVerbose, Note = WriteVerbose };

    /// <summary>
    /// After a successful write: emits the file for -PassThru and opens it for -Show. A machine without a viewer
    /// (no desktop session, no xdg-open: a server, a CI runner) gets a warning that says why, since the file itself is written.
    /// </summary>
    protected void Finish(string full)
    {
        if (PassThru) WriteObject(new FileInfo(full));
        if (!Show) return;
        if (FileViewer.TryOpen(full) is string problem)
            WriteWarning($"-Show could not open '{full}': {problem}. The file is written; open it with your spreadsheet or image viewer.");
    }

    private int ColumnOf(string name)
    {
        if (_columnIndex.TryGetValue(name, out int index)) return index;
        _columnIndex[name] = _columns.Count;
        _columns.Add(name);
        return _columns.Count - 1;
    }

    /// <summary>
    /// A cell value: numbers, strings, booleans and dates as they are; enums, characters and values with their
    /// own text (Guid, Version, TimeSpan) as text. False for collections and objects without their own text
    /// (nested records, PSCustomObjects), which a flat row cannot hold.
    /// </summary>
    private static bool TryPlain(object? value, out object? plain)
    {
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        plain = value switch
        {
            null => null,
            string or bool or DateTime => value,
            DateTimeOffset offset => offset.DateTime,
            SwitchParameter flag => flag.IsPresent,
            Enum e => e.ToString(),
            char c => c.ToString(),
            _ when CellValue.TryNumber(value, out _) => value,
            _ => null,
        };
        if (plain is not null || value is null) return true;
        if (value is IEnumerable or PSCustomObject) return false;
        string? text = value.ToString();
        if (text is null || text == value.GetType().ToString()) return false;   // no text of its own: an object, not a value
        plain = text;
        return true;
    }

    private static string Describe(object? value)
    {
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        return value switch
        {
            PSCustomObject => "a nested object",
            ICollection collection => $"a {value.GetType().Name} of {collection.Count}",
            _ => $"a {value?.GetType().FullName}",
        };
    }
}
