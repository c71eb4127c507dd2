using System.Collections.ObjectModel;
using System.Management.Automation;
using FeatureLearning.Core;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// Base of a cmdlet that reads files, with Import-Csv's parameters: -Path (position 0, wildcards resolved through the
/// provider, several files allowed) or -LiteralPath (alias PSPath, LP: taken as it is, and what Get-ChildItem pipes by
/// property name), both relative to PowerShell's current location, PSDrives included. Each file is one pipeline item:
/// a file that cannot be read is a non-terminating error and the others go on.
/// </summary>
public abstract class FileReaderCmdlet : FeatureLearningCmdlet
{
    public const string PathSet = "Path";
    public const string LiteralPathSet = "LiteralPath";

    /// <summary>Files to read; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Files to read, taken literally (what Get-ChildItem pipes).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Reads one resolved file-system path and writes what it holds (runs inside <see cref="FeatureLearningCmdlet.GuardItem"/>).</summary>
    protected abstract void Read(string fullPath);

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string given in literal ? LiteralPath : Path)
            foreach (string file in Resolve(given, literal))
                GuardItem(() => Read(file), file);
    }

    /// <summary>The files <paramref name="given"/> names; a path that names nothing, or not a file, is an error for that path.</summary>
    private IEnumerable<string> Resolve(string given, bool literal)
    {
        var files = new List<string>();
        GuardItem(() =>
        {
            ProviderInfo provider;
            Collection<string> paths;
            try
            {
                if (literal) paths = new Collection<string> { SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out provider, out _) };
                else paths = SessionState.Path.GetResolvedProviderPathFromPSPath(given, out provider);
            }
            catch (ItemNotFoundException)
            {
                throw new FeatureLearningException("FeatureLearning.FileNotFound",
                    $"'{given}' does not exist{(literal || !WildcardPattern.ContainsWildcardCharacters(given) ? "" : " (the pattern matches no file)")}.");
            }
            catch (Exception ex) when (ex is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException
                or ArgumentException or PSInvalidOperationException)
            {
                throw new FeatureLearningException("FeatureLearning.InvalidPath", $"'{given}' cannot be resolved: {ex.Message}", ErrorKind.InvalidArgument, ex);
            }
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                throw new FeatureLearningException("FeatureLearning.NotAFileSystemPath",
                    $"'{given}' is on the {provider.Name} provider; this command reads files only. Give a file-system path.");
            if (paths.Count == 0)
                throw new FeatureLearningException("FeatureLearning.FileNotFound", $"'{given}' matches no file.");
            foreach (string path in paths)
            {
                if (Directory.Exists(path))
                    throw new FeatureLearningException("FeatureLearning.InvalidPath", $"'{path}' is a folder; give the files in it, e.g. '{System.IO.Path.Combine(given, "*.json")}'.");
                if (!File.Exists(path)) throw new FeatureLearningException("FeatureLearning.FileNotFound", $"'{path}' does not exist.");
                files.Add(path);
            }
        }, given);
        return files;
    }
}
