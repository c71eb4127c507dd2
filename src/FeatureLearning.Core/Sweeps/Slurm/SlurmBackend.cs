using System.Diagnostics;
using System.Text;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>
/// Runs a sweep plan as Slurm job arrays: writes the plan, a chunk-runner script, chunk lists and sbatch scripts to a
/// shared directory, submits the arrays as far as the cluster's limits allow (holding the rest back for later), and
/// reads the results back, telling done, queued, running, failed and lost trials apart.
/// </summary>
public sealed class SlurmBackend
{
    private readonly SlurmCommands _commands;

    public SlurmBackend(SlurmCommands? commands = null, string? user = null)
    {
        _commands = commands ?? new SlurmCommands();
        User = user ?? Environment.UserName;
    }

    public string User { get; }

    public SlurmCommands Commands => _commands;

    /// <summary>Delays before retrying an sbatch that failed for a transient reason (controller busy, socket timeout).</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15) };

    /// <summary>Creates the sweep directory (plan.json, plans/, run-chunk.ps1, chunks/, logs/, results/).</summary>
    public static SlurmSweepJob Create(SweepPlan plan, string identity, string directory, SlurmSettings settings)
    {
        settings.Validate();
        var full = Path.GetFullPath(SlurmText.Checked(directory, "-Directory"));
        var job = new SlurmSweepJob { Directory = full, Settings = settings };
        SlurmText.FilePatternFolder(job.LogDirectory, "-Directory");
        if (File.Exists(Path.Combine(full, SlurmSweepJob.FileName)))
            throw new FeatureLearningException("FeatureLearning.SweepDirectoryInUse",
                $"'{full}' already holds a submitted sweep; give a new -Directory, or use Receive-Sweep -Resubmit to rerun its failed trials.", ErrorKind.InvalidOperation);
        foreach (var folder in new[] { job.ResultsDirectory, job.LogDirectory, job.ChunkDirectory, job.PlanArchive })
            System.IO.Directory.CreateDirectory(folder);
        plan.Save(job.PlanPath);
        Archive(job, identity);
        File.WriteAllText(job.ChunkScriptPath, SlurmBatchScript.ChunkScript);
        // sweep-job.json appears with the first submission, so a failed sbatch leaves the directory reusable.
        return job;
    }

    /// <summary>Keeps a copy of plan.json as plans/HEX.json (once per version), so rows of an edited plan can still be checked trial by trial.</summary>
    public static void Archive(SlurmSweepJob job, string identity)
    {
        var copy = job.ArchivedPlanPath(identity);
        if (File.Exists(copy)) return;
        System.IO.Directory.CreateDirectory(job.PlanArchive);
        File.Copy(job.PlanPath, copy + ".tmp", overwrite: true);
        File.Move(copy + ".tmp", copy, overwrite: true);
    }

    /// <summary>
    /// Cuts <paramref name="trialIds"/> into array tasks of <see cref="SlurmSizing.ChunkSize"/> trials and arrays of
    /// <see cref="SlurmSizing.TasksPerArray"/> tasks, writes their chunk lists and sbatch scripts, and adds them to the
    /// job as held arrays (<see cref="SubmitHeld"/> submits them).
    /// </summary>
    public IReadOnlyList<SlurmArray> Prepare(SlurmSweepJob job, IReadOnlyList<int> trialIds, SlurmSizing sizing, string identity)
    {
        var ids = trialIds.Distinct().OrderBy(i => i).ToArray();
        if (ids.Length == 0)
            throw new FeatureLearningException("FeatureLearning.NothingToSubmit", "There are no trials to submit.", ErrorKind.InvalidOperation);
        int submission = job.Arrays.Count == 0 ? 1 : job.Arrays.Max(a => a.Submission) + 1;
        int k = sizing.ChunkSize, perArray = sizing.TasksPerArray;
        var arrays = new List<SlurmArray>();
        int tasks = (ids.Length + k - 1) / k;
        for (int first = 0, number = 1; first < tasks; first += perArray, number++)
        {
            int count = Math.Min(perArray, tasks - first);
            var chunks = new List<string>(count);
            for (int t = first; t < first + count; t++)
                chunks.Add(TrialIds.Format(new ArraySegment<int>(ids, t * k, Math.Min(k, ids.Length - t * k))));
            int from = first * k, to = Math.Min(ids.Length, (first + count) * k);
            string chunkFile = Path.Combine("chunks", $"{submission}-{number}.txt");
            string script = $"submit-{submission}-{number}.sbatch";
            var array = new SlurmArray
            {
                Submission = submission, Number = number, Tasks = count, TrialCount = to - from,
                Trials = TrialIds.Format(new ArraySegment<int>(ids, from, to - from)), Script = script, ChunkFile = chunkFile,
                PlanIdentity = identity, SbatchCommand = SlurmText.CommandLine("sbatch", SbatchArguments(job, script)),
            };
            SlurmChunks.Write(Path.Combine(job.Directory, chunkFile), chunks);
            File.WriteAllText(Path.Combine(job.Directory, script), SlurmBatchScript.Text(job, array));
            arrays.Add(array);
        }
        job.Arrays.AddRange(arrays);
        return arrays;
    }

