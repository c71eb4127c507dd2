using System.Text.RegularExpressions;

namespace FeatureLearning.Core.IO;

/// <summary>How a write to a file goes: how long to wait for another writer, and whom to tell about it.</summary>
public sealed class FileWriteSettings
{
    public static readonly FileWriteSettings Default = new();

    /// <summary>How long to wait for another process that holds the target's lock before failing.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Told (once) when the write has to wait for another process; for -Verbose.</summary>
    public Action<string>? Waiting { get; init; }

    /// <summary>Told about housekeeping (temporary files of interrupted writes removed); for -Verbose.</summary>
    public Action<string>? Note { get; init; }
}

/// <summary>
/// Writes a file under a temporary name in the target's folder and moves it over the target only when complete,
/// holding the target's <see cref="FileLock"/> from before it reads the target (to append) until the move; so
/// an error or Ctrl+C never leaves a half-written file (and never destroys the previous one), and two writers at
/// once take turns. Temporary files of this target left by a killed process are removed on the next write.
/// The replaced file's permissions carry over to the new one (a read-only file stays read-only).
/// </summary>
public static class AtomicFile
{
    /// <param name="write">Fills the temporary file. It receives the temporary path and whether the target existed;
    /// the temporary file does not exist yet unless <paramref name="seedWithTarget"/> and the target exists.</param>
    /// <param name="seedWithTarget">Copy the existing target to the temporary file first (to change it).</param>
    public static void Write(string path, Action<string, bool> write, bool seedWithTarget = false, CancellationToken cancel = default,
        FileWriteSettings? settings = null)
    {
        settings ??= FileWriteSettings.Default;
        string full = CheckedPath(path);
        string? temporary = null;
        try
        {
            using var held = FileLock.Acquire(full, settings.LockTimeout, settings.Waiting, cancel);
            foreach (string stale in StaleTemporaries(full))
            {
                File.Delete(stale);
                settings.Note?.Invoke($"Removed '{stale}', left by an interrupted write.");
            }
            temporary = TemporaryPathFor(full);
            bool existed = File.Exists(full);
            if (seedWithTarget && existed) File.Copy(full, temporary);
            write(temporary, existed);
            cancel.ThrowIfCancellationRequested();
            Replace(temporary, full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FeatureLearningException("FeatureLearning.WriteFailed",
                $"Could not write '{full}': {ex.Message} Close the file if another program (Excel) has it open, or choose a writable folder.",
                ErrorKind.ResourceUnavailable, ex);
        }
        catch (ArgumentOutOfRangeException ex) when (ex.TargetSite?.DeclaringType?.Namespace == "System.IO")
        {
            // .NET reports EFBIG (the file system's or the process's file-size limit, ulimit -f) this way.
            throw new FeatureLearningException("FeatureLearning.WriteFailed",
                $"Could not write '{full}': {ex.Message} The file system or the process's file-size limit (ulimit -f) refused the size; the old file is kept.",
                ErrorKind.ResourceUnavailable, ex);
        }
        finally
        {
            try { if (temporary is not null && File.Exists(temporary)) File.Delete(temporary); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Moves the finished temporary file over the target, keeping the target's permissions (read-only included).</summary>
    private static void Replace(string temporary, string full)
    {
        if (!File.Exists(full)) { File.Move(temporary, full); return; }
        if (OperatingSystem.IsWindows())
        {
            var attributes = File.GetAttributes(full);
            if ((attributes & FileAttributes.ReadOnly) != 0) File.SetAttributes(full, attributes & ~FileAttributes.ReadOnly);
            File.Move(temporary, full, overwrite: true);
            File.SetAttributes(full, attributes);
        }
        else
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(full));
            File.Move(temporary, full, overwrite: true);   // a rename: allowed over a read-only file
        }
    }

    /// <summary>The temporary name used beside <paramref name="full"/>: hidden, unique, with the target's extension (ScottPlot and the OpenXml SDK look at it).</summary>
    public static string TemporaryPathFor(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");

    /// <summary>
    /// Temporary files of <paramref name="full"/> in its folder: exactly the <see cref="TemporaryPathFor"/> pattern, or
    /// the one dataset and model files used before they wrote through this class (".name.ext.GUID.tmp").
    /// </summary>
    public static IEnumerable<string> StaleTemporaries(string full)
    {
        var pattern = new Regex("^(" + Regex.Escape("." + Path.GetFileNameWithoutExtension(full) + ".") + "[0-9a-f]{32}"
            + Regex.Escape(".tmp" + Path.GetExtension(full)) + "|" + Regex.Escape("." + Path.GetFileName(full) + ".") + "[0-9a-f]{32}\\.tmp)$",
            RegexOptions.CultureInvariant);
        return Directory.EnumerateFiles(Path.GetDirectoryName(full)!, ".*.tmp*")
            .Where(f => pattern.IsMatch(Path.GetFileName(f))).ToList();
    }

    public static string CheckedPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new FeatureLearningException("FeatureLearning.InvalidPath", "-Path is empty; give the file to write.");
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new FeatureLearningException("FeatureLearning.InvalidPath", $"'{path}' is not a valid path: {ex.Message}", ErrorKind.InvalidArgument, ex);
        }
        if (Directory.Exists(full))
            throw new FeatureLearningException("FeatureLearning.InvalidPath", $"'{full}' is a folder; give a file name.");
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new FeatureLearningException("FeatureLearning.InvalidPath", $"The folder '{directory}' does not exist; create it first.");
        return full;
    }
}
