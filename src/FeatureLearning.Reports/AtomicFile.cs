using FeatureLearning.Core;

namespace FeatureLearning.Reports;

/// <summary>
/// Writes a file under a temporary name in the target's folder and moves it over the target only when complete,
/// so an error or Ctrl+C never leaves a half-written report (and never destroys the previous one).
/// </summary>
public static class AtomicFile
{
    /// <param name="write">Fills the temporary file (it receives the temporary path; the file does not exist yet unless <paramref name="seedWithTarget"/>).</param>
    /// <param name="seedWithTarget">Copy the existing target to the temporary file first (to append to it).</param>
    public static void Write(string path, Action<string> write, bool seedWithTarget = false, CancellationToken cancel = default)
    {
        string full = CheckedPath(path);
        string temporary = TemporaryPathFor(full);
        try
        {
            if (seedWithTarget && File.Exists(full)) File.Copy(full, temporary);
            write(temporary);
            cancel.ThrowIfCancellationRequested();
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FeatureLearningException("FeatureLearning.WriteFailed",
                $"Could not write '{full}': {ex.Message} Close the file if another program (Excel) has it open, or choose a writable folder.",
                ErrorKind.ResourceUnavailable, ex);
        }
        finally
        {
            try { if (File.Exists(temporary)) File.Delete(temporary); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The temporary name used beside <paramref name="full"/>: hidden, unique, with the target's extension (ScottPlot and the OpenXml SDK look at it).</summary>
    public static string TemporaryPathFor(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");

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
