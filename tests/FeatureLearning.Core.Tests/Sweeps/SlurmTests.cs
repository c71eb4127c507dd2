using FeatureLearning.Core.Sweeps;
using FeatureLearning.Core.Sweeps.Slurm;

namespace FeatureLearning.Core.Tests.Sweeps;

public class SlurmTests
{
    // Outputs as printed by Slurm 22.05 (squeue -h -r -o "%F|%K|%T", sacct -n -P -X -o JobID,State,ExitCode, scontrol -o show job).
    [Fact]
    public void ParsesSqueueSacctAndScontrol()
    {
        var queued = SlurmTaskState.ParseSqueue("12|2|PENDING\n12|0|RUNNING\n13|N/A|RUNNING\n12|3|REQUEUED\n").ToList();
        Assert.Equal(3, queued.Count);
        Assert.True(queued.All(s => s.IsActive));
        Assert.Equal(("12", 2), (queued[0].JobId, queued[0].Task));
        Assert.Equal(new[] { true, false, true }, queued.Select(s => s.IsQueued));

        var ended = SlurmTaskState.ParseSacct("12_0|COMPLETED|0:0\n12_1|FAILED|1:0\n12_2|CANCELLED by 0|0:15\n").ToList();
        Assert.Equal(new[] { "COMPLETED", "FAILED", "CANCELLED" }, ended.Select(s => s.State));
        Assert.Equal("1:0", ended[1].ExitCode);
        Assert.False(ended[1].IsActive);

        var shown = SlurmTaskState.ParseScontrol(
            "JobId=5 ArrayJobId=4 ArrayTaskId=1 JobName=fl-sweep UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=1:0 RunTime=00:00:04\n" +
            "JobId=4 ArrayJobId=4 ArrayTaskId=2-3 JobName=fl-sweep JobState=PENDING ExitCode=0:0\n").ToList();
        var single = Assert.Single(shown);
        Assert.Equal(new SlurmTaskState("4", 1, "FAILED", "1:0"), single);
    }

    private static SlurmSweepJob Job(string directory = "/shared/sweep", SlurmSettings? settings = null) => new()
    {
        Directory = directory,
        Settings = settings ?? new SlurmSettings
        {
            PowerShell = new[] { "pwsh" }, ModulePath = "/opt/fl/FeatureLearning.psd1", Partition = "short", TimeLimit = "01:00:00",
            CpusPerTask = 4, MaxRunningTasks = 8, SetupCommands = new[] { "module load dotnet" },
        },
    };

    private static SlurmArray Array(int tasks = 3) => new()
    {
        Submission = 1, Number = 2, Tasks = tasks, TrialCount = 21, Trials = "0-20", Script = "submit-1-2.sbatch",
        ChunkFile = "chunks/1-2.txt", PlanIdentity = "sha256:00", SbatchCommand = "sbatch --parsable /shared/sweep/submit-1-2.sbatch",
    };

    [Fact]
    public void BatchScriptHasItsOptionsInTheHeaderAndOneQuotedCommandLine()
    {
        var script = SlurmBatchScript.Text(Job(), Array());
        var header = SbatchHeader.Parse(script);
        Assert.Equal("0-2%8", header["array"]);
        Assert.Equal("short", header["partition"]);
        Assert.Equal("01:00:00", header["time"]);
        Assert.Equal("4", header["cpus-per-task"]);
        Assert.Equal("/shared/sweep", header["chdir"]);
        Assert.Equal("/shared/sweep/logs/%A_%a.err", header["error"]);
        Assert.True(header.ContainsKey("requeue"));
        Assert.Contains("\nmodule load dotnet\n", script);
        Assert.Contains("'pwsh' -NoProfile -NonInteractive -File '/shared/sweep/run-chunk.ps1'", script);
        Assert.Contains("-Chunks '/shared/sweep/chunks/1-2.txt' -Task \"$SLURM_ARRAY_TASK_ID\"", script);
    }

    public static TheoryData<string> Hostile() => new()
    {
        "x; touch PWNED", "$(touch PWNED)", "`touch PWNED`", "it's \"quoted\"", "with  two spaces", "#not-a-comment", "100%A", "a'$(touch PWNED)'b",
    };

