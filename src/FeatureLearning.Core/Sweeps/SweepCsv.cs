using System.Text;
using System.Text.Json;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// Writes rows stored as JSON to one CSV file without knowing the row type: a TrialId column, then one column per
/// field of the rows (union over all rows, in first-seen order). Nested objects (named diagnostics) are flattened to
/// their fields; a field name is capitalised as PowerShell shows it ("testError" becomes TestError) and prefixed with
/// its parent only where two parents hold the same name. Numbers are written as the JSON holds them (invariant,
/// round-trip), strings quoted, booleans True/False, nulls empty. Import-Csv and the report cmdlets read the file.
/// </summary>
public sealed class SweepCsv
{
    private readonly List<string> _paths = new();
    private readonly Dictionary<string, int> _column = new(StringComparer.Ordinal);
    // Rows of one shape (same fields, same order) map their leaves to columns the same way: cached per shape.
    private readonly Dictionary<ulong, int[]> _shapes = new();
    private readonly List<Leaf> _leaves = new();

    public int ColumnCount => _paths.Count;

    /// <summary>
    /// Declares columns before any row is seen ("field" or "parent.field", as the rows' JSON names them), so a column
    /// every row lacks still appears (a diagnostic of the plan that no learner of these rows reports, as the row
    /// objects show it), in the declared order.
    /// </summary>
    public void Declare(IEnumerable<string> paths)
    {
        foreach (var path in paths)
            if (_column.TryAdd(path, _paths.Count)) _paths.Add(path);
    }

    /// <summary>Adds the fields of a row to the columns (call it for every row before <see cref="Write"/>).</summary>
    public void Observe(ReadOnlySpan<byte> row) => MapShape(row);

    /// <summary>The header names: TrialId, then the fields.</summary>
    public IReadOnlyList<string> Headers()
    {
        var last = _paths.Select(p => p[(p.LastIndexOf('.') + 1)..]).ToList();
        var duplicated = last.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var headers = new List<string> { "TrialId" };
        for (int i = 0; i < _paths.Count; i++)
            headers.Add(duplicated.Contains(last[i]) ? string.Join('.', _paths[i].Split('.').Select(Capitalise)) : Capitalise(last[i]));
        return headers;
    }

