using System.Diagnostics;

namespace FeatureLearning.Core.IO;

/// <summary>
/// An exclusive lock on a file's name, across processes and machines that share the folder (Linux, macOS and
/// Windows): a hidden lock file beside the target (".name.ext.lock") held open with FileShare.None, which .NET
/// maps to flock(LOCK_EX) on Unix and to a sharing lock on Windows; NFS carries flock as a POSIX lock. Writers that
/// read, change and replace the target (-Append) take it around the whole read-modify-write, so two of them take
/// turns instead of one losing the other's rows. The lock file is removed on release, race-free: on Windows by
/// DeleteOnClose (no one else can hold it open meanwhile); on Unix the holder unlinks it before closing, and a
/// waiter that then wins the lock on the unlinked file notices (the path's time stamp is not the one it just set
/// through its handle) and tries again. A lock file left by a killed process holds nothing and is reused.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(string path, FileStream stream)
    {
        LockPath = path;
        _stream = stream;
    }

    public string LockPath { get; }

    /// <summary>The lock file of a target: hidden, beside it.</summary>
    public static string LockPathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, "." + Path.GetFileName(fullPath) + ".lock");

    /// <summary>
    /// Takes the lock of <paramref name="fullPath"/>, retrying every 50 ms while another process holds it. Calls
    /// <paramref name="waiting"/> once when it has to wait; a clear error after <paramref name="timeout"/>;
    /// stops on <paramref name="cancel"/> (Ctrl+C while waiting).
    /// </summary>
    public static FileLock Acquire(string fullPath, TimeSpan timeout, Action<string>? waiting = null, CancellationToken cancel = default)
    {
        string path = LockPathFor(fullPath);
        var clock = Stopwatch.StartNew();
        bool told = false;
        var random = new System.Random();
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            FileStream? stream = null;
            try
            {
                stream = OperatingSystem.IsWindows()
                    ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose)
                    : new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
                if (OperatingSystem.IsWindows() || StillNamedBy(stream, path, random))
                {
                    if (OperatingSystem.IsWindows()) File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.Hidden);
                    return new FileLock(path, stream);
                }
                stream.Dispose();   // won the lock on a file its previous holder had already unlinked: try again at once
                continue;
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException)
            {
                stream?.Dispose();
                if (clock.Elapsed >= timeout)
                    throw new FeatureLearningException("FeatureLearning.FileLocked",
                        $"Another process has been writing '{fullPath}' for {timeout.TotalSeconds:0} s (it holds the lock file '{path}'). " +
                        "Wait for it to finish and try again; if no export is running, the lock file is left from a crash and can be deleted.",
                        ErrorKind.ResourceUnavailable, ex);
            }
            catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows() && File.Exists(path) && clock.Elapsed < timeout)
            {
                // A lock file being deleted by its previous holder cannot be opened for a moment.
            }
            if (!told)
            {
                told = true;
                waiting?.Invoke($"Waiting for another process that is writing '{fullPath}' (lock file '{path}').");
            }
            cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Unix: stamps the locked file through its handle and checks that the path still leads to it.</summary>
    private static bool StillNamedBy(FileStream stream, string path, System.Random random)
    {
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 3650) / 10 * 10);
        File.SetLastWriteTimeUtc(stream.SafeFileHandle, stamp);
        var written = File.GetLastWriteTimeUtc(stream.SafeFileHandle);   // as the file system stores it (its precision)
        return File.Exists(path) && File.GetLastWriteTimeUtc(path) == written;
    }

    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            try { File.Delete(LockPath); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        _stream.Dispose();
    }
}
