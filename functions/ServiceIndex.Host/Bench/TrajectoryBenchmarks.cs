using System.Diagnostics;
using System.Globalization;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Cli;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Bench;

/// <summary>
/// The trajectory's day ledger (<see cref="DayLedger"/>, what <c>GET /api/trajectory</c> walks) on the province's history:
/// building it, a year of day points, the one point a request scores when the closed days are kept, and a change applied
/// as a delta. The naive way, measured alongside: the offline book over every live record at each day's end.
/// </summary>
internal static class TrajectoryBenchmarks
{
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(bool full, TextWriter log, CancellationToken ct)
    {
        // --full: a year of days at about 1 M stored dossiers (18 months of history at 700,000 a year, the year scored the last 12).
        var options = new SimulatorOptions
        {
            From = full ? new DateOnly(2022, 7, 1) : new DateOnly(2022, 10, 1),
            To = full ? new DateOnly(2023, 12, 31) : new DateOnly(2023, 3, 31),
            DossiersPerYear = full ? 700_000 : 300_000,
            RecordFaults = RecordFaultOptions.None,
        };
        var period = full ? Period.Year(2023) : Period.Parse("2023-Q1");
        var file = Path.Combine(Path.GetTempPath(), $"serviceindex-bench-trajectory-{options.Seed}-{options.DossiersPerYear}-{options.From:yyyyMMdd}-{options.To:yyyyMMdd}.jsonl");
        if (!File.Exists(file))
        {
            log.WriteLine($"  generating {options.From:yyyy-MM-dd}..{options.To:yyyy-MM-dd} into {file}");
            await SimulatorHistory.WriteJsonLinesAsync(file, options, ct).ConfigureAwait(false);
        }

        var live = Live(file);
        var dossiers = live.Count(r => r.Kind == RecordKind.Dossier);
        var tree = PeriodScoreBook.TreeOf(live);
        var catalogue = PeriodScoreBook.CatalogueOf(live);
        var rules = IndexRules.Default;
        var results = new List<BenchResult>();
        var sizes = string.Create(CultureInfo.InvariantCulture, $"{dossiers:#,0} stored dossiers, {tree.Units.Count()} units, history {options.From:yyyy-MM}..{options.To:yyyy-MM}");

        // 1. Build (once per process).
        var sw = Stopwatch.StartNew();
        var ledger = DayLedger.Of(live);
        sw.Stop();
        results.Add(new BenchResult("trajectory: day ledger built from the record rows", "ms", sw.Elapsed.TotalMilliseconds, "ms",
            "once per process, O(records)", null, Notes: sizes));

        // 2. Every day of the period, every unit (a first request, nothing kept).
        var days = period.To.DayNumber - period.From.DayNumber + 1;
        sw.Restart();
        var walked = ledger.Walk(period, period.From, period.To, tree, catalogue, rules).Count();
        sw.Stop();
        var perDay = sw.Elapsed.TotalMilliseconds / walked;

        // The naive way: the offline book over every live record at one day's end (three days measured).
        var naive = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            var book = new PeriodScoreBook(period, VietnamTime.LastSecondOf(period.From.AddDays(i * 30)));
            foreach (var r in live)
            {
                book.Apply(r);
            }

            _ = book.Score();
        }

        naive.Stop();
        var naivePerDay = naive.Elapsed.TotalMilliseconds / 3;
        results.Add(new BenchResult($"trajectory: {days} days of {period.Label}, every unit", "ms per day", perDay, "ms/day",
            "≤ 50 ms per day (a year of days in under 20 s, once)", perDay <= 50,
            string.Create(CultureInfo.InvariantCulture, $"book over every record at each day's end: {naivePerDay:#,0} ms/day ({naivePerDay / perDay:#,0} × slower)"),
            string.Create(CultureInfo.InvariantCulture, $"{sw.Elapsed.TotalMilliseconds:#,0} ms for {walked} days; {sizes}")));

        // 3. What a request scores when the closed days are kept (DayCourses keeps the period's walk at the first day not closed):
        //    the walk copied and today's point scored; beside it, the walk from the period's start without the kept walk.
        var walk = ledger.Begin(period);
        while (walk.Next < period.To)
        {
            walk.Step(false, tree, catalogue, rules);
        }

        sw.Restart();
        _ = walk.Clone().Step(true, tree, catalogue, rules);
        sw.Stop();
        var rewalk = Stopwatch.StartNew();
        _ = ledger.Walk(period, period.To, period.To, tree, catalogue, rules).Single();
        rewalk.Stop();
        results.Add(new BenchResult("trajectory: one request with the closed days kept (today's point)", "ms", sw.Elapsed.TotalMilliseconds, "ms",
            "≤ one day's point, whatever the history", sw.Elapsed.TotalMilliseconds <= 2 * perDay,
            string.Create(CultureInfo.InvariantCulture, $"walking the period again up to its last day: {rewalk.Elapsed.TotalMilliseconds:#,0} ms"),
            string.Create(CultureInfo.InvariantCulture, $"{period.To:yyyy-MM-dd}, the walk kept after {days - 1} days: copied, then one day scored")));

        // 4. A change applied as its delta (what keeping the ledger in step costs per changed record).
        var changed = live.Where(r => r.Data is DossierData { Status: DossierStatus.Processing }).Take(2_000).ToList();
        sw.Restart();
        foreach (var r in changed)
        {
            var d = (DossierData)r.Data;
            _ = ledger.Apply(r, r with { Version = r.Version + 1, Data = d with { Status = DossierStatus.Completed, CompletedAt = d.ReceivedAt.AddDays(1) } });
        }

        sw.Stop();
        var perChange = sw.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, changed.Count);
        results.Add(new BenchResult("trajectory: one changed dossier applied to the day ledger", "µs", perChange, "µs",
            "no rescoring", null, Notes: string.Create(CultureInfo.InvariantCulture, $"{changed.Count:#,0} open dossiers handled")));
        return results;
    }

    /// <summary>The newest version of every record in the file that is not deleted.</summary>
    private static List<ChangeRecord> Live(string file)
    {
        var newest = new Dictionary<RecordKey, ChangeRecord>();
        using var stream = File.OpenRead(file);
        using var reader = new JsonLinesReader(stream);
        while (reader.TryReadLine(out var line))
        {
            if (ChangeRecordParser.Parse(line).Record is { } r && (!newest.TryGetValue(r.Key, out var held) || held.Version < r.Version))
            {
                newest[r.Key] = r;
            }
        }

        return [.. newest.Values.Where(r => !r.Deleted)];
    }
}
