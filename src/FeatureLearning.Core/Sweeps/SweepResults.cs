using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureLearning.Core.Learning;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// A sweep results file: JSON lines. A header {"format":"FeatureLearning.SweepResults","version":2,"plan":"sha256:..."}
/// names the plan the rows belong to (<see cref="SweepPlanIdentity"/>); then one line per finished trial,
/// {"trial":3,"row":{...}} or {"trial":3,"error":{"id":...,"message":...}}. Each line is written with one write and
/// flushed, so a run stopped at any point leaves every complete line valid; an unfinished last line is ignored on
/// reading and cut on resuming. A row is kept as the JSON its trial wrote: only <see cref="ParseRow"/> knows its type.
/// </summary>
public sealed class SweepResults
{
    public const string FormatName = "FeatureLearning.SweepResults";

    /// <summary>2: the header names the plan's identity. 1 (read, never resumed): no identity.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The header of the file that was read (null for a missing or empty file).</summary>
    public SweepResultsHeader? Header { get; private set; }

    /// <summary>Rows as JSON by trial id (the first row wins if a trial was run twice; reruns give the same numbers).</summary>
    public Dictionary<int, string> Rows { get; } = new();

    /// <summary>Errors of trials that have no row.</summary>
    public Dictionary<int, TrialError> Errors { get; } = new();

    /// <summary>Complete lines that were not valid results (skipped).</summary>
    public int CorruptLines { get; private set; }

    /// <summary>Reads a small results file whole (one Invoke-Sweep run or one array task); a missing or empty file gives no results.</summary>
    public static SweepResults Read(string path)
    {
        var results = new SweepResults();
        using var reader = SweepResultsReader.Open(path);
        if (reader is null) return results;
        results.Header = reader.Header;
        while (reader.Next(out var entry))
        {
            if (entry.Error is null)
            {
                results.Rows.TryAdd(entry.Trial, Encoding.UTF8.GetString(reader.RowBytes(entry)));
                results.Errors.Remove(entry.Trial);
            }
            else if (!results.Rows.ContainsKey(entry.Trial))
                results.Errors[entry.Trial] = entry.Error;
        }
        results.CorruptLines = reader.CorruptLines;
        return results;
    }

    /// <summary>
    /// The one place that turns a stored row back into the row type; everything else moves rows as JSON.
    /// </summary>
    public static ResultRow ParseRow(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ResultRow>(json, SweepJson.Compact)
        ?? throw new FeatureLearningException("FeatureLearning.InvalidSweepResults", "A results line holds an empty row.", ErrorKind.InvalidData);

    public static ResultRow ParseRow(string json) => ParseRow(Encoding.UTF8.GetBytes(json));

    internal static byte[] HeaderLine(string? planIdentity) =>
        [.. JsonSerializer.SerializeToUtf8Bytes(new SweepResultsHeader(FormatName, CurrentVersion, planIdentity), HeaderOptions), (byte)'\n'];

    /// <summary>One complete line (with its newline) for an outcome; the row is serialized as whatever type the trial returned.</summary>
    internal static byte[] Line(TrialOutcome outcome)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("trial", outcome.Trial.Id);
            if (outcome.Row is { } row)
            {
                json.WritePropertyName("row");
                JsonSerializer.Serialize(json, row, row.GetType(), SweepJson.Compact);
            }
            else
            {
                json.WritePropertyName("error");
                JsonSerializer.Serialize(json, outcome.Error ?? new TrialError("FeatureLearning.SweepTrialFailed", "The trial failed."), SweepJson.Compact);
            }
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    internal static readonly JsonSerializerOptions HeaderOptions = new(SweepJson.Compact)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The first line of a results file: which format, which version, which plan (null in version 1).</summary>
public sealed record SweepResultsHeader(string Format, int Version, string? Plan);