    /// <summary>
    /// Each hostile value in each parameter: sbatch's own rules read the header back to exactly that value, and bash
    /// runs the script with the value as one argument and executes nothing of it (no PWNED file appears).
    /// </summary>
    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileValuesStayInertInTheHeaderAndOnTheCommandLine(string value)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var root = Path.Combine(Path.GetTempPath(), $"fl-inert-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var fake = Path.Combine(root, "fake pwsh");
            File.WriteAllText(fake, "#!/bin/bash\nprintf '%s\\0' \"$@\" > \"$FL_ARGV\"\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string directory = Path.Combine(root, "sweep " + value);
            var settings = new SlurmSettings
            {
                PowerShell = new[] { fake, value }, ModulePath = Path.Combine(root, value, "FeatureLearning.psd1"), JobName = value, Partition = value,
                ExtraSbatchArguments = new[] { "--comment=" + value },
            };
            settings.Validate();
            var job = Job(directory, settings);
            var script = SlurmBatchScript.Text(job, Array());

            var header = SbatchHeader.Parse(script);
            Assert.Equal(value, header["job-name"]);
            Assert.Equal(value, header["partition"]);
            Assert.Equal(directory, header["chdir"]);
            Assert.Equal(Path.Combine(directory.Replace("%", "%%"), "logs", "%A_%a.out"), header["output"]);

            var scriptPath = Path.Combine(root, "job.sbatch");
            File.WriteAllText(scriptPath, script);
            var argv = Path.Combine(root, "argv");
            var start = new System.Diagnostics.ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardError = true };
            start.ArgumentList.Add(scriptPath);
            start.Environment["SLURM_ARRAY_TASK_ID"] = "0";
            start.Environment["SLURM_ARRAY_JOB_ID"] = "7";
            start.Environment["SLURM_CPUS_PER_TASK"] = "2";
            start.Environment["FL_ARGV"] = argv;
            using (var bash = System.Diagnostics.Process.Start(start)!)
            {
                string error = bash.StandardError.ReadToEnd();
                bash.WaitForExit();
                Assert.True(bash.ExitCode == 0, error);
            }
            var words = File.ReadAllText(argv).Split('\0', StringSplitOptions.None)[..^1];
            Assert.Equal(new[]
            {
                value, "-NoProfile", "-NonInteractive", "-File", Path.Combine(directory, "run-chunk.ps1"), "-Module", settings.ModulePath,
                "-Plan", Path.Combine(directory, "plan.json"), "-Chunks", Path.Combine(directory, "chunks", "1-2.txt"), "-Task", "0",
                "-Results", Path.Combine(directory, "results", "7_0.jsonl"), "-ThrottleLimit", "2",
            }, words);
            Assert.Empty(Directory.GetFiles(root, "PWNED*", SearchOption.AllDirectories));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Theory]
    [InlineData("fl\ntouch /tmp/pwned")]
    [InlineData("fl\r")]
    [InlineData("fl\u0000x")]
    [InlineData("fl\u2028x")]
    public void ControlCharactersAreRefusedInEveryValue(string value)
    {
        var good = Job().Settings;
        var variants = new[]
        {
            good with { JobName = value }, good with { Partition = value }, good with { ModulePath = value }, good with { PowerShell = new[] { value } },
            good with { ExtraSbatchArguments = new[] { value } }, good with { SetupCommands = new[] { value } }, good with { TimeLimit = value },
        };
        foreach (var settings in variants)
        {
            var ex = Assert.Throws<FeatureLearningException>(settings.Validate);
            Assert.Contains(ex.ErrorId, new[] { "FeatureLearning.InvalidSlurmValue", "FeatureLearning.InvalidTimeLimit" });
        }
        Assert.Throws<FeatureLearningException>(() => SlurmBatchScript.Text(Job("/shared/" + value), Array()));
    }

    [Theory]
    [InlineData("30", 1800.0)]
    [InlineData("30:15", 1815.0)]
    [InlineData("02:00:00", 7200.0)]
    [InlineData("1-00", 86400.0)]
    [InlineData("1-02:30", 95400.0)]
    [InlineData("2-00:00:10", 172810.0)]
    public void TimeLimitsInSbatchFormatsAreRead(string text, double seconds) => Assert.Equal(seconds, SlurmText.TimeLimitSeconds(text));

    [Theory]
    [InlineData("1h")]
    [InlineData("01:00:00; touch x")]
    [InlineData("-5")]
    [InlineData("1:2:3:4")]
    public void OtherTimeLimitsAreRefused(string text) =>
        Assert.Equal("FeatureLearning.InvalidTimeLimit", Assert.Throws<FeatureLearningException>(() => SlurmText.TimeLimitSeconds(text)).ErrorId);

    [Fact]
    public void BackslashInTheDirectoryIsRefusedBecauseItDisablesLogFilePatterns() =>
        Assert.Throws<FeatureLearningException>(() => SlurmBatchScript.Text(Job("/shared/a\\b"), Array()));

    // What Slurm 22.05 printed on the test cluster (abridged) and what sacctmgr prints without a database.
    private const string ScontrolConfig = """
        Configuration data as of 2026-12-02T06:40:00
        AccountingStorageBackupHost = (null)
        MaxArraySize            = 5
        MaxJobCount             = 10000
        SchedulerParameters     = bf_interval=30,max_array_tasks=3,default_queue_depth=100
        """;

