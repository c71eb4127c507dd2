using System.Collections.ObjectModel;
using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.IO;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// The file a writer cmdlet writes, resolved and checked the way Export-Csv does it (PowerShell's CsvCommands.cs
/// and PathUtils): -Path with wildcards resolved through the provider (one match; a pattern that matches nothing
/// names a new file literally), -LiteralPath taken as it is; both relative to PowerShell's current location
/// (not the process's folder), PSDrives included; paths of other providers (Env:, Variable:, Function:) refused.
/// Then <see cref="ShouldWrite"/>: -NoClobber refuses to replace an existing file, a read-only file is refused
/// unless -Force (the replacement stays read-only), and ShouldProcess gives -WhatIf and -Confirm.
/// Errors are <see cref="FeatureLearningException"/>s: call it inside <see cref="FeatureLearningCmdlet.Guard"/>.
/// Cmdlets that derive from <see cref="FileWriterCmdlet"/> get the parameters and these calls for free; others
/// declare the parameters themselves and call <see cref="Resolve"/> and <see cref="ShouldWrite"/>.
/// </summary>
public sealed class FileWriterTarget
{
    private FileWriterTarget(string given, string fullPath)
    {
        Given = given;
        FullPath = fullPath;
    }

    /// <summary>The path as the user gave it (for messages and ErrorRecord targets).</summary>
    public string Given { get; }

    /// <summary>The absolute file-system path.</summary>
    public string FullPath { get; }

    public bool Exists => File.Exists(FullPath);

    public bool IsReadOnly => Exists && (File.GetAttributes(FullPath) & FileAttributes.ReadOnly) != 0;

    /// <summary>Resolves <paramref name="path"/> (-Path, or -LiteralPath when <paramref name="literal"/>) to a file-system path whose folder exists.</summary>
    public static FileWriterTarget Resolve(PSCmdlet cmdlet, string path, bool literal)
    {
        string parameter = literal ? "-LiteralPath" : "-Path";
        if (string.IsNullOrWhiteSpace(path))
            throw new FeatureLearningException("FeatureLearning.InvalidPath", $"{parameter} is empty; give the file to write.");
        string? full = null;
        ProviderInfo? provider = null;
        try
        {
            if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
            {
                Collection<string> matches;
                try { matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider); }
                catch (ItemNotFoundException) { matches = new Collection<string>(); }
                if (matches.Count > 1)
                    throw new FeatureLearningException("FeatureLearning.AmbiguousPath",
                        $"-Path '{path}' matches {matches.Count} files ({string.Join(", ", matches.Take(3))}{(matches.Count > 3 ? ", ..." : "")}); give one file, or use -LiteralPath for a name with wildcard characters.");
                if (matches.Count == 1) full = matches[0];
            }
            full ??= cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (Exception ex) when (ex is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException
            or ArgumentException or PSInvalidOperationException or ItemNotFoundException)
        {
            throw new FeatureLearningException("FeatureLearning.InvalidPath", $"{parameter} '{path}' cannot be resolved: {ex.Message}", ErrorKind.InvalidArgument, ex);
        }
        if (provider is null || !string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            throw new FeatureLearningException("FeatureLearning.NotAFileSystemPath",
                $"{parameter} '{path}' is on the {provider?.Name ?? "unknown"} provider; this command writes files only. Give a file-system path (e.g. ./out{System.IO.Path.GetExtension(full)}).",
                ErrorKind.InvalidArgument);
        return new FileWriterTarget(path, AtomicFile.CheckedPath(full));
    }

    /// <summary>
    /// The checks before writing, then ShouldProcess: false when -WhatIf or the user declined at -Confirm.
    /// </summary>
    /// <param name="changesExisting">The write changes the existing file (-Append) instead of replacing it: allowed with -NoClobber, as Export-Csv -Append -NoClobber is.</param>
    /// <param name="action">The ShouldProcess action, e.g. "Write workbook" (the target is the full path).</param>
    public bool ShouldWrite(PSCmdlet cmdlet, bool force, bool noClobber, bool changesExisting, string action)
    {
        if (Exists && noClobber && !changesExisting)
            throw new FeatureLearningException("FeatureLearning.FileExists",
                $"'{FullPath}' exists and -NoClobber is set; choose another path, or drop -NoClobber to replace it.", ErrorKind.ResourceUnavailable);
        if (IsReadOnly && !force)
            throw new FeatureLearningException("FeatureLearning.ReadOnlyFile",
                $"'{FullPath}' is read-only; use -Force to write it anyway (it stays read-only), or make it writable.", ErrorKind.InvalidOperation);
        return cmdlet.ShouldProcess(FullPath, action);
    }
}