    /// <summary>
    /// Writes the header and <paramref name="rows"/> to <paramref name="path"/> through a temporary file in the same
    /// folder that replaces the target only when complete (a stop or an error leaves the old file).
    /// </summary>
    public long Write(string path, IEnumerable<(int Trial, ReadOnlyMemory<byte> Row)> rows, Action<long>? progress = null, CancellationToken cancel = default)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".partial");
        long written = 0;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var line = new ArrayBufferWriterLite();
                line.Append(string.Join(',', Headers().Select(Quote)));
                line.Append('\n');
                stream.Write(line.Span);
                var cells = new (int Start, int Length, JsonTokenType Kind, bool Escaped)[_paths.Count];
                foreach (var (trial, row) in rows)
                {
                    line.Clear();
                    line.Append(trial);
                    var map = MapShape(row.Span);
                    Array.Clear(cells);
                    for (int i = 0; i < map.Length; i++)
                        cells[map[i]] = (_leaves[i].Start, _leaves[i].Length, _leaves[i].Kind, _leaves[i].Escaped);
                    foreach (var cell in cells)
                    {
                        line.Append(',');
                        AppendCell(line, row.Span, cell.Start, cell.Length, cell.Kind, cell.Escaped);
                    }
                    line.Append('\n');
                    stream.Write(line.Span);
                    if ((++written & 0x3FFF) == 0)
                    {
                        cancel.ThrowIfCancellationRequested();
                        progress?.Invoke(written);
                    }
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
            progress?.Invoke(written);
            return written;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void AppendCell(ArrayBufferWriterLite line, ReadOnlySpan<byte> row, int start, int length, JsonTokenType kind, bool escaped)
    {
        switch (kind)
        {
            case JsonTokenType.Number:
                line.Append(row.Slice(start, length));
                break;
            case JsonTokenType.String:
                var text = escaped ? Encoding.UTF8.GetBytes(JsonString(row.Slice(start, length))) : row.Slice(start, length).ToArray();
                line.AppendQuoted(text);
                break;
            case JsonTokenType.True:
                line.Append("True");
                break;
            case JsonTokenType.False:
                line.Append("False");
                break;
            case JsonTokenType.StartArray:
                line.AppendQuoted(row.Slice(start, length));
                break;
        }
    }

    private static string JsonString(ReadOnlySpan<byte> quotedContent)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("\"" + Encoding.UTF8.GetString(quotedContent) + "\""));
        reader.Read();
        return reader.GetString() ?? "";
    }

    /// <summary>Walks a row's leaves into <see cref="_leaves"/> and returns leaf i's column; new fields become new columns.</summary>
    private int[] MapShape(ReadOnlySpan<byte> row)
    {
        _leaves.Clear();
        var reader = new Utf8JsonReader(row);
        ulong shape = 14695981039346656037UL;
        var names = new List<(int Depth, int Start, int Length)>();
        int depth = 0;
        int nameStart = 0, nameLength = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    depth++;
                    shape = Mix(shape, (byte)'{');
                    if (depth > 1) names.Add((depth - 1, nameStart, nameLength));
                    break;
                case JsonTokenType.EndObject:
                    depth--;
                    shape = Mix(shape, (byte)'}');
                    if (names.Count > 0 && names[^1].Depth == depth) names.RemoveAt(names.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    nameStart = (int)reader.TokenStartIndex + 1;
                    nameLength = reader.HasValueSequence ? 0 : reader.ValueSpan.Length;
                    foreach (byte b in reader.ValueSpan) shape = Mix(shape, b);
                    shape = Mix(shape, (byte)':');
                    break;
                default:
                    int start = (int)reader.TokenStartIndex, length;
                    var kind = reader.TokenType;
                    bool escaped = reader.ValueIsEscaped;
                    if (kind == JsonTokenType.StartArray)
                    {
                        reader.Skip();
                        length = (int)reader.BytesConsumed - start;
                    }
                    else if (kind == JsonTokenType.String)
                    {
                        start += 1;
                        length = reader.ValueSpan.Length;
                    }
                    else length = reader.ValueSpan.Length;
                    _leaves.Add(new Leaf(start, length, kind, escaped, nameStart, nameLength, names.Count == 0 ? null : names.ToArray()));
                    break;
            }
        }
        if (_shapes.TryGetValue(shape, out var known) && known.Length == _leaves.Count) return known;

        // A new shape: name its leaves (parent.child) and add the fields not seen before.
        var map = new int[_leaves.Count];
        for (int i = 0; i < _leaves.Count; i++)
        {
            var leaf = _leaves[i];
            var parts = new List<string>();
            foreach (var parent in leaf.Parents ?? []) parts.Add(Name(row, parent));
            parts.Add(Name(row, (0, leaf.NameStart, leaf.NameLength)));
            var full = string.Join('.', parts);
            if (!_column.TryGetValue(full, out int column))
            {
                column = _paths.Count;
                _paths.Add(full);
                _column[full] = column;
            }
            map[i] = column;
        }
        _shapes[shape] = map;
        return map;
    }

    private static string Name(ReadOnlySpan<byte> row, (int Depth, int Start, int Length) name) =>
        JsonString(row.Slice(name.Start, name.Length));

    private static ulong Mix(ulong hash, byte value) => (hash ^ value) * 1099511628211UL;

    private static string Capitalise(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";

    private readonly record struct Leaf(int Start, int Length, JsonTokenType Kind, bool Escaped, int NameStart, int NameLength, (int Depth, int Start, int Length)[]? Parents);

    /// <summary>A growable byte line.</summary>
    private sealed class ArrayBufferWriterLite
    {
        private byte[] _bytes = new byte[1024];
        private int _count;

        public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _count);

        public void Clear() => _count = 0;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_bytes.AsSpan(_count));
            _count += bytes.Length;
        }

        public void Append(char c) => Append(stackalloc byte[] { (byte)c });

        public void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

        public void Append(int value)
        {
            Ensure(11);
            value.TryFormat(_bytes.AsSpan(_count), out int n, default, System.Globalization.CultureInfo.InvariantCulture);
            _count += n;
        }

        public void AppendQuoted(ReadOnlySpan<byte> text)
        {
            Append('"');
            foreach (byte b in text)
            {
                if (b == (byte)'"') Append('"');
                Ensure(1);
                _bytes[_count++] = b;
            }
            Append('"');
        }

        private void Ensure(int more)
        {
            if (_count + more > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _count + more));
        }
    }
}
