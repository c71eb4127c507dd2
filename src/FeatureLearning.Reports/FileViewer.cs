using System.Diagnostics;

namespace FeatureLearning.Reports;

/// <summary>
/// Opens a written file in the program the desktop associates with it (-Show). On Linux and the BSDs that needs a
/// desktop session (DISPLAY or WAYLAND_DISPLAY) and xdg-open on the PATH; without them the caller gets the reason
/// instead of a silent failure. The opener's own output is captured, so its complaints never leak into the
/// console later; a failure it reports within a few seconds comes back as the reason.
/// </summary>
public static class FileViewer
{
    /// <summary>Opens <paramref name="path"/>; returns null, or why it could not.</summary>
    public static string? TryOpen(string path, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                using var shell = Process.Start(new ProcessStartInfo(path) { UseShellExecute = true });
                return null;
            }
            string opener = OperatingSystem.IsMacOS() ? "open" : "xdg-open";
            if (!OperatingSystem.IsMacOS() && string.IsNullOrEmpty(environment("DISPLAY")) && string.IsNullOrEmpty(environment("WAYLAND_DISPLAY")))
                return "there is no desktop session (DISPLAY and WAYLAND_DISPLAY are not set)";
            string? program = FindOnPath(opener, environment("PATH"));
            if (program is null) return $"'{opener}' is not on the PATH";

            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(path);
            var process = Process.Start(start)!;
            var output = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            // xdg-open returns once the viewer is launched; a viewer it runs in the foreground keeps going on its own.
            if (!process.WaitForExit(TimeSpan.FromSeconds(5))) return null;
            process.WaitForExit();
            if (process.ExitCode == 0) { process.Dispose(); return null; }
            string said;
            lock (output) said = output.ToString().Trim();
            int code = process.ExitCode;
            process.Dispose();
            return $"{opener} failed (exit code {code}{(said.Length > 0 ? ": " + said : "")})";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            return ex.Message;
        }
    }

    private static string? FindOnPath(string program, string? path)
    {
        foreach (string folder in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
