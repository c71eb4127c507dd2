using System.Text;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>
/// Runs a sweep plan as Slurm job arrays: writes the plan and a chunk-runner script to a shared directory, submits one
/// array per submission (array task i runs chunk i with PowerShell and this module, writing results/JOB_i.jsonl), and
/// reads the results back, telling finished, queued, failed and missing trials apart.
/// </summary>
public sealed class SlurmBackend
{
    private readonly SlurmCommands _commands;

    public SlurmBackend(SlurmCommands? commands = null) => _commands = commands ?? new SlurmCommands();

    /// <summary>Creates the sweep directory (plan.json, run-chunk.ps1, logs/, results/) and its sweep-job.json.</summary>
    public static SlurmSweepJob Create(SweepPlan plan, string directory, SlurmSettings settings)
    {
        if (settings.ChunkSize < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidChunk", $"-ChunkSize must be at least 1, got {settings.ChunkSize}.");
        if (settings.CpusPerTask < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-CpusPerTask must be at least 1, got {settings.CpusPerTask}.");
        if (settings.MaxRunningTasks is < 1)
            throw new FeatureLearningException("FeatureLearning.InvalidHyperParameter", $"-MaxRunningTasks must be at least 1, got {settings.MaxRunningTasks}.");
        var full = Path.GetFullPath(directory);
        if (File.Exists(Path.Combine(full, SlurmSweepJob.FileName)))
            throw new FeatureLearningException("FeatureLearning.SweepDirectoryInUse",
                $"'{full}' already holds a submitted sweep; give a new -Directory, or use Receive-Sweep -Resubmit to rerun its failed trials.", ErrorKind.InvalidOperation);
        var job = new SlurmSweepJob { Directory = full, Settings = settings };
        System.IO.Directory.CreateDirectory(job.ResultsDirectory);
        System.IO.Directory.CreateDirectory(job.LogDirectory);
        plan.Save(job.PlanPath);
        File.WriteAllText(job.ChunkScriptPath, ChunkScript);
        // sweep-job.json appears with the first successful submission, so a failed sbatch leaves the directory reusable.
        return job;
    }

    /// <summary>Submits one job array running <paramref name="trialIds"/> in chunks of the job's chunk size.</summary>
    public SlurmSubmission Submit(SlurmSweepJob job, IReadOnlyList<int> trialIds)
    {
        if (trialIds.Count == 0)
            throw new FeatureLearningException("FeatureLearning.NothingToSubmit", "There are no trials to submit.", ErrorKind.InvalidOperation);
        var ids = trialIds.Distinct().OrderBy(i => i).ToList();
        var chunks = new List<string>();
        for (int i = 0; i < ids.Count; i += job.Settings.ChunkSize)
            chunks.Add(TrialIds.Format(ids.Skip(i).Take(job.Settings.ChunkSize)));
        int number = job.Submissions.Count + 1;
        var script = Path.Combine(job.Directory, $"submit-{number}.sbatch");
        File.WriteAllText(script, BatchScript(job, number, chunks));
        var arguments = new List<string> { "--parsable" };
        arguments.AddRange(job.Settings.ExtraSbatchArguments);
        arguments.Add(script);
        var result = _commands.Run("sbatch", arguments);
        string jobId = result.Output.Trim().Split(';')[0];
        if (result.ExitCode != 0 || jobId.Length == 0 || !jobId.All(char.IsAsciiDigit))
            throw new FeatureLearningException("FeatureLearning.SlurmSubmitFailed",
                $"sbatch {string.Join(' ', arguments)} failed (exit code {result.ExitCode}): {(result.Error + result.Output).Trim()}",
                ErrorKind.ResourceUnavailable);
        var submission = new SlurmSubmission(number, jobId, DateTimeOffset.UtcNow, chunks);
        job.Submissions.Add(submission);
        job.Save();
        return submission;
    }

    /// <summary>Reads every result file and asks Slurm (squeue, then sacct or scontrol) about the tasks without results.</summary>
    public SlurmSweepStatus Collect(SlurmSweepJob job, SweepPlan plan)
    {
        // Rows count from any task; a trial's error only from the task that ran it last (an older failure may since
        // have become a time-out, say).
        var results = new SweepResults();
        var errorsByTask = new Dictionary<(string, int), IReadOnlyDictionary<int, TrialError>>();
        foreach (var submission in job.Submissions)
            for (int task = 0; task < submission.Chunks.Count; task++)
            {
                var file = ResultsPath(job, submission, task);
                if (!File.Exists(file)) continue;
                var one = SweepResults.Read(file);
                foreach (var (id, row) in one.Rows) results.Rows[id] = row;
                errorsByTask[(submission.JobId, task)] = one.Errors;
            }
        results.CheckAgainst(plan, job.ResultsDirectory);

        // The latest submission covering each trial decides its state.
        var owner = new Dictionary<int, (SlurmSubmission Submission, int Task)>();
        foreach (var submission in job.Submissions)
            for (int task = 0; task < submission.Chunks.Count; task++)
                foreach (int id in TrialIds.Parse(submission.Chunks[task]))
                    owner[id] = (submission, task);

        var active = Query(job, finished: false);
        Dictionary<(string, int), SlurmTaskState>? final = null;
        var pending = new List<int>();
        var running = new List<int>();
        var failures = new List<SweepTrialFailure>();
        foreach (var trial in plan.Trials)
        {
            if (results.Rows.ContainsKey(trial.Id)) continue;
            string learner = plan.Learners[trial.Learner].Name.ToString();
            if (!owner.TryGetValue(trial.Id, out var where))
            {
                failures.Add(new SweepTrialFailure(trial.Id, learner, trial.N, trial.Seed, "Missing", "FeatureLearning.SweepTrialNotSubmitted",
                    "The trial was never submitted.", "", "", "", "", ""));
                continue;
            }
            if (active.TryGetValue((where.Submission.JobId, where.Task), out var state))
            {
                (state.State == "PENDING" ? pending : running).Add(trial.Id);
                continue;
            }
            final ??= Query(job, finished: true);
            final.TryGetValue((where.Submission.JobId, where.Task), out var ended);
            string errPath = job.StandardErrorPath(where.Submission, where.Task);
            string tail = Tail(errPath, 20);
            string slurmState = ended?.State ?? "UNKNOWN";
            string exitCode = ended?.ExitCode ?? "";
            if (errorsByTask.TryGetValue((where.Submission.JobId, where.Task), out var errors) && errors.TryGetValue(trial.Id, out var error))
                failures.Add(new SweepTrialFailure(trial.Id, learner, trial.N, trial.Seed, "Failed", error.Id, error.Message,
                    where.Submission.TaskJobId(where.Task), slurmState, exitCode, errPath, tail));
            else
                failures.Add(new SweepTrialFailure(trial.Id, learner, trial.N, trial.Seed, "Missing", "FeatureLearning.SweepTrialMissing",
                    $"Array task {where.Submission.TaskJobId(where.Task)} ended (Slurm state {slurmState}{(exitCode.Length > 0 ? $", exit code {exitCode}" : "")}) without a result for this trial; see its stderr.",
                    where.Submission.TaskJobId(where.Task), slurmState, exitCode, errPath, tail));
        }
        return new SlurmSweepStatus { Trials = plan.Trials.Count, Rows = results.Rows, Pending = pending, Running = running, Failures = failures };
    }

    public static string ResultsPath(SlurmSweepJob job, SlurmSubmission submission, int task) =>
        Path.Combine(job.ResultsDirectory, $"{submission.JobId}_{task}.jsonl");

    /// <summary>Array tasks Slurm knows about: queued or running ones (squeue), or finished ones (sacct, or scontrol where accounting is off).</summary>
    private Dictionary<(string, int), SlurmTaskState> Query(SlurmSweepJob job, bool finished)
    {
        var map = new Dictionary<(string, int), SlurmTaskState>();
        var ids = job.JobIds.ToHashSet();
        if (ids.Count == 0) return map;
        IEnumerable<SlurmTaskState> states;
        if (!finished)
        {
            var squeue = _commands.Run("squeue", new[] { "-h", "-r", "-u", Environment.UserName, "-o", "%F|%K|%T" });
            if (squeue.ExitCode != 0)
                throw new FeatureLearningException("FeatureLearning.SlurmQueryFailed",
                    $"squeue failed (exit code {squeue.ExitCode}): {squeue.Error.Trim()}", ErrorKind.ResourceUnavailable);
            states = SlurmTaskState.ParseSqueue(squeue.Output);
        }
        else
        {
            var sacct = _commands.Run("sacct", new[] { "-n", "-P", "-X", "-j", string.Join(',', ids), "-o", "JobID,State,ExitCode" });
            if (sacct.ExitCode == 0 && sacct.Output.Trim().Length > 0) states = SlurmTaskState.ParseSacct(sacct.Output);
            else
            {
                var list = new List<SlurmTaskState>();
                foreach (var id in ids)
                {
                    var scontrol = _commands.Run("scontrol", new[] { "-o", "show", "job", id });
                    if (scontrol.ExitCode == 0) list.AddRange(SlurmTaskState.ParseScontrol(scontrol.Output));
                }
                states = list;
            }
        }
        foreach (var s in states)
            if (ids.Contains(s.JobId)) map[(s.JobId, s.Task)] = s;
        return map;
    }

    private static string Tail(string path, int lines)
    {
        if (!File.Exists(path)) return "";
        var all = File.ReadAllLines(path);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";

    /// <summary>The sbatch script of one submission: a bash case maps the array task id to its chunk of trial ids.</summary>
    public static string BatchScript(SlurmSweepJob job, int number, IReadOnlyList<string> chunks)
    {
        var s = job.Settings;
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append($"#SBATCH --job-name={s.JobName}\n");
        text.Append($"#SBATCH --array=0-{chunks.Count - 1}{(s.MaxRunningTasks is { } max ? $"%{max}" : "")}\n");
        text.Append($"#SBATCH --cpus-per-task={s.CpusPerTask}\n");
        text.Append("#SBATCH --ntasks=1\n");
        if (!string.IsNullOrWhiteSpace(s.Partition)) text.Append($"#SBATCH --partition={s.Partition}\n");
        if (!string.IsNullOrWhiteSpace(s.TimeLimit)) text.Append($"#SBATCH --time={s.TimeLimit}\n");
        text.Append($"#SBATCH --chdir={job.Directory}\n");
        text.Append($"#SBATCH --output={Path.Combine(job.LogDirectory, "%A_%a.out")}\n");
        text.Append($"#SBATCH --error={Path.Combine(job.LogDirectory, "%A_%a.err")}\n");
        text.Append($"# FeatureLearning sweep, submission {number}: array task i runs chunk i of the trials of plan.json.\n");
        text.Append("set -u\n");
        foreach (var line in s.SetupCommands) text.Append(line).Append('\n');
        text.Append("case \"$SLURM_ARRAY_TASK_ID\" in\n");
        for (int i = 0; i < chunks.Count; i++) text.Append($"  {i}) trials='{chunks[i]}' ;;\n");
        text.Append("  *) echo \"no chunk for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;\nesac\n");
        text.Append($"{s.PowerShell} -NoProfile -NonInteractive -File {Quote(job.ChunkScriptPath)} -Module {Quote(s.ModulePath)} -Plan {Quote(job.PlanPath)} ");
        text.Append($"-Trials \"$trials\" -Results {Quote(job.ResultsDirectory)}\"/${{SLURM_ARRAY_JOB_ID}}_${{SLURM_ARRAY_TASK_ID}}.jsonl\" ");
        text.Append("-ThrottleLimit \"${SLURM_CPUS_PER_TASK:-1}\"\n");
        return text.ToString();
    }

    /// <summary>run-chunk.ps1: runs the given trials with Invoke-Sweep; failed trials go to stderr and the exit code.</summary>
    public const string ChunkScript = """
        # Written by Submit-Sweep: runs one chunk of a FeatureLearning sweep inside a Slurm array task.
        param(
            [Parameter(Mandatory)] [string]$Module,
            [Parameter(Mandatory)] [string]$Plan,
            [Parameter(Mandatory)] [string]$Trials,
            [Parameter(Mandatory)] [string]$Results,
            [int]$ThrottleLimit = 1
        )
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        $ids = [FeatureLearning.Core.Sweeps.TrialIds]::Parse($Trials)
        Write-Output "Running trials $Trials of $Plan on $([Environment]::MachineName) with $ThrottleLimit parallel trials."
        $failures = @()
        Invoke-Sweep -Path $Plan -TrialId $ids -ResultsPath $Results -Resume -ThrottleLimit $ThrottleLimit -ThreadsPerTrial 1 `
            -ErrorAction SilentlyContinue -ErrorVariable failures | Out-Null
        foreach ($failure in $failures) { [Console]::Error.WriteLine("$($failure.FullyQualifiedErrorId): $failure") }
        if ($failures.Count -gt 0) { exit 1 }
        Write-Output 'Done.'

        """;
}