    private sealed class FakeSlurm(Func<string, IReadOnlyList<string>, CommandResult> answer) : SlurmCommands
    {
        public List<string> Calls { get; } = new();

        public override CommandResult Run(string command, IReadOnlyList<string> arguments, CancellationToken cancel = default)
        {
            Calls.Add(command + " " + string.Join(' ', arguments));
            return answer(command, arguments);
        }
    }

    [Fact]
    public void LimitsComeFromScontrolSacctmgrAndSqueue()
    {
        var slurm = new FakeSlurm((command, arguments) => (command, arguments.Contains("assoc"), arguments.Contains("-r")) switch
        {
            ("scontrol", _, _) => new CommandResult(0, ScontrolConfig, ""),
            ("sacctmgr", true, _) => new CommandResult(0, "200||normal|normal,long\n150||long|long\n", ""),
            ("sacctmgr", false, _) => new CommandResult(0, "normal|120\nlong|\n", ""),
            ("squeue", _, true) => new CommandResult(0, "7_1\n7_2\n8\n", ""),
            ("squeue", _, false) => new CommandResult(0, "7_[3-9]\n7_1\n7_2\n8\n9\n", ""),
            _ => new CommandResult(1, "", "unexpected"),
        });
        var limits = SlurmLimits.Read(slurm, "me");
        Assert.Equal(5, limits.MaxArraySize);
        Assert.Equal(3, limits.MaxArrayTasks);
        Assert.Equal(3, limits.TasksPerArray);
        Assert.Equal(10000, limits.MaxJobCount);
        Assert.Equal(120, limits.MaxSubmitJobs);        // the QOS per-user limit is the smallest
        Assert.Equal(3, limits.UserJobs);
        Assert.Equal(117, limits.SubmitRoom);
        Assert.Equal(5, limits.ClusterJobs);
        Assert.Contains("MaxSubmitJobsPerUser=120", limits.Source);
    }

    [Fact]
    public void WithoutAnAccountingDatabaseThereIsNoSubmitLimit()
    {
        var slurm = new FakeSlurm((command, _) => command switch
        {
            "scontrol" => new CommandResult(0, ScontrolConfig, ""),
            "sacctmgr" => new CommandResult(1, "", "sacctmgr: error: Problem talking to the database: Connection refused"),
            _ => new CommandResult(0, "", ""),
        });
        var limits = SlurmLimits.Read(slurm, "me");
        Assert.Null(limits.MaxSubmitJobs);
        Assert.Null(limits.SubmitRoom);
        Assert.Contains("Connection refused", limits.Source);
    }

    private static SlurmLimits Limits(int arraySize = 1001, int? submit = null, int queued = 0, int? arrayTasks = null) =>
        new() { MaxArraySize = arraySize, MaxSubmitJobs = submit, UserJobs = queued, MaxArrayTasks = arrayTasks };

    [Theory]
    [InlineData(6000, 1, 30.0, 15.0)]
    [InlineData(86580, 4, 2.5, 15.0)]
    [InlineData(10, 2, 600.0, 15.0)]
    [InlineData(1000000, 1, 0.01, 15.0)]
    public void ChunksAreSizedForTheTargetDuration(int trials, int cpus, double seconds, double target)
    {
        var sizing = SlurmSizing.Choose(trials, cpus, seconds, "test", target, null, null, Limits());
        // Whole rounds of parallel trials: as many as fit in the target, and at least one.
        double rounds = Math.Ceiling((double)sizing.ChunkSize / cpus);
        if (sizing.ChunkSize < trials)
        {
            if (seconds <= target * 60)
            {
                Assert.True(rounds * seconds <= target * 60 + 1e-9, sizing.ToString());
                Assert.True((rounds + 1) * seconds > target * 60, sizing.ToString());
            }
            else Assert.Equal(cpus, sizing.ChunkSize);
        }
        Assert.True((long)sizing.Tasks * sizing.ChunkSize >= trials && (long)(sizing.Tasks - 1) * sizing.ChunkSize < trials);
        Assert.True(sizing.TasksPerArray <= 1001 && (long)sizing.Arrays * sizing.TasksPerArray >= sizing.Tasks);
        Assert.Equal(sizing.Tasks, sizing.TasksSubmittableNow);
    }

    [Fact]
    public void TheIssuesPlanFitsMaxArraySize()
    {
        // 6 000 trials in chunks of 5 were 1 200 array tasks, refused by Slurm's default MaxArraySize of 1001.
        var sizing = SlurmSizing.Choose(6000, 1, 30, "test", 15, chunkSize: 5, null, Limits());
        Assert.Equal(5, sizing.ChunkSize);
        Assert.Equal(1200, sizing.Tasks);
        Assert.Equal(2, sizing.Arrays);
        Assert.True(sizing.TasksPerArray <= 1001);
        Assert.Contains(sizing.Reasons, r => r.Contains("2 arrays"));
    }

