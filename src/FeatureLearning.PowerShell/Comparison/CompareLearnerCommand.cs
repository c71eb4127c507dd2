using System.Management.Automation;
using FeatureLearning.Core.Comparison;
using FeatureLearning.Core.Data;
using FeatureLearning.Core.Kernels;
using FeatureLearning.Core.Learners;
using FeatureLearning.Core.Numerics;
using FeatureLearning.PowerShell.Infrastructure;

namespace FeatureLearning.PowerShell.Comparison;

/// <summary>
/// <para type="synopsis">Runs several learners over sample sizes and seeds on one task; one flat row per (learner, n, seed).</para>
/// </summary>
[Cmdlet(VerbsData.Compare, "Learner", DefaultParameterSetName = "Alpha")]
[OutputType(typeof(ComparisonRow))]
public sealed class CompareLearnerCommand : ComparisonParametersCmdlet
{
    protected override void ProcessRecord()
    {
        const string activity = "Comparing learners";
        var counts = SampleCounts();
        var learners = Learners();

        Guard(() =>
        {
            var comparison = new LearnerComparison
            {
                Generator = Data.Generator!,
                Learners = learners,
                SampleCounts = counts,
                Seeds = Seed.Select(s => (long)s).ToList(),
                TestSamples = TestSamples,
            };
            WriteVerbose($"{comparison.TotalTrials} trials: {string.Join(", ", learners.Select(l => l.Name))} × n = {string.Join(", ", counts)} × seeds {string.Join(", ", Seed)}.");
            foreach (var row in comparison.Run(Context(activity), WriteWarning))
                WriteObject(row);
            CompleteProgress(activity);
        }, Data);
    }
}
