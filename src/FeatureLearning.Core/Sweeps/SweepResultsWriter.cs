namespace FeatureLearning.Core.Sweeps;

/// <summary>
/// Appends outcomes to a results file, one complete line per write, flushed to disk. While open it holds
/// <c>FILE.lock</c> exclusively (an OS lock the system releases when the process dies, on Linux, macOS and Windows),
/// so a second writer, in this process or another, is refused instead of interleaving or overwriting rows; readers are
/// not blocked. The lock file holds no data and is removed when the writer closes (one left by a killed process is
/// harmless: the next writer takes it and removes it).
/// </summary>
public sealed class SweepResultsWriter : IDisposable
{
    private readonly FileStream _lock;
    private readonly FileStream _stream;

    /// <summary>
    /// Opens <paramref name="path"/> for appending. An existing file is continued only with <paramref name="resume"/>,
    /// and only when its header names <paramref name="planIdentity"/> (a null identity checks nothing); its results
    /// are then in <see cref="Existing"/>.
    /// </summary>
    public SweepResultsWriter(string path, string? planIdentity = null, bool resume = true)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _lock = AcquireLock(Path);
        try
        {
            _stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            long end = CompleteLength(_stream);
            if (end > 0)
            {
                if (!resume)
                    throw new FeatureLearningException("FeatureLearning.SweepResultsExist",
                        $"'{Path}' already holds results; pass -Resume to continue it, or choose another -ResultsPath.", ErrorKind.InvalidOperation);
                Existing = SweepResults.Read(Path);
                CheckPlan(Existing.Header!, planIdentity);
            }
            // Cut an unfinished last line left by a run that was killed mid-write.
            if (_stream.Length != end) _stream.SetLength(end);
            _stream.Seek(end, SeekOrigin.Begin);
            if (end == 0) WriteBytes(SweepResults.HeaderLine(planIdentity));
        }
        catch
        {
            _stream?.Dispose();
            _lock.Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>What the file held when it was opened (empty for a new file).</summary>
    public SweepResults Existing { get; private set; } = new();

    public void Write(TrialOutcome outcome) => WriteBytes(SweepResults.Line(outcome));

    private void WriteBytes(byte[] line)
    {
        _stream.Write(line);
        _stream.Flush(flushToDisk: true);
    }

    private void CheckPlan(SweepResultsHeader header, string? planIdentity)
    {
        if (planIdentity is null || header.Plan == planIdentity) return;
        if (header.Plan is null)
            throw new FeatureLearningException("FeatureLearning.SweepResultsMismatch",
                $"'{Path}' was written by an older FeatureLearning (results version {header.Version}) that did not record which plan its rows " +
                "belong to, so they cannot be checked against this plan; give a new -ResultsPath (the old rows stay readable there).", ErrorKind.InvalidData);
        throw new FeatureLearningException("FeatureLearning.SweepResultsMismatch",
            $"'{Path}' holds results of another plan (plan {Short(header.Plan)}; this plan is {Short(planIdentity)}): the task, a learner's " +
            "settings, the trial list or the test samples differ. Give a new -ResultsPath for this plan, or resume with the plan that wrote the file.",
            ErrorKind.InvalidData);
    }

    internal static string Short(string identity) => identity.Length > 19 ? identity[..19] : identity;

    private static FileStream AcquireLock(string path)
    {
        string lockPath = path + ".lock";
        try
        {
            // DeleteOnClose removes it when the writer is done (.NET checks, on Unix, that the locked file is still the
            // one at the path, so a writer never holds a lock file another has just unlinked).
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
        {
            throw new FeatureLearningException("FeatureLearning.SweepResultsInUse",
                $"Another sweep is writing '{path}' (it holds '{lockPath}'). Wait until it has finished and then resume, or give another " +
                "-ResultsPath; two writers on one results file would lose rows.", ErrorKind.ResourceUnavailable, ex);
        }
    }

    /// <summary>Length of the file up to and including its last newline, found by reading backwards from the end.</summary>
    private static long CompleteLength(FileStream stream)
    {
        var block = new byte[64 * 1024];
        long position = stream.Length;
        while (position > 0)
        {
            int count = (int)Math.Min(block.Length, position);
            position -= count;
            stream.Seek(position, SeekOrigin.Begin);
            stream.ReadExactly(block, 0, count);
            int newline = block.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (newline >= 0) return position + newline + 1;
        }
        return 0;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _lock.Dispose();
    }
}
