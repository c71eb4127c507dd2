using System.Globalization;
using System.Text;

namespace FeatureLearning.Core.Sweeps;

/// <summary>Compact trial-id lists such as "0-3,7,9-12" (what a Slurm array task receives on its command line).</summary>
public static class TrialIds
{
    public static string Format(IEnumerable<int> ids)
    {
        var sorted = ids.Distinct().OrderBy(i => i).ToList();
        var text = new StringBuilder();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            if (text.Length > 0) text.Append(',');
            text.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i) text.Append('-').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            i = j + 1;
        }
        return text.ToString();
    }

    public static IReadOnlyList<int> Parse(string text)
    {
        var ids = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-', 1);
            bool ok = dash < 0
                ? int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int first) && Add(ids, first, first)
                : int.TryParse(part[..dash], NumberStyles.Integer, CultureInfo.InvariantCulture, out int lo)
                  && int.TryParse(part[(dash + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int hi) && Add(ids, lo, hi);
            if (!ok)
                throw new FeatureLearningException("FeatureLearning.InvalidTrialId",
                    $"'{part}' in '{text}' is not a trial id or a range 'first-last' of non-negative ids.");
        }
        return ids;
    }

    private static bool Add(List<int> ids, int lo, int hi)
    {
        if (lo < 0 || hi < lo) return false;
        for (int i = lo; i <= hi; i++) ids.Add(i);
        return true;
    }
}
