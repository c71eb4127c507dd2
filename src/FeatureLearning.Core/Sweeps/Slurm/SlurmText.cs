using System.Globalization;
using System.Text.RegularExpressions;

namespace FeatureLearning.Core.Sweeps.Slurm;

/// <summary>
/// Every value that reaches a job script or a command line goes through here: control characters are refused (a
/// newline would end an #SBATCH line and start shell code), and values are quoted for the reader that parses them:
/// bash (single quotes) or sbatch's own #SBATCH parser (double quotes with backslash escapes, which it honours).
/// </summary>
public static partial class SlurmText
{
    /// <summary>Throws a FeatureLearningException naming <paramref name="parameter"/> if the value holds a control or line-break character.</summary>
    public static string Checked(string value, string parameter)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
                throw new FeatureLearningException("FeatureLearning.InvalidSlurmValue",
                    $"{parameter} holds a control character (U+{(int)c:X4} at position {i + 1}); Slurm job scripts take one-line values only. " +
                    $"Remove it{(c is '\n' or '\r' ? " (to run several setup lines, give -SetupCommand several strings)" : "")}.");
        }
        return value;
    }

    /// <summary>A word for bash: single-quoted, a quote inside written as '\''.</summary>
    public static string Bash(string value) => "'" + value.Replace("'", "'\\''") + "'";

    /// <summary>
    /// A value for an #SBATCH line: double-quoted, with backslash and double quote escaped by a backslash (sbatch
    /// reads the line with its own parser, which drops the quotes and escapes; no shell sees it).
    /// </summary>
    public static string Directive(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>
    /// A folder as part of an --output/--error file pattern: Slurm replaces %-sequences there (so % is doubled), and
    /// a backslash anywhere turns replacement off (so it is refused).
    /// </summary>
    public static string FilePatternFolder(string folder, string parameter)
    {
        if (folder.Contains('\\'))
            throw new FeatureLearningException("FeatureLearning.InvalidSlurmValue",
                $"{parameter} '{folder}' holds a backslash, which makes Slurm ignore the %A_%a in the log file names; choose a folder without one.");
        return folder.Replace("%", "%%");
    }

    /// <summary>A command line as it would be typed into bash (for dry runs and messages).</summary>
    public static string CommandLine(string command, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { command }.Concat(arguments).Select(a => SafeWord().IsMatch(a) ? a : Bash(a)));

    /// <summary>
    /// Seconds in an sbatch --time value: "minutes", "minutes:seconds", "hours:minutes:seconds", "days-hours",
    /// "days-hours:minutes", "days-hours:minutes:seconds"; null for UNLIMITED or INFINITE. Anything else is refused.
    /// </summary>
    public static double? TimeLimitSeconds(string value)
    {
        Checked(value, "-TimeLimit");
        var text = value.Trim();
        if (text.Equals("UNLIMITED", StringComparison.OrdinalIgnoreCase) || text.Equals("INFINITE", StringComparison.OrdinalIgnoreCase)) return null;
        var m = TimeFormat().Match(text);
        if (!m.Success)
            throw new FeatureLearningException("FeatureLearning.InvalidTimeLimit",
                $"-TimeLimit '{value}' is not a Slurm time; use minutes (\"30\"), \"MM:SS\", \"HH:MM:SS\", \"D-HH\", \"D-HH:MM\" or \"D-HH:MM:SS\".");
        static double Part(Group g) => g.Success ? double.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        if (m.Groups["days"].Success)
            return Part(m.Groups["days"]) * 86400 + Part(m.Groups["dh"]) * 3600 + Part(m.Groups["dm"]) * 60 + Part(m.Groups["ds"]);
        var fields = text.Split(':').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return fields.Length switch
        {
            1 => fields[0] * 60,
            2 => fields[0] * 60 + fields[1],
            _ => fields[0] * 3600 + fields[1] * 60 + fields[2],
        };
    }

    [GeneratedRegex(@"^(?:(?<days>\d{1,5})-(?<dh>\d{1,2})(?::(?<dm>\d{1,2})(?::(?<ds>\d{1,2}))?)?|\d{1,9}(?::\d{1,2}){0,2})$")]
    private static partial Regex TimeFormat();

    [GeneratedRegex(@"^[A-Za-z0-9_./=,:%+@-]+$")]
    private static partial Regex SafeWord();

    internal static string Minutes(double seconds) =>
        seconds < 90 ? $"{seconds.ToString("G3", CultureInfo.InvariantCulture)} s" : $"{(seconds / 60).ToString("G3", CultureInfo.InvariantCulture)} min";
}
