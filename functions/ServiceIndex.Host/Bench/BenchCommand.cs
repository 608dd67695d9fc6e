using System.Globalization;
using System.Runtime.InteropServices;

namespace ServiceIndex.Host.Bench;

/// <summary>The <c>bench</c> verb: every benchmark with its target, printed as a Markdown table.</summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(bool full, string? only, TextWriter output, TextWriter log, CancellationToken ct)
    {
        var results = new List<BenchResult>();
        if (only is null or "score")
        {
            log.WriteLine("score: the offline scoring path");
            results.AddRange(await ScoreBenchmarks.RunAsync(full, log, ct).ConfigureAwait(false));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"serviceindex bench{(full ? " --full" : "")} — {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        output.WriteLine();
        output.WriteLine(BenchResult.Header);
        foreach (var r in results)
        {
            output.WriteLine(r.Row());
        }

        return 0;
    }
}
