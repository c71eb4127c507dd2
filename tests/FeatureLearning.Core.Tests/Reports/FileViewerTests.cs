using FeatureLearning.Reports;

namespace FeatureLearning.Core.Tests.Reports;

public class FileViewerTests
{
    [Fact]
    public void Without_a_desktop_session_or_an_opener_the_reason_is_given_and_nothing_runs()
    {
        if (!OperatingSystem.IsLinux()) return;
        string? None(string name) => null;
        Assert.Equal("there is no desktop session (DISPLAY and WAYLAND_DISPLAY are not set)", FileViewer.TryOpen("/tmp/x.xlsx", None));
        string? NoOpener(string name) => name switch { "WAYLAND_DISPLAY" => "wayland-0", "PATH" => "/nonexistent", _ => null };
        Assert.Equal("'xdg-open' is not on the PATH", FileViewer.TryOpen("/tmp/x.xlsx", NoOpener));
    }
}
