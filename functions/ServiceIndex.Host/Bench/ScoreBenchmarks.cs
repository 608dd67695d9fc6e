using System.Diagnostics;
using System.Globalization;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Cli;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Bench;

/// <summary>
/// The offline scoring path: in-memory apply+score of parsed records (target ≥ 1 M records/s per
/// core), and the whole <c>score</c> verb on a year of the province (file → document), with memory.
/// The naive way, measured alongside: rescoring from every live record after each batch instead of
/// applying deltas.
/// </summary>
internal static class ScoreBenchmarks
{
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(bool full, TextWriter log, CancellationToken ct)
    {
        var results = new List<BenchResult>();
        var options = new SimulatorOptions
        {
            From = new DateOnly(2023, 1, 1),
            To = full ? new DateOnly(2023, 12, 31) : new DateOnly(2023, 3, 31),
            RecordFaults = new RecordFaultOptions(),
        };
        var file = Path.Combine(Path.GetTempPath(), $"serviceindex-bench-{options.Seed}-{options.To:yyyyMMdd}.jsonl");
        if (!File.Exists(file))
        {
            log.WriteLine($"  generating {options.From:yyyy-MM-dd}..{options.To:yyyy-MM-dd} into {file}");
            await SimulatorHistory.WriteJsonLinesAsync(file, options, ct).ConfigureAwait(false);
        }

        var period = full ? Period.Year(2023) : Period.Parse("2023-Q1");

        // 0. The simulator's generation of that history, in memory (its speed is measured here, not asserted in a unit test).
        var generation = Stopwatch.StartNew();
        var generated = SimulatorHistory.Generate(options with { RecordFaults = RecordFaultOptions.None }, cancellationToken: ct).Count;
        generation.Stop();
        var generatedPerSecond = generated / generation.Elapsed.TotalSeconds;
        results.Add(new BenchResult("simulator history generation", "records/s", generatedPerSecond, "records/s",
            "≥ 100,000 records/s (a year, ≈ 2 M records, in 20 s)", generatedPerSecond >= 100_000,
            Notes: string.Create(CultureInfo.InvariantCulture, $"{generated:#,0} records for {options.From:yyyy-MM-dd}..{options.To:yyyy-MM-dd} in {generation.Elapsed.TotalSeconds:0.0} s")));

        // 1. The whole verb: parse + apply + score from the file, streaming.
        ForceGc();
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        var sw = Stopwatch.StartNew();
        var book = new PeriodScoreBook(period, period.LastSecond);
        ScoreRunSummary summary;
        using (var stream = File.OpenRead(file))
        {
            summary = ScoreCommand.Read(stream, book, TextWriter.Null, ct);
        }

        var document = book.Document();
        sw.Stop();
        var peak = Math.Max(before, Process.GetCurrentProcess().PeakWorkingSet64);
        results.Add(new BenchResult("score verb (file → document)", "lines/s", summary.Lines / sw.Elapsed.TotalSeconds, "lines/s",
            "a year in seconds", sw.Elapsed.TotalSeconds < 60,
            Notes: string.Create(CultureInfo.InvariantCulture,
                $"{summary.Lines:#,0} lines ({new FileInfo(file).Length / (1 << 20):#,0} MiB), {document.Units.Count} units in {sw.Elapsed.TotalSeconds:0.0} s; {book.State.Count:#,0} records held; peak working set {peak / (1 << 20):#,0} MiB")));

        // 2. In-memory apply + score of already parsed records.
        var records = new List<ChangeRecord>(summary.Lines > int.MaxValue ? int.MaxValue : (int)summary.Lines);
        using (var stream = File.OpenRead(file))
        using (var reader = new JsonLinesReader(stream))
        {
            while (reader.TryReadLine(out var line))
            {
                if (ChangeRecordParser.Parse(line).Record is { } r)
                {
                    records.Add(r);
                }
            }
        }

        var dossierRecords = records.Count(r => r.Kind == RecordKind.Dossier);
        ForceGc();
        sw.Restart();
        var memoryBook = new PeriodScoreBook(period, period.LastSecond);
        foreach (var r in records)
        {
            memoryBook.Apply(r);
        }

        _ = memoryBook.Score();
        sw.Stop();
        var perSecond = records.Count / sw.Elapsed.TotalSeconds;

        // The naive way: after every batch of 500 records, score again from every live record.
        var naiveRecords = Math.Min(records.Count, full ? 200_000 : 100_000);
        var naiveBook = new PeriodScoreBook(period, period.LastSecond);
        var naive = Stopwatch.StartNew();
        for (var i = 0; i < naiveRecords; i++)
        {
            naiveBook.Apply(records[i]);
            if (i % 500 == 499)
            {
                _ = naiveBook.Recompute();
            }
        }

        naive.Stop();
        results.Add(new BenchResult("in-memory apply + score (1 core)", "records/s", perSecond, "records/s", "≥ 1,000,000 records/s", perSecond >= 1_000_000,
            string.Create(CultureInfo.InvariantCulture, $"rescore all live records every 500: {naiveRecords / naive.Elapsed.TotalSeconds:#,0} records/s over the first {naiveRecords:#,0}"),
            string.Create(CultureInfo.InvariantCulture, $"{records.Count:#,0} records ({dossierRecords:#,0} dossier versions) in {sw.Elapsed.TotalMilliseconds:#,0} ms")));
        return results;
    }

    private static void ForceGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
