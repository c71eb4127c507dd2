using System.Globalization;
using FeatureLearning.Core.Sweeps;

namespace FeatureLearning.Core.Learning;

/// <summary>
/// The trials of a comparison or sweep — every (seed, n, learner), in that order — without those a learner will not
/// run, and one notice per learner for what it skipped or adapted (with the counts), instead of one line per trial.
/// </summary>
public sealed class TrialGrid
{
    private TrialGrid(IReadOnlyList<SweepTrial> trials, IReadOnlyList<string> notices, int pool)
    {
        Trials = trials;
        Notices = notices;
        Pool = pool;
    }

    public IReadOnlyList<SweepTrial> Trials { get; }

    /// <summary>One line per learner that skips or adapts trials: "KernelRidge [Rbf ...]: 6 trials (n = 12500, 25000) ...".</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>The training pool each seed draws (the largest n).</summary>
    public int Pool { get; }

    public static TrialGrid Create(IReadOnlyList<LearnerSpec> learners, IReadOnlyList<int> sampleCounts, IReadOnlyList<long> seeds, int dimension)
    {
        if (learners.Count == 0) throw new FeatureLearningException("FeatureLearning.NoLearner", "Name at least one learner.");
        if (sampleCounts.Count == 0)
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount", "Give at least one sample size (-Alpha or -Samples).");
        if (sampleCounts.Any(n => n < 1))
            throw new FeatureLearningException("FeatureLearning.InvalidSampleCount",
                $"Every sample size must be at least 1; got {string.Join(", ", sampleCounts)}. Use larger -Alpha values.");
        if (seeds.Count == 0) throw new FeatureLearningException("FeatureLearning.InvalidSeed", "Give at least one -Seed.");
        if (seeds.Distinct().Count() != seeds.Count)
            throw new FeatureLearningException("FeatureLearning.InvalidSeed", $"-Seed lists a seed twice ({string.Join(", ", seeds)}); give distinct seeds.");
        foreach (var learner in learners) learner.Validate(dimension);

        var counts = sampleCounts.Distinct().OrderBy(n => n).ToList();
        int pool = counts[^1];
        var trials = new List<SweepTrial>();
        var skipped = new Dictionary<int, (string Reason, SortedSet<int> Sizes, int Trials)>();
        var adapted = new Dictionary<int, (string Note, SortedSet<int> Sizes, int Trials)>();
        foreach (long seed in seeds)
            foreach (int n in counts)
                for (int l = 0; l < learners.Count; l++)
                {
                    if (learners[l].SkipReason(n, dimension) is { } reason)
                    {
                        var entry = skipped.TryGetValue(l, out var e) ? e : (reason, new SortedSet<int>(), 0);
                        entry.Item2.Add(n);
                        skipped[l] = (entry.Item1, entry.Item2, entry.Item3 + 1);
                        continue;
                    }
                    if (learners[l].Adaptation(n, dimension) is { } note)
                    {
                        var entry = adapted.TryGetValue(l, out var e) ? e : (note, new SortedSet<int>(), 0);
                        entry.Item2.Add(n);
                        adapted[l] = (entry.Item1, entry.Item2, entry.Item3 + 1);
                    }
                    trials.Add(new SweepTrial(trials.Count, l, n, seed, pool));
                }
        var notices = new List<string>();
        for (int l = 0; l < learners.Count; l++)
        {
            if (skipped.TryGetValue(l, out var s))
                notices.Add($"{learners[l]}: skipped {s.Trials} trial{(s.Trials == 1 ? "" : "s")} (n = {Sizes(s.Sizes)}): {s.Reason}.");
            if (adapted.TryGetValue(l, out var a))
                notices.Add($"{learners[l]}: {a.Trials} trial{(a.Trials == 1 ? "" : "s")} (n = {Sizes(a.Sizes)}) {a.Note}.");
        }
        if (trials.Count == 0)
            throw new FeatureLearningException("FeatureLearning.NoTrial", "Every trial would be skipped: " + string.Join(" ", notices));
        return new TrialGrid(trials, notices, pool);
    }

    private static string Sizes(SortedSet<int> sizes) => string.Join(", ", sizes.Select(n => n.ToString(CultureInfo.InvariantCulture)));
}
