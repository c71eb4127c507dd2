using System.Diagnostics;
using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Learning;
using FeatureLearning.Core.Sweeps;
using FeatureLearning.Core.Sweeps.Slurm;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>
/// <para type="synopsis">Collects a Slurm sweep: counts trials by state, streams the rows (or writes them to one CSV), reports failed and lost trials, and can resubmit only those.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "Sweep", DefaultParameterSetName = "Job", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(ResultRows.TypeName)]
[OutputType(typeof(SlurmSweepStatus), typeof(SlurmSweepJob))]
public sealed class ReceiveSweepCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0, ParameterSetName = "Job")]
    public SlurmSweepJob Job { get; set; } = null!;

    /// <summary>The -Directory given to Submit-Sweep.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Directory")]
    public string Directory { get; set; } = null!;

    /// <summary>Wait until no array task is queued or running (held arrays are submitted as room frees).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(0.1, 3600)]
    public double PollSeconds { get; set; } = 15;

    /// <summary>Stop waiting after this many seconds (a warning says what is still running).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public double TimeoutSeconds { get; set; }

    /// <summary>Write the rows to this CSV file (streamed, in trial order) instead of the pipeline.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CsvPath { get; set; }

    /// <summary>Replace a read-only -CsvPath.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Output the status (counts by state, failed task ids) instead of the rows.</summary>
    [Parameter]
    public SwitchParameter Status { get; set; }

    /// <summary>Submit the failed and lost trials again and output the sweep job instead of rows.</summary>
    [Parameter]
    public SwitchParameter Resubmit { get; set; }

    /// <summary>With -Resubmit: trials per array task (by default chosen as Submit-Sweep does).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ChunkSize { get; set; }

    /// <summary>With -Resubmit: a new sbatch --time for the resubmitted tasks (e.g. after TIMEOUT).</summary>
    [Parameter]
    public string? TimeLimit { get; set; }

    /// <summary>With -Resubmit: a new estimate of one trial's seconds on one core.</summary>
    [Parameter]
    [ValidateRange(1e-6, 1e9)]
    public double TrialSeconds { get; set; }

    private SlurmPlanView? _plan;
    private SweepResultIndex? _index;
    private (DateTime, long) _planStamp;

    protected override void ProcessRecord()
    {
        const string waiting = "Waiting for the Slurm sweep";
        const string reading = "Reading Slurm sweep results";
        string? csv = CsvPath is null ? null : SweepOutput.FileSystemPath(this, CsvPath, nameof(CsvPath));
        if (csv is not null && File.Exists(csv) && new FileInfo(csv).IsReadOnly && !Force)
            Fail("FeatureLearning.ReadOnlyTarget", $"'{csv}' is read-only; pass -Force to replace it, or choose another -CsvPath.", csv, ErrorCategory.PermissionDenied);
        Guard(() =>
        {
            var job = ParameterSetName == "Job" ? Job : SlurmSweepJob.Load(SweepOutput.FileSystemPath(this, Directory, nameof(Directory)));
            var backend = new SlurmBackend();
            var clock = Stopwatch.StartNew();
            var columns = csv is null ? null : new SweepCsv();
            SlurmSweepStatus? status = null;
            try
            {
                while (true)
                {
                    var plan = CurrentPlan(job);
                    // The row objects' columns, also those no stored row holds (declaring twice adds nothing).
                    columns?.Declare(ResultRow.JsonPaths(plan.DiagnosticNames));
                    status?.Dispose();
                    status = backend.Collect(job, plan, id => ArchivedPlan(job, id), ref _index, columns is null ? null : columns.Observe,
                        (fraction, text) => Progress(reading, text, fraction), WriteWarning, Cancellation);
                    CompleteProgress(reading);
                    WriteVerbose($"{status} (read {status.LinesRead} lines of {status.FilesRead} results files in {status.ReadTime.TotalSeconds:F2} s" +
                                 $"{(status.ArraysSubmitted > 0 ? $"; submitted {status.ArraysSubmitted} held arrays" : "")}).");
                    if (status.CorruptLines > 0)
                        WriteWarning($"{status.CorruptLines} lines of the results files are not valid results and were skipped; their trials count as lost.");
                    if (!Wait || status.IsFinished) break;
                    Progress(waiting, status.ToString(), (double)(status.Done + status.Failed + status.Lost) / Math.Max(1, status.Trials));
                    if (TimeoutSeconds > 0 && clock.Elapsed.TotalSeconds >= TimeoutSeconds)
                    {
                        WriteWarning($"Stopped waiting after {TimeoutSeconds} s: {status}.");
                        break;
                    }
                    if (Cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(PollSeconds))) throw new OperationCanceledException(Cancellation);
                }
                if (Wait) CompleteProgress(waiting);
                ReportProblems(status);

                if (Resubmit)
                {
                    ResubmitMissing(job, backend, status);
                    WriteObject(job);
                    return;
                }
                if (csv is not null)
                {
                    long rows = columns!.Write(csv, status.Rows(Cancellation), n => Progress("Writing " + csv, $"{n} of {status.Done} rows", (double)n / Math.Max(1, status.Done)), Cancellation);
                    CompleteProgress("Writing " + csv);
                    WriteVerbose($"Wrote {rows} rows to {csv}.");
                }
                if (Status) WriteObject(status);
                else if (csv is null)
                {
                    var diagnostics = CurrentPlan(job).DiagnosticNames;
                    foreach (var (id, row) in status.Rows(Cancellation))
                        WriteObject(SweepOutput.Row(id, SweepResults.ParseRow(row.Span), diagnostics));
                }
            }
            finally
            {
                status?.Dispose();
                _index?.Dispose();
                _index = null;
            }
        }, Job);
    }

    /// <summary>Failures and losses one error each, up to <see cref="Individually"/> of each kind; the rest one error per error id or Slurm state.</summary>
    private void ReportProblems(SlurmSweepStatus status)
    {
        foreach (var failure in status.Failures.Take(Individually))
        {
            string tail = string.Join("\n", failure.StandardError.Split('\n').TakeLast(5));
            string message = $"Trial {failure.TrialId} ({failure.Trial}) failed in Slurm array task {failure.SlurmJobId}" +
                             $" ({failure.SlurmState}{(failure.SlurmExitCode.Length > 0 ? $", exit code {failure.SlurmExitCode}" : "")}): {failure.Message}" +
                             (tail.Length > 0 ? $"\nstderr ({failure.StandardErrorPath}):\n{tail}" : "");
            WriteError(new ErrorRecord(new InvalidOperationException(message), "FeatureLearning.SweepTrialFailed", ErrorCategory.InvalidResult, failure));
        }
        foreach (var group in status.Failures.Skip(Individually).GroupBy(f => f.ErrorId))
        {
            var list = group.ToList();
            string message = $"{list.Count} more trials failed with {group.Key} ({TrialIds.Format(list.Select(f => f.TrialId))}), in {list.Select(f => f.SlurmJobId).Distinct().Count()} " +
                             $"array tasks; the first: {list[0].Message}. Receive-Sweep -Status lists every failure (Failures).";
            WriteError(new ErrorRecord(new InvalidOperationException(message), "FeatureLearning.SweepTrialFailed", ErrorCategory.InvalidResult, list));
        }
        foreach (var loss in status.Losses.Take(Individually))
        {
            string tail = string.Join("\n", loss.StandardError.Split('\n').TakeLast(5));
            string where = loss.SlurmJobId.Length > 0 ? $" of array task {loss.SlurmJobId}" : "";
            string message = $"{loss.TrialCount} trial{(loss.TrialCount == 1 ? "" : "s")}{where} lost ({loss.Trials}): {loss.Reason}; Receive-Sweep -Resubmit runs them again." +
                             (tail.Length > 0 ? $"\nstderr ({loss.StandardErrorPath}):\n{tail}" : "");
            WriteError(new ErrorRecord(new InvalidOperationException(message), "FeatureLearning.SweepTrialsLost", ErrorCategory.InvalidResult, loss));
        }
        foreach (var group in status.Losses.Skip(Individually).GroupBy(l => l.SlurmState))
        {
            var list = group.ToList();
            string message = $"{list.Sum(l => l.TrialCount)} more trials lost in {list.Count} array tasks that ended {(group.Key.Length > 0 ? group.Key : "without a Slurm state")} " +
                             $"({string.Join(", ", list.Take(10).Select(l => l.SlurmJobId))}{(list.Count > 10 ? ", ..." : "")}); Receive-Sweep -Status lists every one (Losses), -Resubmit runs them again.";
            WriteError(new ErrorRecord(new InvalidOperationException(message), "FeatureLearning.SweepTrialsLost", ErrorCategory.InvalidResult, list));
        }
    }

    /// <summary>Problems reported one error each before the rest are summarised.</summary>
    private const int Individually = 20;

    private void ResubmitMissing(SlurmSweepJob job, SlurmBackend backend, SlurmSweepStatus status)
    {
        if (status.Missing.Count == 0)
        {
            WriteWarning($"Nothing to resubmit: {status}.");
            return;
        }
        var plan = CurrentPlan(job);
        if (TimeLimit is not null || ChunkSize > 0)
            job.Settings = job.Settings with { TimeLimit = TimeLimit ?? job.Settings.TimeLimit, ChunkSize = ChunkSize > 0 ? ChunkSize : job.Settings.ChunkSize };
        job.Settings.Validate();
        var limits = SlurmLimits.Read(backend.Commands, backend.User, Cancellation);
        int? chunk = ChunkSize > 0 ? ChunkSize : job.Settings.ChunkSize;
        var (seconds, source) = TrialSeconds > 0 ? (TrialSeconds, "-TrialSeconds")
            : job.Sizing?.TrialSeconds is { } earlier ? (earlier, $"as estimated before: {job.Sizing.TrialSecondsSource}")
            : chunk is not null ? ((double?)null, "not estimated: -ChunkSize given")
            : SweepCost.Measure(plan.Plan, 3, TimeSpan.FromSeconds(60), Cancellation);
        var sizing = SlurmSizing.Choose(status.Missing.Count, job.Settings.CpusPerTask, seconds, source, job.Settings.TargetTaskMinutes,
            chunk, job.Settings.TimeLimit is { } t ? SlurmText.TimeLimitSeconds(t) : null, limits);
        foreach (var reason in sizing.Reasons) WriteVerbose(reason);
        if (!ShouldProcess(job.Directory, $"Resubmit {status.Missing.Count} failed or lost trials ({sizing.Tasks} array tasks in {sizing.Arrays} arrays)")) return;
        var arrays = backend.Prepare(job, status.Missing, sizing, plan.Identity);
        job.Limits = limits;
        job.Sizing = sizing;
        int submitted = 0;
        try { submitted = backend.SubmitHeld(job, sizing.TasksSubmittableNow, limits.JobRoom, null, WriteWarning, Cancellation); }
        finally { job.Save(); }
        WriteVerbose($"Resubmitted {status.Missing.Count} trials as {submitted} job arrays ({string.Join(", ", arrays.Where(a => !a.IsHeld).Select(a => a.JobId))})" +
                     $"{(arrays.Count(a => a.IsHeld) > 0 ? $"; {arrays.Count(a => a.IsHeld)} arrays wait for room" : "")}.");
    }

    /// <summary>plan.json's identity and trials, re-read only when the file changed (a fixed plan.json is what a resubmission runs).</summary>
    private SlurmPlanView CurrentPlan(SlurmSweepJob job)
    {
        var info = new FileInfo(job.PlanPath);
        var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
        if (_plan is null || stamp != _planStamp)
        {
            _plan = SlurmPlanView.Open(job);
            _planStamp = stamp;
            WriteVerbose(_plan.IsLoaded ? $"Read plan.json (plan {_plan.Identity[..19]}, {_plan.TrialIds.Length} trials)."
                : $"plan.json unchanged since it was summarised (plan {_plan.Identity[..19]}, {_plan.TrialIds.Length} trials).");
        }
        return _plan;
    }

    private static SweepPlan? ArchivedPlan(SlurmSweepJob job, string identity)
    {
        var path = job.ArchivedPlanPath(identity);
        if (!File.Exists(path)) return null;
        try { return SweepPlan.Load(path); }
        catch (FeatureLearningException) { return null; }
    }
}