    private static List<string> SbatchArguments(SlurmSweepJob job, string script)
    {
        var arguments = new List<string> { "--parsable" };
        arguments.AddRange(job.Settings.ExtraSbatchArguments.Select(a => SlurmText.Checked(a, "-ExtraSbatchArgument")));
        arguments.Add(Path.Combine(job.Directory, script));
        return arguments;
    }

    /// <summary>
    /// Submits held arrays in order while the room allows (array tasks the user may still queue, job records the
    /// controller can take). A refusal for a limit keeps the rest held; any other sbatch error is thrown, unless
    /// something was submitted already (then it is reported through <paramref name="warn"/> and the rest stay held).
    /// <paramref name="confirm"/> may decline an array (a dry run declines all). Returns the arrays submitted.
    /// </summary>
    public int SubmitHeld(SlurmSweepJob job, int? submitRoom, int? jobRoom, Func<SlurmArray, bool>? confirm = null,
        Action<string>? warn = null, CancellationToken cancel = default)
    {
        int submitted = 0;
        foreach (var array in job.Arrays.Where(a => a.IsHeld).ToList())
        {
            if (submitRoom is { } room && array.Tasks > room) break;
            if (jobRoom is { } records && records < 1) break;
            if (confirm is not null && !confirm(array)) continue;
            var arguments = SbatchArguments(job, array.Script);
            CommandResult result = _commands.Run("sbatch", arguments, cancel);
            for (int attempt = 0; attempt < RetryDelays.Count && result.ExitCode != 0 && IsTransient(result); attempt++)
            {
                if (cancel.WaitHandle.WaitOne(RetryDelays[attempt])) cancel.ThrowIfCancellationRequested();
                result = _commands.Run("sbatch", arguments, cancel);
            }
            string jobId = result.Output.Trim().Split('\n')[^1].Split(';')[0].Trim();
            if (result.ExitCode != 0 || jobId.Length == 0 || !jobId.All(char.IsAsciiDigit))
            {
                string message = $"{array.SbatchCommand} failed (exit code {result.ExitCode}): {(result.Error + result.Output).Trim()}";
                if (IsLimit(result) || IsTransient(result))
                {
                    warn?.Invoke($"{message}. The array stays held; Receive-Sweep submits it when the cluster accepts it.");
                    break;
                }
                if (submitted == 0 && !job.Arrays.Any(a => !a.IsHeld))
                    throw new FeatureLearningException("FeatureLearning.SlurmSubmitFailed", message, ErrorKind.ResourceUnavailable);
                warn?.Invoke($"{message}. It and the arrays after it stay held; fix the cause and run Receive-Sweep again.");
                break;
            }
            array.JobId = jobId;
            array.Submitted = DateTimeOffset.UtcNow;
            submitted++;
            if (submitRoom is not null) submitRoom -= array.Tasks;
            if (jobRoom is not null) jobRoom -= 1;
        }
        return submitted;
    }

