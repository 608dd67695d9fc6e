using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Cli;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Storage;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Bench;

/// <summary>
/// The cost of one incremental tick as history grows: a ledger holding 10 k, 100 k (and with
/// <c>--full</c> 1 M) stored dossiers, then batches of 500 feed changes, each applied by the real
/// <see cref="ApplyJob"/> and followed by the real score refresh. Target: the
/// tick at 1 M costs ≤ 2 × the tick at 10 k. Beside it, in the same run and on the same ledger, the
/// naive design: apply the batch, then read every stored record back and rescore every unit with the
/// Core (target: incremental ≥ 100 × cheaper at 1 M).
/// </summary>
/// <remarks>
/// The ledger is seeded on a fast path (record rows, month tallies and bucket heads written directly,
/// 100 rows a transaction) from the newest versions of a simulated history; what a tick does is the
/// production code. Each size gets a fresh emulator and a fresh pipeline process (cold caches); the
/// refresher's start-up load is reported separately.
/// </remarks>
internal static class TickBenchmarks
{
    private const int BatchSize = 500;
    private const int WarmUpTicks = 2; // the first size also warms up the JIT
    private const int MeasuredTicks = 8;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(bool full, TextWriter log, CancellationToken ct)
    {
        int[] sizes = full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
        var options = new SimulatorOptions
        {
            From = new DateOnly(2023, 1, 1),
            To = new DateOnly(2023, 12, 31),
            DossiersPerYear = full ? 1_250_000 : 600_000,
            RecordFaults = RecordFaultOptions.None,
            LiveRatePerSecond = 0,
        };
        var file = Path.Combine(Path.GetTempPath(), $"serviceindex-tick-{options.Seed}-{options.DossiersPerYear}.jsonl");
        if (!File.Exists(file))
        {
            log.WriteLine($"  generating a year at {options.DossiersPerYear:#,0} dossiers/year into {file}");
            var partial = file + ".part";
            await SimulatorHistory.WriteJsonLinesAsync(partial, options, ct).ConfigureAwait(false);
            File.Move(partial, file, overwrite: true);
        }

        var results = new List<BenchResult>();
        var measured = new List<(int Size, TickFigures Incremental, TickFigures Naive)>();
        var state = new VersionedState();
        var dossiers = 0;
        using var stream = File.OpenRead(file);
        using var reader = new JsonLinesReader(stream);
        foreach (var size in sizes)
        {
            while (dossiers < size && reader.TryReadLine(out var line))
            {
                if (ChangeRecordParser.Parse(line).Record is { } record &&
                    state.Offer(record, out var previous) == VersionOutcome.Accepted && previous is null && record.Kind == RecordKind.Dossier)
                {
                    dossiers++;
                }
            }

            var batches = new List<byte[][]>();
            for (var t = 0; t < WarmUpTicks + MeasuredTicks + 1; t++)
            {
                var batch = new List<byte[]>(BatchSize);
                while (batch.Count < BatchSize && reader.TryReadLine(out var line))
                {
                    batch.Add(line.ToArray());
                }

                batches.Add([.. batch]);
            }

            var (incremental, naive, notes) = await MeasureAsync(size, state, batches, log, ct).ConfigureAwait(false);
            measured.Add((size, incremental, naive));
            var ratio = naive.Latency.TotalMilliseconds / incremental.Latency.TotalMilliseconds;
            var txRatio = (double)naive.Transactions / Math.Max(1, incremental.Transactions);
            results.Add(new BenchResult(string.Create(CultureInfo.InvariantCulture, $"tick of {BatchSize} changes at {size:#,0} stored dossiers"),
                "latency (median)", incremental.Latency.TotalMilliseconds, "ms", size == sizes[0] ? "baseline" : "≤ 2 × baseline",
                size == sizes[0] ? null : incremental.Latency.TotalMilliseconds <= 2 * measured[0].Incremental.Latency.TotalMilliseconds,
                string.Create(CultureInfo.InvariantCulture,
                    $"apply + read every stored record + rescore: {naive.Latency.TotalMilliseconds:#,0} ms, {naive.Transactions:#,0} tx ({ratio:#,0.#} × slower, {txRatio:#,0.#} × the transactions)"),
                string.Create(CultureInfo.InvariantCulture, $"{incremental.Transactions:#,0} transactions per tick (median); {notes}")));

            // Feed the tick batches into the state too, so that the next size continues the same history.
            foreach (var line in batches.SelectMany(b => b))
            {
                if (ChangeRecordParser.Parse(line).Record is { } record &&
                    state.Offer(record, out var previous) == VersionOutcome.Accepted && previous is null && record.Kind == RecordKind.Dossier)
                {
                    dossiers++;
                }
            }
        }

        var first = measured[0];
        var last = measured[^1];
        var growth = last.Incremental.Latency.TotalMilliseconds / first.Incremental.Latency.TotalMilliseconds;
        results.Add(new BenchResult(string.Create(CultureInfo.InvariantCulture, $"tick cost growth {first.Size:#,0} → {last.Size:#,0} stored"),
            "latency ratio", growth, "×", "≤ 2 ×", growth <= 2,
            Notes: string.Create(CultureInfo.InvariantCulture,
                $"transactions {first.Incremental.Transactions:#,0} → {last.Incremental.Transactions:#,0} per tick; CPU (Azurite + host) {first.Incremental.Cpu.TotalMilliseconds:#,0} → {last.Incremental.Cpu.TotalMilliseconds:#,0} ms per tick ({last.Incremental.Cpu.TotalMilliseconds / Math.Max(1, first.Incremental.Cpu.TotalMilliseconds):0.0#} ×)")));
        var advantage = last.Naive.Latency.TotalMilliseconds / last.Incremental.Latency.TotalMilliseconds;
        results.Add(new BenchResult(string.Create(CultureInfo.InvariantCulture, $"incremental vs naive tick at {last.Size:#,0} stored"),
            "times cheaper (latency)", advantage, "×", "≥ 100 × at 1 M", last.Size >= 1_000_000 ? advantage >= 100 : null,
            string.Create(CultureInfo.InvariantCulture, $"{last.Naive.Latency.TotalMilliseconds:#,0} ms, {last.Naive.Transactions:#,0} tx"),
            string.Create(CultureInfo.InvariantCulture,
                $"{(double)last.Naive.Transactions / Math.Max(1, last.Incremental.Transactions):#,0.#} × fewer transactions{(last.Size >= 1_000_000 ? "" : "; the target is for 1 M (--full)")}")));
        return results;
    }

