using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using ServiceIndex.Functions.Tests.Infrastructure;

namespace ServiceIndex.Functions.Tests;

/// <summary>
/// How the Functions app is built and packaged: in the solution with central package versions, the worker SDK's own
/// extension project restoring only the substitutes we know, and <c>dotnet publish</c> giving the folder azd zips for
/// Flex Consumption (entry assembly, host.json, functions.metadata, worker.config.json, extensions, the dashboard).
/// </summary>
public sealed class BuildAndPublishTests
{
    /// <summary>
    /// NU1603 of the generated WorkerExtensions.csproj: a dependency's exact minimum version is absent from the package mirror
    /// and the next one is resolved. Each is a patch or minor step within the same major, of a package that ships with the
    /// host-side extensions (.azurefunctions/) or is only a build-time reference; a new one fails this test until it is judged.
    /// </summary>
    private static readonly Dictionary<string, string> KnownSubstitutes = new(StringComparer.Ordinal)
    {
        ["Microsoft.Azure.WebJobs.Extensions.Storage.Queues"] = "5.3.10", // asks 5.3.8: the queue trigger's host extension, same minor
        ["Microsoft.Extensions.DependencyModel"] = "3.1.6",                 // asks 2.1.0 (via Mvc.Core 2.2.0); the host brings its own at run time
        ["Microsoft.Net.Http.Headers"] = "2.2.8",                           // asks 2.2.0: a servicing release
        ["Microsoft.NETCore.Targets"] = "3.1.0",                            // asks 3.0.0: a build-time package with no assemblies
    };

    [Fact]
    public void Functions_app_is_in_the_solution_with_central_package_versions()
    {
        var root = Path.GetFullPath(Path.Combine(FunctionsMetadata.Project, "..", ".."));
        Assert.Contains(@"functions\ServiceIndex.Functions\ServiceIndex.Functions.csproj", File.ReadAllText(Path.Combine(root, "ServiceIndex.sln")), StringComparison.Ordinal);
        var project = XDocument.Load(Path.Combine(FunctionsMetadata.Project, "ServiceIndex.Functions.csproj"));
        Assert.All(project.Descendants("PackageReference"), p => Assert.Null(p.Attribute("Version")));
        Assert.Empty(project.Descendants("ManagePackageVersionsCentrally"));
    }

    [Fact]
    public void Worker_extensions_restore_only_the_known_substitutes()
    {
        var assets = Path.Combine(FunctionsMetadata.Project, "obj", FunctionsMetadata.Configuration, "net10.0", "WorkerExtensions", "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(assets));
        var root = document.RootElement;
        var logs = root.TryGetProperty("logs", out var l) ? l.EnumerateArray().ToList() : [];
        Assert.All(logs, log => Assert.True(log.GetProperty("code").GetString() == "NU1603", $"unexpected restore message: {log}"));
        var substituted = logs.Select(log => log.GetProperty("libraryId").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(KnownSubstitutes.Keys.Order(StringComparer.Ordinal), substituted);
        var resolved = root.GetProperty("targets").EnumerateObject().First().Value.EnumerateObject().Select(p => p.Name.Split('/')).ToDictionary(p => p[0], p => p[1]);
        Assert.All(KnownSubstitutes, s => Assert.Equal(s.Value, resolved[s.Key]));
    }

    [Fact]
    public async Task Publish_gives_the_flex_consumption_package_layout()
    {
        var folder = Directory.CreateTempSubdirectory("functions-publish-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(FunctionsMetadata.Project, "ServiceIndex.Functions.csproj"),
                "-c", FunctionsMetadata.Configuration, "--no-restore", "-o", folder, "-v", "quiet", "-nologo"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var publish = Process.Start(start)!;
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            Assert.True(publish.ExitCode == 0, $"dotnet publish failed: {await output}{await errors}");

            foreach (var file in new[] { "ServiceIndex.Functions.dll", "ServiceIndex.Functions.deps.json", "ServiceIndex.Functions.runtimeconfig.json",
                         "host.json", "functions.metadata", "worker.config.json", "extensions.json", "ServiceIndex.Http.dll", "ServiceIndex.Pipeline.dll",
                         ".azurefunctions/Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll", "wwwroot/index.html", "wwwroot/app.js", "wwwroot/modules/api.js" })
            {
                Assert.True(File.Exists(Path.Combine(folder, file)), $"the published folder lacks {file}");
            }

            Assert.False(File.Exists(Path.Combine(folder, "local.settings.json")), "local settings must not be deployed");
            Assert.Equal(FunctionsMetadata.Read().Select(f => f.Name), FunctionsMetadata.Read(folder).Select(f => f.Name));
            var dashboard = Path.Combine(FunctionsMetadata.Project, "..", "ServiceIndex.Host", "wwwroot");
            Assert.All(Directory.EnumerateFiles(dashboard, "*", SearchOption.AllDirectories),
                f => Assert.True(File.Exists(Path.Combine(folder, "wwwroot", Path.GetRelativePath(dashboard, f))), $"{f} is not published"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
