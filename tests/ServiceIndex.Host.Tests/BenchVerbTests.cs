namespace ServiceIndex.Host.Tests;

/// <summary>The <c>bench</c> verb's command line (its figures live in docs/benchmarks.md, never in assertions).</summary>
public sealed class BenchVerbTests
{
    [Fact]
    public async Task Bench_refuses_an_unknown_group_and_names_the_known_ones()
    {
        var result = await Cli.RunAsync("bench", "--only", "no-such-group");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown benchmark group 'no-such-group'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("score", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }
}