    [Fact]
    public void SizingWithoutATrialCostSurvivesTheJobFile()
    {
        // -ChunkSize given, no -TrialSeconds: nothing to estimate, so the costs are null; the job file leaves nulls out,
        // and reading it back failed (the costs were required members), so Receive-Sweep -Resubmit could not load the job.
        var sizing = SlurmSizing.Choose(8, 1, null, "none", 15, chunkSize: 3, null, Limits());
        Assert.Null(sizing.TrialSeconds);
        Assert.Null(sizing.TaskMinutes);
        string json = System.Text.Json.JsonSerializer.Serialize(sizing, SweepJson.Indented);
        var back = System.Text.Json.JsonSerializer.Deserialize<SlurmSizing>(json, SweepJson.Indented)!;
        Assert.Null(back.TrialSeconds);
        Assert.Equal(sizing.ChunkSize, back.ChunkSize);
        Assert.Equal(sizing.Tasks, back.Tasks);
    }

    [Fact]
    public void TheTimeLimitCapsTasksAndTheSubmitLimitRaisesThemWhereItCan()
    {
        var capped = SlurmSizing.Choose(10000, 2, 60, "test", 60, null, timeLimitSeconds: 1800, Limits());
        Assert.True(Math.Ceiling(capped.ChunkSize / 2.0) * 60 <= 0.8 * 1800);

        // 10 000 trials of 1 s in 15-minute tasks are 12 tasks; with room for only 5, chunks grow to 2 000.
        var raised = SlurmSizing.Choose(10000, 1, 1, "test", 15, null, null, Limits(submit: 25, queued: 20));
        Assert.Equal(5, raised.Tasks);
        Assert.Equal(2000, raised.ChunkSize);
        Assert.Equal(5, raised.TasksSubmittableNow);

        // When the time limit forbids larger tasks, as many as fit are submitted now and the rest are held.
        var held = SlurmSizing.Choose(100000, 1, 10, "test", 15, null, timeLimitSeconds: 600, Limits(arraySize: 1001, submit: 400));
        Assert.True(held.ChunkSize * 10 <= 0.8 * 600);
        Assert.True(held.Tasks > 400);
        Assert.Equal(400, held.TasksSubmittableNow);
        Assert.True(held.TasksPerArray <= 100);
    }

    [Fact]
    public void ArraysRespectMaxArrayTasksToo()
    {
        var sizing = SlurmSizing.Choose(100, 1, 1000, "test", 15, null, null, Limits(arraySize: 1001, arrayTasks: 30));
        Assert.Equal(30, sizing.TasksPerArray);
        Assert.Equal(4, sizing.Arrays);
    }

    /// <summary>
    /// The #SBATCH options of a script as sbatch reads them (after _get_argument in Slurm's src/sbatch/opt.c): arguments
    /// split at unquoted white space, quotes group and are dropped, a backslash takes the next character as it is, an
    /// unquoted '#' starts a comment; parsing stops at the first line that is neither blank nor a comment.
    /// </summary>
    internal static class SbatchHeader
    {
        public static Dictionary<string, string> Parse(string script)
        {
            var options = new Dictionary<string, string>();
            foreach (var raw in script.Split('\n').Skip(1))
            {
                var line = raw.Trim();
                if (line.StartsWith("#SBATCH", StringComparison.Ordinal))
                {
                    foreach (var argument in Arguments(line["#SBATCH".Length..]))
                    {
                        Assert.StartsWith("--", argument);
                        int eq = argument.IndexOf('=');
                        options[eq < 0 ? argument[2..] : argument[2..eq]] = eq < 0 ? "" : argument[(eq + 1)..];
                    }
                }
                else if (line.Length > 0 && !line.StartsWith('#')) break;
            }
            return options;
        }

        private static IEnumerable<string> Arguments(string line)
        {
            int i = 0;
            while (true)
            {
                while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
                if (i >= line.Length) yield break;
                var argument = new System.Text.StringBuilder();
                bool quoted = false, escape = false;
                char quote = '\0';
                for (; i < line.Length && (quoted || !char.IsWhiteSpace(line[i])); i++)
                {
                    char c = line[i];
                    if (escape) escape = false;
                    else if (c == '\\') { escape = true; continue; }
                    else if (quoted) { if (c == quote) { quoted = false; continue; } }
                    else if (c is '"' or '\'') { quoted = true; quote = c; continue; }
                    else if (c == '#') { if (argument.Length > 0) yield return argument.ToString(); yield break; }
                    argument.Append(c);
                }
                yield return argument.ToString();
            }
        }
    }
}
