using System.Collections;
using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.PowerShell.Infrastructure;
using FeatureLearning.Reports;

namespace FeatureLearning.PowerShell.Reports;

/// <summary>
/// Shared by the report cmdlets: collects any piped objects (records, note-property rows, hashtables) into a
/// neutral <see cref="ReportTable"/> and binds the curve parameters. The layout lives in FeatureLearning.Reports.
/// </summary>
public abstract class LearningCurveCmdlet : FeatureLearningCmdlet
{
    private readonly List<string> _columns = new();
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<object?[]> _rows = new();

    /// <summary>Result rows: any objects; their properties become columns.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    [Parameter]
    public string X { get; set; } = "Alpha";

    [Parameter]
    public string Y { get; set; } = "TestError";

    [Parameter]
    public string Series { get; set; } = "Learner";

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

    /// <summary>Open the written file in the program the system associates with it (Excel, an image viewer).</summary>
    [Parameter]
    public SwitchParameter Show { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null) return;
        var values = new List<(int Column, object? Value)>();
        if (InputObject.BaseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
                values.Add((ColumnOf(entry.Key?.ToString() ?? ""), Plain(entry.Value)));
        }
        else
        {
            foreach (var property in InputObject.Properties)
            {
                if (!property.IsGettable) continue;
                object? value;
                try { value = property.Value; }
                catch (GetValueException) { value = null; }
                values.Add((ColumnOf(property.Name), Plain(value)));
            }
        }
        var row = new object?[_columns.Count];
        foreach (var (column, value) in values) row[column] = value;
        _rows.Add(row);
    }

    /// <summary>The piped rows as a neutral table (rows padded to the final column count).</summary>
    protected ReportTable CollectedTable()
    {
        var rows = _rows.Select(r => r.Length == _columns.Count ? r : r.Concat(new object?[_columns.Count - r.Length]).ToArray()).ToList();
        return new ReportTable(_columns.ToArray(), rows);
    }

    protected LearningCurveOptions Options(string worksheetName = "Results")
    {
        if (_rows.Count > 0 && !string.IsNullOrEmpty(Series) && !_columnIndex.ContainsKey(Series) && MyInvocation.BoundParameters.ContainsKey(nameof(Series)))
            WriteWarning($"The rows have no column '{Series}' for -Series; all rows form a single curve.");
        return new LearningCurveOptions
        {
            WorksheetName = worksheetName,
            X = X ?? "",
            Y = Y ?? "",
            Series = Series,
            Title = Title,
            LogX = LogX,
            LogY = LogY,
            LineSeries = LineSeries ?? Array.Empty<string>(),
            MarkerSeries = MarkerSeries ?? Array.Empty<string>(),
        };
    }

    /// <summary>
    /// After a successful write: emits the file for -PassThru and opens it for -Show. A machine without a viewer
    /// (a headless server, a CI runner) gets a warning rather than an error, since the file itself is written.
    /// </summary>
    protected void Finish(string full)
    {
        if (PassThru) WriteObject(new FileInfo(full));
        if (!Show) return;
        try
        {
            using var viewer = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(full) { UseShellExecute = true });
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            WriteWarning($"-Show could not open '{full}' ({ex.Message}); the file is written, open it with your spreadsheet or image viewer.");
        }
    }

    /// <summary>-Path resolved against the current PowerShell location (not the process's working folder).</summary>
    protected string ResolvedPath()
    {
        try { return SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path); }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException or PSInvalidOperationException)
        {
            throw new FeatureLearningException("FeatureLearning.InvalidPath", $"-Path '{Path}' is not a file-system path: {ex.Message}", ErrorKind.InvalidArgument, ex);
        }
    }

    private int ColumnOf(string name)
    {
        if (_columnIndex.TryGetValue(name, out int index)) return index;
        _columnIndex[name] = _columns.Count;
        _columns.Add(name);
        return _columns.Count - 1;
    }

    /// <summary>Numbers stay numbers, strings stay strings, booleans stay booleans; enums and anything else become text.</summary>
    private static object? Plain(object? value)
    {
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        return value switch
        {
            null => null,
            string or bool => value,
            Enum e => e.ToString(),
            char c => c.ToString(),
            _ when CellValue.TryNumber(value, out _) => value,
            _ => CellValue.Text(value),
        };
    }
}
