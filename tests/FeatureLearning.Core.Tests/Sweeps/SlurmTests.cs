using FeatureLearning.Core.Sweeps.Slurm;

namespace FeatureLearning.Core.Tests.Sweeps;

public class SlurmTests
{
    // Outputs as printed by Slurm 22.05 (squeue -h -r -o "%F|%K|%T", sacct -n -P -X -o JobID,State,ExitCode, scontrol -o show job).
    [Fact]
    public void ParsesSqueueSacctAndScontrol()
    {
        var queued = SlurmTaskState.ParseSqueue("12|2|PENDING\n12|0|RUNNING\n13|N/A|RUNNING\n").ToList();
        Assert.Equal(2, queued.Count);
        Assert.True(queued.All(s => s.IsActive));
        Assert.Equal(("12", 2), (queued[0].JobId, queued[0].Task));

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

    [Fact]
    public void BatchScriptMapsEachArrayTaskToItsChunk()
    {
        var job = new SlurmSweepJob
        {
            Directory = "/shared/sweep",
            Settings = new SlurmSettings
            {
                PowerShell = "pwsh", ModulePath = "/opt/fl/FeatureLearning.psd1", Partition = "short", TimeLimit = "01:00:00",
                CpusPerTask = 4, MaxRunningTasks = 8, SetupCommands = new[] { "module load dotnet" },
            },
        };
        var script = SlurmBackend.BatchScript(job, 1, new[] { "0-9", "10-19", "20" });
        Assert.Contains("#SBATCH --array=0-2%8\n", script);
        Assert.Contains("#SBATCH --partition=short\n", script);
        Assert.Contains("#SBATCH --time=01:00:00\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=4\n", script);
        Assert.Contains("  1) trials='10-19' ;;\n", script);
        Assert.Contains("module load dotnet\n", script);
        Assert.Contains("pwsh -NoProfile -NonInteractive -File '/shared/sweep/run-chunk.ps1' -Module '/opt/fl/FeatureLearning.psd1'", script);
    }
}
