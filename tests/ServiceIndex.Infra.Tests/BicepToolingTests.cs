using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class BicepToolingTests(CompiledInfrastructure infrastructure)
{
    [Fact]
    public void Bicep_build_succeeds_without_warnings()
    {
        var build = infrastructure.Build;
        Assert.True(build.ExitCode == 0, $"{build.Command} exited {build.ExitCode}:\n{build.StandardError}");
        Assert.True(build.StandardError.Trim().Length == 0, $"{build.Command} reported:\n{build.StandardError}");
    }

    [Fact]
    public void Bicep_lint_reports_no_findings()
    {
        var lint = infrastructure.Lint;
        Assert.True(lint.ExitCode == 0, $"{lint.Command} exited {lint.ExitCode}:\n{lint.StandardError}");
        Assert.True(lint.StandardError.Trim().Length == 0, $"{lint.Command} reported:\n{lint.StandardError}");
        Assert.DoesNotContain("Warning", lint.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_use_no_registry_modules_so_they_build_offline()
    {
        var references = Directory
            .EnumerateFiles(infrastructure.InfraPath, "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select(line => (file, line)))
            .Where(entry => entry.line.TrimStart().StartsWith("module ", StringComparison.Ordinal)
                && (entry.line.Contains("'br:", StringComparison.Ordinal)
                    || entry.line.Contains("'br/", StringComparison.Ordinal)
                    || entry.line.Contains("'ts:", StringComparison.Ordinal)
                    || entry.line.Contains("'ts/", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(references);
    }
}