    /// <param name="Cpu">CPU of the emulator and the host together during the tick (median): less sensitive than latency to other load on the machine.</param>
    private readonly record struct TickFigures(TimeSpan Latency, long Transactions, TimeSpan Cpu = default);

    private static async Task<(TickFigures Incremental, TickFigures Naive, string Notes)> MeasureAsync(
        int size, VersionedState state, List<byte[][]> batches, TextWriter log, CancellationToken ct)
    {
        await using var harness = await PipelineBenchHarness.StartAsync(ct).ConfigureAwait(false);
        var settings = PipelineBenchmarks.Settings;
        var lastChange = batches.SelectMany(b => b).Select(l => ChangeRecordParser.Parse(l).Record?.ChangedAt ?? DateTimeOffset.MinValue).Max();
        var clock = new FixedClock(lastChange.AddMinutes(1));

        // Seed: the fast path, by a process that is then thrown away.
        var sw = Stopwatch.StartNew();
        int rows;
        await using (var seeder = harness.CreateProcess("tick", clock, settings))
        {
            await seeder.Storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
            rows = await SeedAsync(seeder, state, ct).ConfigureAwait(false);
        }

        var seeded = sw.Elapsed;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {size:#,0} dossiers: seeded {state.Count:#,0} records ({rows:#,0} rows) in {seeded.TotalSeconds:0.0} s"));

        await using var process = harness.CreateProcess("tick", clock, settings);
        sw.Restart();
        await process.Refresher.RefreshAsync(ct).ConfigureAwait(false);
        var startUp = sw.Elapsed;

        var latencies = new List<TimeSpan>();
        var transactions = new List<long>();
        var azuriteCpu = new List<TimeSpan>();
        var hostCpu = new List<TimeSpan>();
        var periods = 0;
        for (var t = 0; t < WarmUpTicks + MeasuredTicks; t++)
        {
            var items = Elements(batches[t]);
            var before = process.Transactions.Current;
            var (azuriteBefore, hostBefore) = (harness.Azurite(), ProcessSample.Current());
            sw.Restart();
            await process.Apply.ApplyItemsAsync(BlobName(clock, t), 0, items, ct).ConfigureAwait(false);
            var refreshed = await process.Refresher.RefreshAsync(ct).ConfigureAwait(false);
            sw.Stop();
            if (t >= WarmUpTicks)
            {
                latencies.Add(sw.Elapsed);
                azuriteCpu.Add(harness.Azurite().Cpu - azuriteBefore.Cpu);
                hostCpu.Add(ProcessSample.Current().Cpu - hostBefore.Cpu);
                transactions.Add((process.Transactions.Current - before).Total);
                periods = Math.Max(periods, refreshed.PeriodsScored);
            }
        }

        // Folding the deltas of these ticks into the month tallies (the refresh does it every CompactAfter deltas).
        var beforeFold = process.Transactions.Current;
        sw.Restart();
        var fold = await process.Refresher.RefreshAsync(compactAll: true, ct).ConfigureAwait(false);
        var folded = sw.Elapsed;
        var foldTx = (process.Transactions.Current - beforeFold).Total;

        // The naive tick: the same kind of batch applied, then every stored record read back and every unit rescored.
        var naiveItems = Elements(batches[^1]);
        var naiveBefore = process.Transactions.Current;
        sw.Restart();
        await process.Apply.ApplyItemsAsync(BlobName(clock, batches.Count), 0, naiveItems, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var book = new PeriodScoreBook(Period.YearOf(VietnamTime.DayOf(now)), now);
        var read = 0;
        for (var b = 0; b < process.Options.BucketCount; b++)
        {
            foreach (var row in await LedgerRows.RangeAsync(process.Storage.Ledger(b), LedgerKeys.Partition(b), LedgerKeys.RecordPrefix, ct).ConfigureAwait(false))
            {
                if (RecordRows.FromEntity(row).Record is { } record)
                {
                    book.Apply(record);
                    read++;
                }
            }
        }

        _ = book.Score();
        sw.Stop();
        var naive = new TickFigures(sw.Elapsed, (process.Transactions.Current - naiveBefore).Total);
        var azurite = harness.Azurite();
        var incremental = new TickFigures(Median(latencies), Median(transactions), Median([.. azuriteCpu.Zip(hostCpu, (a, h) => a + h)]));
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"CPU per tick (median): Azurite {Median(azuriteCpu).TotalMilliseconds:#,0} ms, host {Median(hostCpu).TotalMilliseconds:#,0} ms; ticks {string.Join(", ", latencies.Select(l => l.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))} ms; {periods} periods rescored; folding {fold.DeltasCompacted} deltas {folded.TotalMilliseconds:#,0} ms, {foldTx:#,0} tx; seed {seeded.TotalSeconds:0} s, start-up load {startUp.TotalSeconds:0.0} s; naive read {read:#,0} records; Azurite peak RSS {azurite.PeakBytes / (1024 * 1024):#,0} MiB");
        log.WriteLine($"    tick {incremental.Latency.TotalMilliseconds:0} ms / {incremental.Transactions} tx; naive {naive.Latency.TotalMilliseconds:0} ms / {naive.Transactions} tx; {notes}");
        return (incremental, naive, notes);
    }

    /// <summary>
    /// Writes the newest version of every record as the ledger would hold it after applying them all
    /// and folding every delta: record rows, the month tallies of each bucket, and the bucket heads.
    /// </summary>
    private static async Task<int> SeedAsync(PipelineBenchProcess process, VersionedState state, CancellationToken ct)
    {
        var buckets = process.Options.BucketCount;
        var rows = new List<TableEntity>[buckets];
        var tallies = new Dictionary<(DateOnly Month, string Unit), MonthTally>[buckets];
        for (var b = 0; b < buckets; b++)
        {
            rows[b] = [];
            tallies[b] = [];
        }

        foreach (var record in state.All)
        {
            var b = LedgerKeys.BucketOf(record.Key, buckets);
            var partition = LedgerKeys.Partition(b);
            rows[b].Add(RecordRows.ToEntity(partition, record, RecordJson.Serialize(record)));
            var cells = tallies[b];
            MonthContribution.Add(record, +1, (unit, month) =>
            {
                if (!cells.TryGetValue((month, unit), out var tally))
                {
                    cells[(month, unit)] = tally = new MonthTally();
                }

                return tally;
            });
        }

        var transactions = new List<(TableClient, List<TableTransactionAction>)>();
        for (var b = 0; b < buckets; b++)
        {
            var partition = LedgerKeys.Partition(b);
            var entities = rows[b]
                .Concat(tallies[b].Where(c => !c.Value.IsZero).Select(c => TallyCodec.ToEntity(partition, LedgerKeys.Tally(c.Key.Month, c.Key.Unit), c.Value)))
                .Append(LedgerHead.Seed(partition, rows[b].Count, DateTimeOffset.UtcNow));
            var ledger = process.Storage.Ledger(b);
            transactions.AddRange(entities.Chunk(TableLimits.EntitiesPerTransaction)
                .Select(c => (ledger, c.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)).ToList())));
        }

        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (t, token) => await t.Item1.SubmitTransactionAsync(t.Item2, token).ConfigureAwait(false)).ConfigureAwait(false);
        return transactions.Sum(t => t.Item2.Count);
    }

    private static List<JsonElement> Elements(byte[][] lines) =>
        [.. lines.Select(l => JsonDocument.Parse(l).RootElement)];

    private static string BlobName(TimeProvider clock, int tick) =>
        string.Create(CultureInfo.InvariantCulture, $"{VietnamTime.DayOf(clock.GetUtcNow()):yyyy/MM/dd}/{tick:D12}-00000000.json");

    private static T Median<T>(List<T> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>"Now" fixed just after the last change of the benchmark's history.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
