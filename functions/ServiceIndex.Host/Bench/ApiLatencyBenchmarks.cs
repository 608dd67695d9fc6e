using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Host.Bench;

/// <summary>
/// API latency at 200 req/s (target p99 ≤ 20 ms) for every read endpoint, open-loop from a client on the same
/// machine, against the real local host over Azurite (<see cref="HostBenchHost"/>): first caught up (nothing
/// changing), then while live changes are pulled, applied and refreshed on the default 15-second schedules.
/// The naive way, in the same run: answering from storage on each request (the scores table for scores, a full
/// read of the ledger's record rows for the record-based lists), timed one request after another.
/// </summary>
internal static class ApiLatencyBenchmarks
{
    public const double Rate = 200;
    private const double TargetP99 = 20;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(bool full, TextWriter log, CancellationToken ct)
    {
        var days = full ? 30 : 10;
        var liveRate = 10.0;
        var duration = TimeSpan.FromSeconds(full ? 30 : 10);
        var liveDuration = TimeSpan.FromSeconds(full ? 30 : 16); // at least one pull, apply, refresh and record re-read per window
        var warmUp = TimeSpan.FromSeconds(2);
        await using var host = await HostBenchHost.StartAsync(new HostBenchSettings(days, liveRate), log, ct).ConfigureAwait(false);
        using var http = OpenLoopLoad.CreateClient(host.BaseAddress);
        var scenarios = await ScenariosAsync(http, ct).ConfigureAwait(false);
        foreach (var path in scenarios.SelectMany(s => s.Paths).Distinct())
        {
            using var warm = await http.GetAsync(new Uri(path, UriKind.Relative), ct).ConfigureAwait(false);
            warm.EnsureSuccessStatusCode();
        }

        var naive = await NaiveAsync(host, log, ct).ConfigureAwait(false);
        var results = new List<BenchResult>();
        var context = string.Create(CultureInfo.InvariantCulture, $"{host.RecordsApplied:#,0} records ({days} days)");
        foreach (var scenario in scenarios)
        {
            var r = await OpenLoopLoad.RunAsync(http, scenario, Rate, duration, warmUp, ct).ConfigureAwait(false);
            log.WriteLine($"  caught up  {scenario.Name,-28} {r.Summary()}; {r.Profile()}");
            results.Add(Row(scenario, r, "caught up", context, naive.GetValueOrDefault(scenario.Name)));
        }

        host.Simulator.Feed.ResumeLive();
        var refresher = host.Services.GetRequiredService<ScoreRefresher>();
        var records = host.Services.GetRequiredService<LedgerRecordCache>();
        foreach (var scenario in scenarios)
        {
            var refreshes = 0;
            void Count(object? sender, RefreshResult e) => Interlocked.Increment(ref refreshes);
            refresher.Refreshed += Count;
            var viewBefore = (await records.GetAsync(ct).ConfigureAwait(false)).Version;
            var fedBefore = host.Simulator.Feed.Count;
            var r = await OpenLoopLoad.RunAsync(http, scenario, Rate, liveDuration, warmUp, ct).ConfigureAwait(false);
            refresher.Refreshed -= Count;
            var views = (await records.GetAsync(ct).ConfigureAwait(false)).Version - viewBefore;
            var fed = host.Simulator.Feed.Count - fedBefore;
            var during = string.Create(CultureInfo.InvariantCulture,
                $"live: {fed:#,0} changes fed at {liveRate:0}/s, {refreshes} score refreshes, {views} record views built during the window");
            log.WriteLine($"  live       {scenario.Name,-28} {r.Summary()}; {r.Profile()} ({during})");
            results.Add(Row(scenario, r, "live", $"{context}; {during}", null));
        }

        host.Simulator.Feed.SuspendLive();
        return results;
    }

    private static BenchResult Row(LoadScenario scenario, LoadResult r, string condition, string context, string? naive) =>
        new($"API {scenario.Name} — {condition}", "p99 at 200 req/s", r.P99, "ms", "p99 ≤ 20 ms", r.P99 <= TargetP99 && r.Errors == 0, naive,
            $"{r.Summary()}; {r.Profile()}; {context}");

