using ServiceIndex.Host.Cli;

namespace ServiceIndex.Host;

/// <summary>The <c>serviceindex</c> executable: verbs run, score, simulate, bench.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => Verbs.Build(TimeProvider.System).Parse(args).InvokeAsync();
}
