using System.Diagnostics;
using System.Management.Automation;
using FeatureLearning.Core.Sweeps;
using FeatureLearning.Core.Sweeps.Slurm;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>
/// <para type="synopsis">Collects the rows of a Slurm sweep, reports failed and missing trials, and can resubmit only those.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "Sweep", DefaultParameterSetName = "Job")]
[OutputType(ResultRows.TypeName)]
[OutputType(typeof(SlurmSweepJob))]
public sealed class ReceiveSweepCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0, ParameterSetName = "Job")]
    public SlurmSweepJob Job { get; set; } = null!;

    /// <summary>The -Directory given to Submit-Sweep.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Directory")]
    public string Directory { get; set; } = null!;

    /// <summary>Wait until no array task is pending or running.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(0.1, 3600)]
    public double PollSeconds { get; set; } = 15;

    /// <summary>Stop waiting after this many seconds (a warning says what is still running).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public double TimeoutSeconds { get; set; }

    /// <summary>Submit the failed and missing trials again (one new job array) and output the sweep job instead of rows.</summary>
    [Parameter]
    public SwitchParameter Resubmit { get; set; }

    protected override void ProcessRecord()
    {
        const string activity = "Waiting for the Slurm sweep";
        Guard(() =>
        {
            var job = ParameterSetName == "Job" ? Job : SlurmSweepJob.Load(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Directory));
            var backend = new SlurmBackend();
            var clock = Stopwatch.StartNew();
            SlurmSweepStatus status;
            IReadOnlyList<string> columns = Array.Empty<string>();
            while (true)
            {
                // The plan is re-read each time: a fixed plan.json is what a resubmission runs.
                var plan = SweepPlan.Load(job.PlanPath);
                status = backend.Collect(job, plan);
                columns = plan.DiagnosticNames();
                WriteVerbose(status.ToString());
                if (!Wait || status.IsFinished) break;
                Progress(activity, status.ToString(), (double)(status.Completed + status.Failures.Count) / status.Trials);
                if (TimeoutSeconds > 0 && clock.Elapsed.TotalSeconds >= TimeoutSeconds)
                {
                    WriteWarning($"Stopped waiting after {TimeoutSeconds} s: {status}.");
                    break;
                }
                if (Cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(PollSeconds))) throw new OperationCanceledException(Cancellation);
            }
            if (Wait) CompleteProgress(activity);

            foreach (var failure in status.Failures)
            {
                string tail = string.Join("\n", failure.StandardError.Split('\n').TakeLast(5));
                string message = $"Trial {failure.TrialId} ({failure.Learner} n={failure.N} seed={failure.Seed}) {failure.State.ToLowerInvariant()} in Slurm job {failure.SlurmJobId}" +
                    $" ({failure.SlurmState}{(failure.SlurmExitCode.Length > 0 ? $", exit code {failure.SlurmExitCode}" : "")}): {failure.Message}" +
                    (tail.Length > 0 ? $"\nstderr ({failure.StandardErrorPath}):\n{tail}" : "");
                string id = failure.State == "Failed" ? "FeatureLearning.SweepTrialFailed" : "FeatureLearning.SweepTrialMissing";
                WriteError(new ErrorRecord(new InvalidOperationException(message), id, ErrorCategory.InvalidResult, failure));
            }

            if (Resubmit)
            {
                var again = status.Failures.Select(f => f.TrialId).ToList();
                if (again.Count == 0) WriteWarning($"Nothing to resubmit: {status}.");
                else
                {
                    var submission = backend.Submit(job, again);
                    WriteVerbose($"Resubmitted {again.Count} trials as job array {submission.JobId} ({submission.Chunks.Count} tasks).");
                }
                WriteObject(job);
                return;
            }
            foreach (var (id, row) in status.Rows.OrderBy(p => p.Key))
                WriteObject(SweepOutput.Row(id, row, columns));
        }, Job);
    }
}
