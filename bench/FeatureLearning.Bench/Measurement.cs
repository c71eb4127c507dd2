using System.Diagnostics;
using System.Text.Json;

namespace FeatureLearning.Bench;

/// <summary>
/// Times one case: warm-up runs (JIT, page faults, OpenBLAS start-up), then the timed repetitions, each after a full
/// garbage collection so one repetition's garbage does not inflate the next one's memory. The peak resident set is
/// reset (Linux /proc/self/clear_refs) after the warm-up, so it covers the timed repetitions only.
/// </summary>
internal static class Measurement
{
    public static Dictionary<string, object?> Run(int warmup, int repetitions, Func<Dictionary<string, object?>> body)
    {
        Dictionary<string, object?> metrics = new();
        for (int i = 0; i < warmup; i++) body();
        Collect();
        long baseline = ReadStatus("VmRSS:");
        ResetPeak();
        var times = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < repetitions; i++)
        {
            Collect();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            metrics = body();
            double elapsed = clock.Elapsed.TotalSeconds;
            process.Refresh();
            // CPU seconds of the whole process (all threads): with a shared machine, flops per CPU second say how
            // well each core is used whatever the other jobs take, where wall time mixes in the load.
            cpu.Add(metrics.Remove("cpuSeconds", out var ownCpu) && ownCpu is double c ? c : (process.TotalProcessorTime - cpuBefore).TotalSeconds);
            // A body that prepares its input untimed reports the time of its measured step itself.
            times.Add(metrics.Remove("seconds", out var own) && own is double s ? s : elapsed);
        }
        long peak = ReadStatus("VmHWM:");
        var sorted = times.OrderBy(t => t).ToArray();
        var result = new Dictionary<string, object?>
        {
            ["side"] = "module",
            ["times"] = times,
            ["median"] = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]),
            ["min"] = sorted[0],
            ["cpuSeconds"] = cpu.OrderBy(t => t).ElementAt(cpu.Count / 2),
            ["baselineMiB"] = baseline / 1024.0,
            ["peakMiB"] = peak / 1024.0,
            ["threads"] = Environment.ProcessorCount,
            ["backend"] = Core.Numerics.DenseBackend.Description,
        };
        foreach (var (key, value) in metrics) result[key] = value;
        return result;
    }

    public static string ToJson(Dictionary<string, object?> result) => JsonSerializer.Serialize(result);

    private static void Collect()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A field of /proc/self/status in KiB (-1 where there is none).</summary>
    private static long ReadStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
        }
        catch (IOException) { }
        return -1;
    }
}