    /// <summary>What the dashboard asks for: scores, rankings per level, late and due-soon dossiers, units, status.</summary>
    private static async Task<IReadOnlyList<LoadScenario>> ScenariosAsync(HttpClient http, CancellationToken ct)
    {
        var units = await http.GetFromJsonAsync<JsonElement>("api/units", ct).ConfigureAwait(false);
        var all = units.GetProperty("units").EnumerateArray().ToList();
        var root = all.First(u => u.GetProperty("depth").GetInt32() == 0).GetProperty("unitId").GetString()!;
        var district = all.First(u => u.GetProperty("level").GetString() == "district").GetProperty("unitId").GetString()!;
        LoadScenario[] scenarios =
        [
            new("scores (whole document)", ["api/scores"]),
            new("scores (province)", [$"api/scores?unitId={root}"]),
            new("rankings (4 levels)", ["api/rankings?level=province", "api/rankings?level=agency", "api/rankings?level=district", "api/rankings?level=commune"]),
            new("late-dossiers", ["api/late-dossiers", "api/late-dossiers?sort=dueAt", $"api/late-dossiers?unitId={district}"]),
            new("units", ["api/units"]),
            new("due-soon", ["api/due-soon", $"api/due-soon?unitId={district}&days=7"]),
            new("status", ["api/status"]),
        ];
        var mixed = new LoadScenario("dashboard mix, If-None-Match", [.. scenarios.SelectMany(s => s.Paths)], Revalidate: true);
        return [.. scenarios, mixed];
    }

    /// <summary>
    /// The naive read path, one request after another (no queueing, so these are service times; at 200 req/s a
    /// service time above 5 ms on this machine's two cores already means an ever-growing queue): a fresh cache per
    /// request, i.e. the scores table's rows of the period for scores and rankings, a full read of the record rows
    /// for units, late and due-soon dossiers.
    /// </summary>
    private static async Task<Dictionary<string, string>> NaiveAsync(HostBenchHost host, TextWriter log, CancellationToken ct)
    {
        var services = host.Services;
        var storage = services.GetRequiredService<PipelineStorage>();
        var apiOptions = services.GetRequiredService<IOptions<ApiOptions>>();
        var pipelineOptions = services.GetRequiredService<IOptions<PipelineOptions>>();
        var time = TimeProvider.System;
        var month = Period.MonthOf(VietnamTime.Today(time));

        var scores = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var sw = Stopwatch.StartNew();
            var cache = new ScoreDocumentCache(storage, apiOptions, time, NullLogger<ScoreDocumentCache>.Instance);
            _ = await cache.GetAsync(month, ct).ConfigureAwait(false);
            scores.Add(sw.Elapsed.TotalMilliseconds);
        }

        var ledger = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            var cache = new LedgerRecordCache(storage, apiOptions, pipelineOptions, time, NullLogger<LedgerRecordCache>.Instance);
            _ = await cache.RefreshAsync(ct).ConfigureAwait(false);
            ledger.Add(sw.Elapsed.TotalMilliseconds);
        }

        scores.Sort();
        ledger.Sort();
        var s = string.Create(CultureInfo.InvariantCulture,
            $"scores table read per request: p50 {OpenLoopLoad.Percentile(scores, 0.5):0.0} ms, max {scores[^1]:0.0} ms (service time, 20 sequential)");
        var l = string.Create(CultureInfo.InvariantCulture,
            $"record rows read per request: p50 {OpenLoopLoad.Percentile(ledger, 0.5):0} ms, max {ledger[^1]:0} ms (service time, 3 sequential)");
        log.WriteLine($"  naive: {s}; {l}");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["scores (whole document)"] = s,
            ["scores (province)"] = s,
            ["rankings (4 levels)"] = s,
            ["late-dossiers"] = l,
            ["units"] = l,
            ["due-soon"] = l,
        };
    }
}
