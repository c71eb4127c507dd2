using System.Management.Automation;
using FeatureLearning.Core;
using FeatureLearning.Core.Sweeps;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Sweeps;

/// <summary>
/// <para type="synopsis">Runs the trials of a sweep plan in parallel on this machine; rows stream out as trials finish.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Sweep", DefaultParameterSetName = "Plan")]
[OutputType(ResultRows.TypeName)]
public sealed class InvokeSweepCommand : FeatureLearningCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0, ParameterSetName = "Plan")]
    public SweepPlan Plan { get; set; } = null!;

    /// <summary>A plan saved by New-SweepPlan -Path.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    public string Path { get; set; } = null!;

    /// <summary>Trials run at the same time; the number of cores by default.</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    /// <summary>Threads each trial's parallel loops may use; by default cores / ThrottleLimit (at least 1).</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int ThreadsPerTrial { get; set; }

    /// <summary>Run only these trials.</summary>
    [Parameter]
    public int[]? TrialId { get; set; }

    /// <summary>With -ChunkIndex: run only chunk ChunkIndex of the trials cut into consecutive chunks of this size.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ChunkSize { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int ChunkIndex { get; set; }

    /// <summary>Append each finished trial to this results file (JSON lines).</summary>
    [Parameter]
    public string? ResultsPath { get; set; }

    /// <summary>Continue -ResultsPath: output its rows and run only the trials it has no row for.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    protected override void ProcessRecord()
    {
        const string activity = "Running sweep";
        if (Resume && ResultsPath is null)
            Fail("FeatureLearning.ResumeWithoutResults", "-Resume continues a results file; give it with -ResultsPath.");
        if (MyInvocation.BoundParameters.ContainsKey(nameof(ChunkIndex)) && ChunkSize == 0)
            Fail("FeatureLearning.InvalidChunk", "-ChunkIndex needs -ChunkSize.");
        Guard(() =>
        {
            var plan = ParameterSetName == "Path" ? SweepPlan.Load(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path)) : Plan;
            var columns = plan.DiagnosticNames();
            IReadOnlyList<SweepTrial> trials = plan.Trials;
            if (ChunkSize > 0) trials = plan.Chunk(ChunkIndex, ChunkSize);
            if (TrialId is not null)
            {
                var wanted = plan.Select(TrialId).Select(t => t.Id).ToHashSet();
                trials = trials.Where(t => wanted.Contains(t.Id)).ToList();
            }

            SweepResultsWriter? writer = null;
            try
            {
                if (ResultsPath is not null)
                {
                    string file = SweepOutput.FileSystemPath(this, ResultsPath, nameof(ResultsPath));
                    // Held for the whole run: a second Invoke-Sweep on the same file is refused, not interleaved.
                    writer = new SweepResultsWriter(file, SweepPlanIdentity.Of(plan), Resume);
                    var existing = writer.Existing;
                    if (existing.CorruptLines > 0)
                        WriteWarning($"{existing.CorruptLines} lines of '{file}' are not valid results and were skipped; their trials run again.");
                    var done = trials.Where(t => existing.Rows.ContainsKey(t.Id)).ToList();
                    if (done.Count > 0) WriteVerbose($"{done.Count} of {trials.Count} trials already have rows in '{file}'.");
                    foreach (var trial in done) WriteObject(SweepOutput.Row(trial.Id, SweepResults.ParseRow(existing.Rows[trial.Id]), columns));
                    trials = trials.Where(t => !existing.Rows.ContainsKey(t.Id)).ToList();
                }
                var runner = new SweepRunner(plan)
                {
                    MaxParallelTrials = ThrottleLimit,
                    ThreadsPerTrial = ThreadsPerTrial > 0 ? ThreadsPerTrial : null,
                };
                WriteVerbose($"Running {trials.Count} trials, {Math.Min(ThrottleLimit, Math.Max(1, trials.Count))} at a time with {runner.EffectiveThreadsPerTrial} thread(s) each.");
                foreach (var outcome in runner.Run(trials, Context(activity)))
                {
                    writer?.Write(outcome);
                    if (outcome.Row is not null) WriteObject(SweepOutput.Row(outcome.Trial.Id, outcome.Row, columns));
                    else
                    {
                        var error = outcome.Error!;
                        WriteError(new ErrorRecord(new InvalidOperationException($"Trial {outcome.Trial.Id} ({plan.Describe(outcome.Trial)}): {error.Message}"),
                            error.Id, ErrorCategory.InvalidResult, outcome.Trial));
                    }
                }
                CompleteProgress(activity);
            }
            finally
            {
                writer?.Dispose();
            }
        }, Plan);
    }
}