    private static bool IsLimit(CommandResult result)
    {
        var text = result.Error + result.Output;
        return text.Contains("MaxSubmit", StringComparison.OrdinalIgnoreCase) || text.Contains("submit limit", StringComparison.OrdinalIgnoreCase)
            || text.Contains("QOSMaxSubmitJob", StringComparison.OrdinalIgnoreCase) || text.Contains("AssocMaxSubmitJob", StringComparison.OrdinalIgnoreCase)
            || text.Contains("MaxJobCount", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsTransient(CommandResult result)
    {
        var text = result.Error + result.Output;
        return result.ExitCode == -1 || text.Contains("temporarily", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Socket timed out", StringComparison.OrdinalIgnoreCase) || text.Contains("Unable to contact", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Where the sweep stands. Order matters: squeue first (which tasks are still queued or running), held arrays
    /// submitted where there is room, then the results files, so a task that ends while we read is counted by its
    /// results, never as lost. <paramref name="earlierPlan"/> returns a plan version by identity (from plans/), to keep
    /// rows computed before plan.json was edited for the trials the edit left unchanged. Pass the same
    /// <paramref name="index"/> to every poll of one sweep: files are then read on from where the last poll stopped
    /// (a new index is made when there is none or the plan changed).
    /// </summary>
    public SlurmSweepStatus Collect(SlurmSweepJob job, SlurmPlanView plan, Func<string, SweepPlan?> earlierPlan, ref SweepResultIndex? index,
        SweepResultIndex.RowVisitor? onRow = null, Action<double, string>? progress = null, Action<string>? warn = null,
        CancellationToken cancel = default)
    {
        var active = ActiveTasks(cancel, out int userJobs);

        int arraysSubmitted = 0;
        var fresh = new HashSet<SlurmArray>();
        if (job.HeldArrays > 0)
        {
            var held = job.Arrays.Where(a => a.IsHeld).ToHashSet();
            int? room = job.Limits?.MaxSubmitJobs is { } max ? Math.Max(0, max - userJobs) : null;
            arraysSubmitted = SubmitHeld(job, room, null, null, warn, cancel);
            fresh.UnionWith(held.Where(a => !a.IsHeld));
            if (arraysSubmitted > 0) job.Save();
        }

        // Which array task ran each trial last (later arrays win).
        int maxId = plan.TrialIds.Length == 0 ? 0 : plan.TrialIds[^1];
        var ownerArray = new int[maxId + 1];
        var ownerTask = new int[maxId + 1];
        Array.Fill(ownerArray, -1);
        for (int a = 0; a < job.Arrays.Count; a++)
        {
            int task = 0;
            foreach (var line in SlurmChunks.ReadAll(Path.Combine(job.Directory, job.Arrays[a].ChunkFile)))
            {
                foreach (int id in TrialIds.Parse(line))
                    if (id <= maxId)
                    {
                        ownerArray[id] = a;
                        ownerTask[id] = task;
                    }
                task++;
            }
        }

        // Results files, each read once; rows under another plan version count only where the trial did not change.
        var clock = Stopwatch.StartNew();
        if (index is null || index.PlanIdentity != plan.Identity || index.Capacity != maxId + 1)
        {
            index?.Dispose();
            index = new SweepResultIndex(maxId) { PlanIdentity = plan.Identity };
        }
        long linesBefore = index.LinesRead;
        var results = index;
        try
        {
            var unchanged = new Dictionary<string, HashSet<int>?>(StringComparer.Ordinal);
            Func<int, bool>? Accept(string? fileIdentity)
            {
                if (fileIdentity == plan.Identity) return null;
                if (fileIdentity is null) return _ => false;
                if (!unchanged.TryGetValue(fileIdentity, out var same))
                {
                    var earlier = earlierPlan(fileIdentity);
                    unchanged[fileIdentity] = same = earlier is null ? null : SweepPlanIdentity.UnchangedTrials(earlier, plan.Plan);
                }
                return same is null ? _ => false : same.Contains;
            }
            var present = System.IO.Directory.Exists(job.ResultsDirectory)
                ? System.IO.Directory.EnumerateFiles(job.ResultsDirectory, "*.jsonl").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string?>();
            var fileOf = new Dictionary<(int Array, int Task), int>();
            int totalTasks = job.Arrays.Where(a => !a.IsHeld).Sum(a => a.Tasks), seen = 0;
            for (int a = 0; a < job.Arrays.Count; a++)
            {
                var array = job.Arrays[a];
                if (array.IsHeld) continue;
                for (int task = 0; task < array.Tasks; task++, seen++)
                {
                    if (!present.Contains($"{array.JobId}_{task}.jsonl")) continue;
                    fileOf[(a, task)] = results.Add(job.ResultsPath(array, task), Accept, onRow, cancel);
                    progress?.Invoke((double)seen / Math.Max(1, totalTasks), $"Reading results: {seen + 1} of {totalTasks} array tasks, {results.RowCount} rows");
                }
            }
            var readTime = clock.Elapsed;

            // Classify every trial.
            int done = 0, queued = 0, held = 0, running = 0, stale = 0;
            var failures = new List<(int Trial, int Array, int Task, TrialError Error)>();
            var lost = new Dictionary<(int Array, int Task), List<int>>();
            var staleLost = new Dictionary<(int Array, int Task), List<int>>();
            foreach (int trial in plan.TrialIds)
            {
                if (results.HasRow(trial)) { done++; continue; }
                int a = ownerArray[trial], task = ownerTask[trial];
                if (a < 0)
                {
                    Add(lost, (-1, -1), trial);
                    continue;
                }
                var array = job.Arrays[a];
                if (array.IsHeld) { queued++; held++; continue; }
                if (fresh.Contains(array)) { queued++; continue; }
                if (active.TryGetValue((array.JobId!, task), out var state))
                {
                    if (state.IsQueued) queued++;
                    else running++;
                    continue;
                }
                if (fileOf.TryGetValue((a, task), out int file) && results.ErrorIn(trial, file) is { } error)
                    failures.Add((trial, a, task, error));
                else if (results.StaleTrials.Contains(trial))
                {
                    stale++;
                    Add(staleLost, (a, task), trial);
                }
                else Add(lost, (a, task), trial);
            }

            // Final Slurm states only for the tasks that have something to report.
            var ended = EndedTasks(job, failures.Select(f => f.Array).Concat(lost.Keys.Select(k => k.Array)).Concat(staleLost.Keys.Select(k => k.Array))
                .Where(a => a >= 0).Distinct().Select(a => job.Arrays[a].JobId!).ToList(), cancel);
            SlurmTaskState? Ended(int a, int task) => ended.GetValueOrDefault((job.Arrays[a].JobId!, task));

            var failureRecords = failures.Select(f =>
            {
                var array = job.Arrays[f.Array];
                var state = Ended(f.Array, f.Task);
                string err = job.StandardErrorPath(array, f.Task);
                return new SweepTrialFailure(f.Trial, plan.Describe(f.Trial), f.Error.Id, f.Error.Message, array.TaskJobId(f.Task),
                    state?.State ?? "UNKNOWN", state?.ExitCode ?? "", err, Tail(err));
            }).ToList();

            var losses = new List<SweepTaskLoss>();
            foreach (var ((a, task), trials) in lost.OrderBy(p => p.Key.Array).ThenBy(p => p.Key.Task))
            {
                if (a < 0)
                {
                    losses.Add(new SweepTaskLoss("", "", "", TrialIds.Format(trials), trials.Count, "never submitted (not in any array of this sweep)", "", ""));
                    continue;
                }
                var array = job.Arrays[a];
                var state = Ended(a, task);
                string slurmState = state?.State ?? "UNKNOWN", exit = state?.ExitCode ?? "";
                string err = job.StandardErrorPath(array, task);
                losses.Add(new SweepTaskLoss(array.TaskJobId(task), slurmState, exit, TrialIds.Format(trials), trials.Count,
                    $"array task ended (Slurm state {slurmState}{(exit.Length > 0 ? $", exit code {exit}" : "")}) without a result for these trials", err, Tail(err)));
            }
            foreach (var ((a, task), trials) in staleLost.OrderBy(p => p.Key.Array).ThenBy(p => p.Key.Task))
            {
                var array = job.Arrays[a];
                var state = Ended(a, task);
                losses.Add(new SweepTaskLoss(array.TaskJobId(task), state?.State ?? "UNKNOWN", state?.ExitCode ?? "", TrialIds.Format(trials), trials.Count,
                    "their rows were computed under an earlier plan.json that differs for these trials", job.StandardErrorPath(array, task), ""));
            }

            var missing = failures.Select(f => f.Trial).Concat(losses.SelectMany(l => TrialIds.Parse(l.Trials))).OrderBy(i => i).ToList();
            var failedTasks = failureRecords.Select(f => f.SlurmJobId).Concat(losses.Select(l => l.SlurmJobId)).Where(s => s.Length > 0).Distinct().ToList();
            return new SlurmSweepStatus
            {
                Trials = plan.TrialIds.Length, Done = done, Queued = queued, Held = held, Running = running, Failed = failureRecords.Count,
                Lost = losses.Sum(l => l.TrialCount), Stale = stale, CorruptLines = results.CorruptLines, Failures = failureRecords, Losses = losses,
                FailedTaskIds = failedTasks, ArraysSubmitted = arraysSubmitted, FilesRead = fileOf.Count, LinesRead = results.LinesRead - linesBefore, ReadTime = readTime,
                Missing = missing, Index = index, TrialIdsInOrder = plan.TrialIds,
            };
        }
        catch
        {
            index.Dispose();
            index = null;
            throw;
        }
    }

    private static void Add(Dictionary<(int, int), List<int>> groups, (int, int) key, int id)
    {
        if (!groups.TryGetValue(key, out var list)) groups[key] = list = new List<int>();
        list.Add(id);
    }

    /// <summary>The user's array tasks that squeue lists (queued, running, requeued...), and how many jobs and tasks the user has.</summary>
    private Dictionary<(string, int), SlurmTaskState> ActiveTasks(CancellationToken cancel, out int userJobs)
    {
        var squeue = _commands.Run("squeue", new[] { "-h", "-r", "-u", User, "-o", "%F|%K|%T" }, cancel);
        if (squeue.ExitCode != 0)
            throw new FeatureLearningException("FeatureLearning.SlurmQueryFailed",
                $"squeue failed (exit code {squeue.ExitCode}): {squeue.Error.Trim()}", ErrorKind.ResourceUnavailable);
        var map = new Dictionary<(string, int), SlurmTaskState>();
        userJobs = 0;
        foreach (var line in squeue.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) userJobs++;
        foreach (var s in SlurmTaskState.ParseSqueue(squeue.Output)) map[(s.JobId, s.Task)] = s;
        return map;
    }

    /// <summary>Final states of the tasks of these arrays: sacct (in batches), or scontrol where accounting is off.</summary>
    private Dictionary<(string, int), SlurmTaskState> EndedTasks(SlurmSweepJob job, IReadOnlyList<string> jobIds, CancellationToken cancel)
    {
        var map = new Dictionary<(string, int), SlurmTaskState>();
        if (jobIds.Count == 0) return map;
        var wanted = jobIds.ToHashSet();
        var remaining = new List<string>();
        foreach (var batch in jobIds.Chunk(100))
        {
            var sacct = _commands.Run("sacct", new[] { "-n", "-P", "-X", "-j", string.Join(',', batch), "-o", "JobID,State,ExitCode" }, cancel);
            if (sacct.ExitCode == 0 && sacct.Output.Trim().Length > 0)
                foreach (var s in SlurmTaskState.ParseSacct(sacct.Output))
                {
                    if (wanted.Contains(s.JobId)) map[(s.JobId, s.Task)] = s;
                }
            else remaining.AddRange(batch);
        }
        foreach (var id in remaining)
        {
            var scontrol = _commands.Run("scontrol", new[] { "-o", "show", "job", id }, cancel);
            if (scontrol.ExitCode != 0) continue;
            foreach (var s in SlurmTaskState.ParseScontrol(scontrol.Output))
                if (wanted.Contains(s.JobId)) map[(s.JobId, s.Task)] = s;
        }
        return map;
    }

    /// <summary>The last lines of a log (read from its end, so a long log of a requeued task costs nothing).</summary>
    internal static string Tail(string path, int lines = 20)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long start = Math.Max(0, stream.Length - 8192);
        stream.Seek(start, SeekOrigin.Begin);
        var text = new StreamReader(stream, Encoding.UTF8).ReadToEnd();
        var all = text.Split('\n');
        if (start > 0) all = all.Skip(1).ToArray();
        return string.Join('\n', all.Reverse().SkipWhile(string.IsNullOrWhiteSpace).Take(lines).Reverse());
    }
}
