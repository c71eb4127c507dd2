using System.Management.Automation;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// Base of a cmdlet that writes one file, with Export-Csv's parameters: -Path (position 0, wildcards) or
/// -LiteralPath (alias PSPath, LP), -Force (write over a read-only file) and -NoClobber (never replace an existing
/// file). The deriving cmdlet declares <c>SupportsShouldProcess = true, DefaultParameterSetName = FileWriterCmdlet.PathSet</c>
/// on its [Cmdlet] attribute and, inside <see cref="FeatureLearningCmdlet.Guard"/>:
/// <code>
/// var target = ResolveTarget();
/// if (!ShouldWrite(target, "Write workbook")) return;   // -WhatIf, or declined at -Confirm
/// ... write target.FullPath (atomically: AtomicFile.Write) ...
/// </code>
/// See <see cref="FileWriterTarget"/> for the rules.
/// </summary>
public abstract class FileWriterCmdlet : FeatureLearningCmdlet
{
    public const string PathSet = "Path";
    public const string LiteralPathSet = "LiteralPath";

    /// <summary>The file to write; wildcards are resolved to one file.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    public string Path { get; set; } = "";

    /// <summary>The file to write, taken literally (no wildcards).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    public string LiteralPath { get; set; } = "";

    /// <summary>Write over a read-only file (it stays read-only).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Never replace an existing file.</summary>
    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>The path as given, whichever parameter gave it (for error targets).</summary>
    protected string GivenPath => ParameterSetName == LiteralPathSet ? LiteralPath : Path;

    protected FileWriterTarget ResolveTarget() => FileWriterTarget.Resolve(this, GivenPath, ParameterSetName == LiteralPathSet);

    /// <inheritdoc cref="FileWriterTarget.ShouldWrite"/>
    protected bool ShouldWrite(FileWriterTarget target, string action, bool changesExisting = false) =>
        target.ShouldWrite(this, Force, NoClobber, changesExisting, action);
}
