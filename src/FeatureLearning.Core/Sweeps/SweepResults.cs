using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// A sweep results file: JSON lines, a header line, then one line per finished trial, {"trial":3,"row":{...}} or
/// {"trial":3,"error":{"id":...,"message":...}}. Lines are appended and flushed one at a time, so a run stopped at any
/// point leaves every complete line valid; an unfinished last line is ignored on reading and cut on resuming.
/// </summary>
public sealed class SweepResults
{
    public const string FormatName = "FeatureLearning.SweepResults";
    /// <summary>Version 2: rows carry Settings, NullError and diagnostics.</summary>
    public const int CurrentVersion = 2;

    /// <summary>Rows by trial id (the last row wins if a trial was run twice).</summary>
    public Dictionary<int, ResultRow> Rows { get; } = new();

    /// <summary>Errors of trials that have no row.</summary>
    public Dictionary<int, TrialError> Errors { get; } = new();

    internal sealed record Header(string Format, int Version);

    internal sealed record Line(int Trial, ResultRow? Row, TrialError? Error);

    public static bool IsHeader(string line)
    {
        try
        {
            var header = JsonSerializer.Deserialize<Header>(line, Lenient);
            return header?.Format == FormatName;
        }
        catch (JsonException) { return false; }
    }

    private static readonly JsonSerializerOptions Lenient = new(SweepJson.Compact) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <summary>Reads a results file; an empty or missing file gives no results.</summary>
    public static SweepResults Read(string path)
    {
        var results = new SweepResults();
        if (!File.Exists(path)) return results;
        results.Add(path);
        return results;
    }

    /// <summary>Adds the lines of another results file (Slurm array tasks write one each).</summary>
    public void Add(string path)
    {
        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            text = reader.ReadToEnd();
        if (text.Length == 0) return;
        var lines = text.Split('\n');
        // The last element is "" after a final newline, or an unfinished line of a run that was stopped mid-write.
        int complete = lines.Length - 1;
        if (complete == 0 || !IsHeader(lines[0]))
            throw new FeatureLearningException("FeatureLearning.InvalidSweepResults",
                $"'{path}' is not a sweep results file (its first line is not a {FormatName} header); give another -ResultsPath.", ErrorKind.InvalidData);
        var header = JsonSerializer.Deserialize<Header>(lines[0], Lenient)!;
        if (header.Version != CurrentVersion)
            throw new FeatureLearningException("FeatureLearning.UnsupportedSweepResultsVersion",
                $"'{path}' holds version {header.Version} sweep results but this build reads version {CurrentVersion}.", ErrorKind.InvalidData);
        for (int i = 1; i < complete; i++)
        {
            if (lines[i].Length == 0) continue;
            Line? line;
            try { line = JsonSerializer.Deserialize<Line>(lines[i], SweepJson.Compact); }
            catch (JsonException ex)
            {
                throw new FeatureLearningException("FeatureLearning.InvalidSweepResults",
                    $"Line {i + 1} of '{path}' is not a valid result ({ex.Message}); remove that line to keep the others.", ErrorKind.InvalidData, ex);
            }
            if (line is null) continue;
            if (line.Row is not null)
            {
                Rows[line.Trial] = line.Row;
                Errors.Remove(line.Trial);
            }
            else if (line.Error is not null && !Rows.ContainsKey(line.Trial))
                Errors[line.Trial] = line.Error;
        }
    }

    /// <summary>Throws when a stored row does not belong to the plan's trial of that id (a results file of another plan).</summary>
    public void CheckAgainst(SweepPlan plan, string path)
    {
        foreach (var (id, row) in Rows)
        {
            var trial = plan.Trial(id);
            var learner = plan.Learners[trial.Learner];
            if (row.Learner != learner.Name.ToString() || row.Settings != learner.Describe() || row.N != trial.N || row.Seed != trial.Seed)
                throw new FeatureLearningException("FeatureLearning.SweepResultsMismatch",
                    $"'{path}' holds a row for trial {id} of {row.Learner} n={row.N} seed={row.Seed}, but the plan's trial {id} is {plan.Describe(trial)}: " +
                    "the file belongs to another plan; give another -ResultsPath.", ErrorKind.InvalidData);
        }
    }

    internal static string Serialize(TrialOutcome outcome) =>
        JsonSerializer.Serialize(new Line(outcome.Trial.Id, outcome.Row, outcome.Row is null ? outcome.Error : null), SweepJson.Compact);

    internal static string HeaderLine() => JsonSerializer.Serialize(new Header(FormatName, CurrentVersion), SweepJson.Compact);
}

/// <summary>Appends outcomes to a results file, one flushed line each; holds the file so two runs cannot interleave.</summary>
public sealed class SweepResultsWriter : IDisposable
{
    private readonly FileStream _stream;

    public SweepResultsWriter(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        try
        {
            _stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (IOException ex)
        {
            throw new FeatureLearningException("FeatureLearning.SweepResultsInUse",
                $"Cannot open '{Path}' for writing ({ex.Message}); is another Invoke-Sweep writing it?", ErrorKind.ResourceUnavailable, ex);
        }
        if (_stream.Length == 0)
        {
            WriteLine(SweepResults.HeaderLine());
            return;
        }
        // Cut an unfinished last line left by a run that was killed mid-write.
        var bytes = new byte[_stream.Length];
        _stream.ReadExactly(bytes);
        int end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        _stream.SetLength(end);
        _stream.Seek(end, SeekOrigin.Begin);
        if (end == 0) WriteLine(SweepResults.HeaderLine());
    }

    public string Path { get; }

    public void Write(TrialOutcome outcome) => WriteLine(SweepResults.Serialize(outcome));

    private void WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        _stream.Write(bytes);
        _stream.Flush(flushToDisk: true);
    }

    public void Dispose() => _stream.Dispose();
}
