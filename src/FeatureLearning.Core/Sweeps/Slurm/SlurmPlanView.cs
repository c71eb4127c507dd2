using System.Security.Cryptography;
using System.Text.Json;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>
/// What collecting a sweep needs of plan.json: its identity and its trial ids. Both are cached in plans/summary.json
/// under the SHA-256 of the file's bytes, so a plan of a million trials (about 100 MB of JSON, a gigabyte while being
/// deserialized) is deserialized only when the file changed, or when a trial must be described or compared.
/// </summary>
public sealed class SlurmPlanView
{
    private readonly string _path;
    private SweepPlan? _plan;

    private SlurmPlanView(string path, string fileHash, string identity, int[] trialIds, string[] diagnosticNames, SweepPlan? plan)
    {
        _path = path;
        FileHash = fileHash;
        Identity = identity;
        TrialIds = trialIds;
        DiagnosticNames = diagnosticNames;
        _plan = plan;
    }

    /// <summary>SHA-256 of plan.json's bytes.</summary>
    public string FileHash { get; }

    /// <summary>The plan's identity (<see cref="SweepPlanIdentity"/>).</summary>
    public string Identity { get; }

    /// <summary>The plan's trial ids, ascending.</summary>
    public int[] TrialIds { get; }

    /// <summary>The diagnostic columns of the plan's rows (<see cref="SweepPlan.DiagnosticNames"/>), so rows print with Compare-Learner's columns.</summary>
    public string[] DiagnosticNames { get; }

    public bool IsLoaded => _plan is not null;

    /// <summary>The plan itself, deserialized on first use.</summary>
    public SweepPlan Plan => _plan ??= SweepPlan.Load(_path);

    /// <summary>
    /// "TwoLayerNet n=100 seed=2"; for a plan of more than <see cref="DescribeLimit"/> trials that is not loaded yet,
    /// only "trial 12345" (a failure report should not cost a gigabyte of deserialization).
    /// </summary>
    public string Describe(int trial) =>
        IsLoaded || TrialIds.Length <= DescribeLimit ? Plan.Describe(Plan.Trial(trial)) : $"trial {trial} (see plan.json)";

    public const int DescribeLimit = 200_000;

    private sealed record Summary(string File, string Identity, string Trials, string[]? Columns = null);

    private static string SummaryPath(SlurmSweepJob job) => Path.Combine(job.PlanArchive, "summary.json");

    /// <summary>The view of the job's plan.json: from the summary when its hash matches, otherwise from the plan (then summarised and archived).</summary>
    public static SlurmPlanView Open(SlurmSweepJob job)
    {
        string hash = HashFile(job.PlanPath);
        var summaryPath = SummaryPath(job);
        if (File.Exists(summaryPath))
        {
            try
            {
                var summary = JsonSerializer.Deserialize<Summary>(File.ReadAllText(summaryPath), SweepJson.Compact);
                if (summary is not null && summary.File == hash && summary.Columns is not null)
                    return new SlurmPlanView(job.PlanPath, hash, summary.Identity, Sweeps.TrialIds.Parse(summary.Trials).ToArray(), summary.Columns, null);
            }
            catch (Exception ex) when (ex is JsonException or FeatureLearningException or IOException) { }
        }
        var plan = SweepPlan.Load(job.PlanPath);
        return Remember(job, plan, fileHash: hash);
    }

    /// <summary>Summarises and archives a plan just written to the job's plan.json.</summary>
    public static SlurmPlanView Remember(SlurmSweepJob job, SweepPlan plan, string? identity = null, string? fileHash = null)
    {
        string hash = fileHash ?? HashFile(job.PlanPath);
        identity ??= SweepPlanIdentity.Of(plan);
        var ids = plan.Trials.Select(t => t.Id).Order().ToArray();
        var columns = plan.DiagnosticNames().ToArray();
        try
        {
            Directory.CreateDirectory(job.PlanArchive);
            var summaryPath = SummaryPath(job);
            File.WriteAllText(summaryPath + ".tmp", JsonSerializer.Serialize(new Summary(hash, identity, Sweeps.TrialIds.Format(ids), columns), SweepJson.Compact));
            File.Move(summaryPath + ".tmp", summaryPath, overwrite: true);
            SlurmBackend.Archive(job, identity);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only sweep directory (someone else's) can still be collected; it is only slower each time.
        }
        return new SlurmPlanView(job.PlanPath, hash, identity, ids, columns, plan);
    }

    private static string HashFile(string path)
    {
        if (!File.Exists(path))
            throw new FeatureLearningException("FeatureLearning.SweepPlanNotFound", $"No sweep plan at '{path}'; the sweep directory lost its plan.json.", ErrorKind.InvalidArgument);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
