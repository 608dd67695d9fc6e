using System.Diagnostics;

namespace ServiceIndex.Host.Tests.Dashboard;

/// <summary>
/// The dashboard's pure modules (formatting, periods, URL state) under <c>node --test</c>: each <c>*.test.mjs</c> beside
/// this file is one case, run by the Node.js the tests already need for Azurite.
/// </summary>
public sealed class DashboardModuleTests
{
    [Theory]
    [InlineData("format.test.mjs")]
    [InlineData("period.test.mjs")]
    [InlineData("state.test.mjs")]
    public async Task A_pure_dashboard_module_passes_its_node_tests(string file)
    {
        var path = Path.Combine(Directory(), file);
        Assert.True(File.Exists(path), $"{path} is missing");
        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=tap", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory(),
        };
        start.Environment["TZ"] = "America/New_York"; // the page shows Vietnam time whatever the browser's zone

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        Assert.True(node.ExitCode == 0, $"node --test {file} failed:\n{await output}\n{await errors}");
        Assert.Contains("# fail 0", await output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_module_test_file_has_a_case() =>
        Assert.Equal(["format.test.mjs", "period.test.mjs", "state.test.mjs"],
            System.IO.Directory.GetFiles(Directory(), "*.test.mjs").Select(Path.GetFileName).Order(StringComparer.Ordinal));

    /// <summary>This folder in the source tree (the tests import the dashboard's modules from <c>functions/</c> by relative path).</summary>
    private static string Directory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServiceIndex.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("ServiceIndex.sln not found above the test output"),
            "tests", "ServiceIndex.Host.Tests", "Dashboard");
    }
}
