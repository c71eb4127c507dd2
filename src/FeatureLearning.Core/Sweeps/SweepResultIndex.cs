using Microsoft.Win32.SafeHandles;

namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// Where the row of each trial sits among many results files (file, offset, length: 16 bytes a trial), built by
/// streaming each file once, so collecting a million rows never holds them in memory. Rows are then read back in
/// trial order through a read-ahead window. Errors are kept (they are few); a trial with a row anywhere has no error.
/// </summary>
public sealed class SweepResultIndex : IDisposable
{
    private readonly int[] _file;
    private readonly long[] _offset;
    private readonly int[] _length;
    private readonly List<string> _files = new();
    private readonly Dictionary<int, List<(int File, TrialError Error)>> _errors = new();
    private readonly HashSet<int> _stale = new();
    private readonly HandleCache _handles = new();

    /// <summary>An index for trial ids 0 to <paramref name="maxTrialId"/>; rows of other ids are ignored (counted as corrupt).</summary>
    public SweepResultIndex(int maxTrialId)
    {
        _file = new int[maxTrialId + 1];
        Array.Fill(_file, -1);
        _offset = new long[maxTrialId + 1];
        _length = new int[maxTrialId + 1];
    }

    public int RowCount { get; private set; }

    public int CorruptLines { get; private set; }

    /// <summary>Trials whose only rows came from another plan and do not hold for this one.</summary>
    public IReadOnlyCollection<int> StaleTrials => _stale;

    /// <summary>Lines read so far (rows, errors, stale and corrupt lines).</summary>
    public long LinesRead { get; private set; }

    public IReadOnlyList<string> Files => _files;

    /// <summary>
    /// Indexes one results file (a missing or empty file adds nothing) and returns its number. A file added before is
    /// read on from where the last call stopped (results files only grow by whole lines), so polling a running sweep
    /// costs what was appended. <paramref name="accept"/> maps the file's plan identity to the trials whose rows hold
    /// for the current plan (null: all of them); <paramref name="onRow"/> sees each accepted row's JSON (e.g. to
    /// collect CSV columns).
    /// </summary>
    public int Add(string path, Func<string?, Func<int, bool>?> accept, RowVisitor? onRow = null, CancellationToken cancel = default)
    {
        if (!_read.TryGetValue(path, out var known))
        {
            known = new FileState(_files.Count, null, 0, null);
            _files.Add(path);
        }
        int number = known.Number;
        using var reader = known.Header is null ? SweepResultsReader.Open(path) : SweepResultsReader.Continue(path, known.Header, known.Consumed);
        if (reader is null)
        {
            _read[path] = known;
            return number;
        }
        var holds = known.Header is null ? accept(reader.Header.Plan) : known.Holds;
        int lines = 0;
        while (reader.Next(out var entry))
        {
            if ((++lines & 0xFFF) == 0) cancel.ThrowIfCancellationRequested();
            if (entry.Trial >= _file.Length)
            {
                CorruptLines++;
                continue;
            }
            if (entry.Error is not null)
            {
                if (!_errors.TryGetValue(entry.Trial, out var list)) _errors[entry.Trial] = list = new();
                list.Add((number, entry.Error));
                continue;
            }
            if (holds is not null && !holds(entry.Trial))
            {
                if (_file[entry.Trial] < 0) _stale.Add(entry.Trial);
                continue;
            }
            if (_file[entry.Trial] >= 0) continue;
            _file[entry.Trial] = number;
            _offset[entry.Trial] = entry.RowOffset;
            _length[entry.Trial] = entry.RowLength;
            _stale.Remove(entry.Trial);
            RowCount++;
            onRow?.Invoke(reader.RowBytes(entry));
        }
        LinesRead += lines + reader.CorruptLines;
        CorruptLines += reader.CorruptLines;
        _read[path] = new FileState(number, reader.Header, reader.Position, holds);
        return number;
    }

    /// <summary>What was read of a file: its number, header, the end of its last complete line, which rows hold.</summary>
    private sealed record FileState(int Number, SweepResultsHeader? Header, long Consumed, Func<int, bool>? Holds);

    private readonly Dictionary<string, FileState> _read = new(StringComparer.Ordinal);

    /// <summary>The plan identity this index judged rows against (an index is reused only for the same plan).</summary>
    public string? PlanIdentity { get; init; }

    public int Capacity => _file.Length;

    public delegate void RowVisitor(ReadOnlySpan<byte> row);

    public bool HasRow(int trial) => trial >= 0 && trial < _file.Length && _file[trial] >= 0;

    /// <summary>The error a trial got in file <paramref name="file"/> (the file of the task that ran it last), if it has no row.</summary>
    public TrialError? ErrorIn(int trial, int file)
    {
        if (HasRow(trial) || !_errors.TryGetValue(trial, out var list)) return null;
        for (int i = list.Count - 1; i >= 0; i--)
            if (list[i].File == file) return list[i].Error;
        return null;
    }

    /// <summary>The last error recorded for a trial without a row, whatever file it is in.</summary>
    public TrialError? LastError(int trial) =>
        !HasRow(trial) && _errors.TryGetValue(trial, out var list) ? list[^1].Error : null;

    /// <summary>
    /// The rows of <paramref name="trials"/> (ascending ids) that have one, as JSON; each memory is valid until the
    /// next item. Consecutive rows of one file come from one read-ahead window.
    /// </summary>
    public IEnumerable<(int Trial, ReadOnlyMemory<byte> Row)> Rows(IEnumerable<int> trials, CancellationToken cancel = default)
    {
        var window = new byte[1 << 18];
        int windowFile = -1, windowLength = 0, count = 0;
        long windowStart = 0;
        foreach (int trial in trials)
        {
            if (!HasRow(trial)) continue;
            if ((++count & 0xFFF) == 0) cancel.ThrowIfCancellationRequested();
            int file = _file[trial], length = _length[trial];
            long offset = _offset[trial];
            if (file != windowFile || offset < windowStart || offset + length > windowStart + windowLength)
            {
                if (window.Length < length) window = new byte[length];
                var handle = _handles.Get(_files[file]);
                windowLength = RandomAccess.Read(handle, window, offset);
                windowStart = offset;
                windowFile = file;
                if (windowLength < length)
                    throw new FeatureLearningException("FeatureLearning.InvalidSweepResults",
                        $"'{_files[file]}' was shortened while it was being read (trial {trial}); read the results again.", ErrorKind.InvalidData);
            }
            yield return (trial, new ReadOnlyMemory<byte>(window, (int)(offset - windowStart), length));
        }
    }

    public void Dispose() => _handles.Dispose();

    /// <summary>A few open files (rows of neighbouring trials usually share one), closed oldest first.</summary>
    private sealed class HandleCache : IDisposable
    {
        private const int Capacity = 16;
        private readonly LinkedList<(string Path, SafeFileHandle Handle)> _open = new();

        public SafeFileHandle Get(string path)
        {
            for (var node = _open.First; node is not null; node = node.Next)
                if (node.Value.Path == path)
                {
                    _open.Remove(node);
                    _open.AddFirst(node);
                    return node.Value.Handle;
                }
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _open.AddFirst((path, handle));
            if (_open.Count > Capacity)
            {
                _open.Last!.Value.Handle.Dispose();
                _open.RemoveLast();
            }
            return handle;
        }

        public void Dispose()
        {
            foreach (var (_, handle) in _open) handle.Dispose();
            _open.Clear();
        }
    }
}
