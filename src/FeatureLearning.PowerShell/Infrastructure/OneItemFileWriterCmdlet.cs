using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.IO;

namespace FeatureLearning.PowerShell.Infrastructure;

/// <summary>
/// Base of Export-Dataset and Export-TrainedModel: a file that holds one piped object. The target is resolved and
/// checked (<see cref="FileWriterCmdlet"/>: -NoClobber, read-only unless -Force, -WhatIf/-Confirm) for the first object
/// and written atomically (<see cref="AtomicFile"/>: Ctrl+C or a failure leaves the old file). A second object piped to
/// the same file is a non-terminating error instead of silently replacing the first one.
/// </summary>
public abstract class OneItemFileWriterCmdlet : FileWriterCmdlet
{
    private FileWriterTarget? _target;
    private bool _written;

    /// <summary>Write the saved file's FileInfo to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>What one object is called in messages ("dataset", "model").</summary>
    protected abstract string ItemName { get; }

    /// <summary>The ShouldProcess action for a new file, e.g. "Create dataset file"; "Replace ..." when it exists.</summary>
    protected abstract string ActionNoun { get; }

    /// <summary>Writes the current pipeline object to <paramref name="fullPath"/> atomically.</summary>
    protected abstract void Save(string fullPath, FileWriteSettings settings);

    /// <summary>Describes the current pipeline object for -Verbose.</summary>
    protected abstract string Describe();

    protected void WriteCurrent(object item)
    {
        if (_written)
        {
            GuardItem(() => throw new FeatureLearningException("FeatureLearning.OneItemPerFile",
                $"'{_target!.FullPath}' already holds the first {ItemName} of this pipeline; a file holds one {ItemName}. " +
                $"Export each to its own file, e.g. $i = 0; ... | ForEach-Object {{ $_ | {MyInvocation.MyCommand.Name} -Path \"{ItemName}-$((++$i)).json\" }}.",
                ErrorKind.InvalidArgument), item);
            return;
        }
        Guard(() =>
        {
            _target ??= ResolveTarget();
            if (!ShouldWrite(_target, $"{(_target.Exists ? "Replace" : "Create")} {ActionNoun}")) return;
            Save(_target.FullPath, new FileWriteSettings { Waiting = WriteVerbose, Note = WriteVerbose });
            _written = true;
            WriteVerbose($"Saved {Describe()} to {_target.FullPath}.");
            if (PassThru) WriteObject(new FileInfo(_target.FullPath));
        }, GivenPath);
    }
}
