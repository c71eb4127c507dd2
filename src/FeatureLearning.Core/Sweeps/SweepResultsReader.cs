using System.Text.Json;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// One line of a results file: the trial, where its row's JSON sits in the file (offset and length; 0 for an error
/// line) or the trial's error.
/// </summary>
public readonly record struct SweepResultEntry(int Trial, long RowOffset, int RowLength, TrialError? Error);

/// <summary>
/// Streams the lines of a results file through one buffer, so a file of any size is read in bounded memory. Complete
/// lines that are not valid results are counted in <see cref="CorruptLines"/> and skipped; an unfinished last line (a
/// writer still at work, or killed mid-write) is ignored.
/// </summary>
public sealed class SweepResultsReader : IDisposable
{
    private readonly FileStream _stream;
    private byte[] _buffer;
    private int _start, _end;
    private long _bufferOffset;
    private bool _endOfFile;
    private int _rowStart, _rowLength;

    private SweepResultsReader(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
        // Small files (one array task's) get a small buffer; a long line grows it.
        _buffer = new byte[(int)Math.Clamp(stream.Length - stream.Position + 1, 4096, 1 << 18)];
    }

    public string Path { get; }

    public SweepResultsHeader Header { get; private set; } = null!;

    public int CorruptLines { get; private set; }

    /// <summary>Bytes of the file consumed so far (for progress).</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>
    /// Opens a results file again to read what was appended after <paramref name="offset"/> (a <see cref="Position"/>
    /// reached before, so the end of a complete line) under the header read then; null if the file is gone.
    /// </summary>
    public static SweepResultsReader? Continue(string path, SweepResultsHeader header, long offset)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        if (stream.Length < offset)
        {
            stream.Dispose();
            throw new FeatureLearningException("FeatureLearning.InvalidSweepResults",
                $"'{path}' became shorter than the part already read; read the results again.", ErrorKind.InvalidData);
        }
        stream.Seek(offset, SeekOrigin.Begin);
        return new SweepResultsReader(path, stream) { Header = header, _bufferOffset = offset };
    }

    /// <summary>Opens a results file and reads its header; null when the file is missing or holds no complete line.</summary>
    public static SweepResultsReader? Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        var reader = new SweepResultsReader(path, stream);
        try
        {
            if (!reader.NextLine(out int start, out int length, out _)) { reader.Dispose(); return null; }
            reader.Header = ParseHeader(reader._buffer.AsSpan(start, length), path);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    internal static SweepResultsHeader ParseHeader(ReadOnlySpan<byte> line, string path)
    {
        SweepResultsHeader? header = null;
        try { header = JsonSerializer.Deserialize<SweepResultsHeader>(line, SweepResults.HeaderOptions); }
        catch (JsonException) { }
        if (header?.Format != SweepResults.FormatName)
            throw new FeatureLearningException("FeatureLearning.InvalidSweepResults",
                $"'{path}' is not a sweep results file (its first line is not a {SweepResults.FormatName} header); give another -ResultsPath.", ErrorKind.InvalidData);
        if (header.Version is < 1 or > SweepResults.CurrentVersion)
            throw new FeatureLearningException("FeatureLearning.UnsupportedSweepResultsVersion",
                $"'{path}' holds version {header.Version} sweep results but this build reads versions 1 to {SweepResults.CurrentVersion}; update the module.", ErrorKind.InvalidData);
        return header;
    }

    /// <summary>The next valid result line; false at the end of the complete lines.</summary>
    public bool Next(out SweepResultEntry entry)
    {
        while (NextLine(out int start, out int length, out long offset))
        {
            if (length == 0 || IsBlank(_buffer.AsSpan(start, length))) continue;
            if (TryParse(_buffer.AsSpan(start, length), out int trial, out int rowStart, out int rowLength, out var error))
            {
                _rowStart = start + rowStart;
                _rowLength = rowLength;
                entry = new SweepResultEntry(trial, error is null ? offset + rowStart : 0, error is null ? rowLength : 0, error);
                return true;
            }
            CorruptLines++;
        }
        entry = default;
        return false;
    }

    /// <summary>The row JSON of the entry <see cref="Next"/> returned last; valid until the next call.</summary>
    public ReadOnlySpan<byte> RowBytes(in SweepResultEntry entry) =>
        entry.Error is null ? _buffer.AsSpan(_rowStart, _rowLength) : ReadOnlySpan<byte>.Empty;

    /// <summary>{"trial":3,"row":{...}} or {"trial":3,"error":{...}}, in any key order; anything else is not a result.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> line, out int trial, out int rowStart, out int rowLength, out TrialError? error)
    {
        trial = -1;
        rowStart = -1;
        rowLength = 0;
        error = null;
        try
        {
            var json = new Utf8JsonReader(line);
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject) return false;
            bool hasTrial = false;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                if (json.ValueTextEquals("trial"u8))
                {
                    if (!json.Read() || !json.TryGetInt32(out trial) || trial < 0) return false;
                    hasTrial = true;
                }
                else if (json.ValueTextEquals("row"u8))
                {
                    if (!json.Read() || json.TokenType != JsonTokenType.StartObject) return false;
                    rowStart = (int)json.TokenStartIndex;
                    json.Skip();
                    rowLength = (int)json.BytesConsumed - rowStart;
                }
                else if (json.ValueTextEquals("error"u8))
                {
                    if (!json.Read()) return false;
                    error = JsonSerializer.Deserialize<TrialError>(ref json, SweepResults.HeaderOptions);
                    if (error is null) return false;
                }
                else
                {
                    json.Read();
                    json.Skip();
                }
            }
            if (json.TokenType != JsonTokenType.EndObject || json.Read()) return false;
            if (rowStart >= 0) error = null;
            return hasTrial && (rowStart >= 0 || error is not null);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    /// <summary>The next complete line (without its newline) as a slice of the buffer; false when only an unfinished line or nothing is left.</summary>
    private bool NextLine(out int start, out int length, out long offset)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                start = _start;
                length = newline;
                offset = _bufferOffset + _start;
                _start += newline + 1;
                return true;
            }
            if (_endOfFile)
            {
                start = length = 0;
                offset = 0;
                return false;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _bufferOffset += _start;
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _endOfFile = true;
            _end += read;
        }
    }

    public void Dispose() => _stream.Dispose();
}
