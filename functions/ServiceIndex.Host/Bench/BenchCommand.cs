using System.Globalization;
using System.Runtime.InteropServices;

namespace ServiceIndex.Host.Bench;

/// <summary>One group of figures the <c>bench</c> verb can run on its own (<c>--only NAME</c>).</summary>
internal sealed record BenchGroup(string Name, string Description, Func<bool, TextWriter, CancellationToken, Task<IReadOnlyList<BenchResult>>> RunAsync);

/// <summary>The <c>bench</c> verb: every benchmark with its target, printed as a Markdown table.</summary>
internal static class BenchCommand
{
    /// <summary>Every group, in the order a full run takes them.</summary>
    public static IReadOnlyList<BenchGroup> Groups { get; } =
    [
        new("score", "the offline scoring path: the score verb and in-memory apply+score", ScoreBenchmarks.RunAsync),
        new("pipeline", "end-to-end backfill on Azurite: records/s, transactions per change, cost, memory", PipelineBenchmarks.RunAsync),
        new("tick", "one incremental tick at growing ledger sizes, beside the naive full rescore", TickBenchmarks.RunAsync),
        new("trajectory", "the trajectory's day ledger: build, a period of day points, one request with closed days kept, a change as a delta", TrajectoryBenchmarks.RunAsync),
        new("api", "API latency at 200 req/s per read endpoint, caught up and while live changes are applied (real host over Azurite)", ApiLatencyBenchmarks.RunAsync),
        new("freshness", "feed → /api/scores delay in live mode: timers only, refresh following the apply, push webhook (real host over Azurite)", FreshnessBenchmarks.RunAsync),
    ];

    public static async Task<int> RunAsync(bool full, string? only, TextWriter output, TextWriter log, CancellationToken ct)
    {
        var selected = Groups.Where(g => only is null || string.Equals(g.Name, only, StringComparison.OrdinalIgnoreCase)).ToList();
        if (selected.Count == 0)
        {
            log.WriteLine($"error: unknown benchmark group '{only}'; known: {string.Join(", ", Groups.Select(g => g.Name))}");
            return 2;
        }

        var results = new List<BenchResult>();
        foreach (var group in selected)
        {
            log.WriteLine($"{group.Name}: {group.Description}");
            results.AddRange(await group.RunAsync(full, log, ct).ConfigureAwait(false));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"serviceindex bench{(full ? " --full" : "")}{(only is null ? "" : $" --only {only}")} — {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        output.WriteLine();
        output.WriteLine(BenchResult.Header);
        foreach (var r in results)
        {
            output.WriteLine(r.Row());
        }

        return 0;
    }
}
