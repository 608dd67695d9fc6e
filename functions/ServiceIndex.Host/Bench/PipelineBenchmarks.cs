using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Bench;

/// <summary>
/// End-to-end backfill on Azurite: the simulator serves a history over HTTP, the real pull, four
/// queue workers and the score refresh (every 5 s, and once at the end) run until the scores include
/// every change. Records/s (target ≥ 5,000/s), storage transactions per applied change counted by the
/// SDK pipeline policy (target ≤ 1.5), the Azure cost of a million changes, CPU and peak memory of
/// the host and of the emulator.
/// </summary>
internal static class PipelineBenchmarks
{
    /// <summary>Local host tuning (appsettings.json): one process, 8 buckets, 500 items a message.</summary>
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Pipeline:BucketCount"] = "8",
        ["Pipeline:BatchSize"] = "500",
        ["Pipeline:QueueVisibilityTimeout"] = "00:00:30",
    };

    private const int Workers = 4;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(bool full, TextWriter log, CancellationToken ct)
    {
        // ≈ 5,600 changes a day at the province's volume: 178 days ≈ 1 M changes. The history ends today,
        // as a real backfill does: the refresh then rescores the months it covers, not years up to now.
        var today = VietnamTime.Today(TimeProvider.System);
        var options = new SimulatorOptions
        {
            From = today.AddDays(full ? -177 : -9),
            To = today,
            LiveRatePerSecond = 0,
        };
        await using var harness = await PipelineBenchHarness.StartAsync(ct).ConfigureAwait(false);
        await using var simulator = await SimulatorServer.StartAsync(options, TimeProvider.System, "http://127.0.0.1:0", ct).ConfigureAwait(false);
        var changes = simulator.Feed.Count;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  backfill of {changes:#,0} changes ({options.From:yyyy-MM-dd}..{options.To:yyyy-MM-dd}), {Workers} workers"));
        // The naive way first, on its own tables of the same emulator: each change on its own, no batching.
        var naive = await NaiveBackfillAsync(harness, simulator, options.ApiKey, full ? 10_000 : 3_000, ct).ConfigureAwait(false);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  naive: {naive.Changes:#,0} changes at {naive.PerSecond:#,0}/s, {naive.PerChange:0.00} tx/change"));

        await using var process = harness.CreateProcess("bf", TimeProvider.System, Settings, simulator.BaseUrl, options.ApiKey);
        await process.Storage.EnsureCreatedAsync(ct).ConfigureAwait(false);

        var azuriteBefore = harness.Azurite();
        var hostBefore = ProcessSample.Current();
        var start = process.Transactions.Current;
        var sw = Stopwatch.StartNew();
        var pulled = TimeSpan.Zero;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pullDone = false;
        var pull = Task.Run(async () =>
        {
            while (!(await process.Pull.RunAsync(null, ct).ConfigureAwait(false)).CaughtUp)
            {
            }

            pulled = sw.Elapsed;
            Volatile.Write(ref pullDone, true);
        }, ct);
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                if (await process.Worker.ProcessBatchAsync(16, ct).ConfigureAwait(false) > 0)
                {
                    continue;
                }

                if (Volatile.Read(ref pullDone) &&
                    (await process.Storage.Changes.GetPropertiesAsync(ct).ConfigureAwait(false)).Value.ApproximateMessagesCount == 0)
                {
                    return;
                }

                await Task.Delay(50, ct).ConfigureAwait(false);
            }
        }, ct)).ToArray();
        var refreshes = new List<(TimeSpan At, TimeSpan Took, int Deltas, int Folded)>();
        var refresh = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var at = sw.Elapsed;
                var r = await process.Refresher.RefreshAsync(ct).ConfigureAwait(false);
                refreshes.Add((at, sw.Elapsed - at, r.DeltasRead, r.DeltasCompacted));
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                }
            }
        }, ct);

        await pull.ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);
        var applied = sw.Elapsed;
        await stop.CancelAsync().ConfigureAwait(false);
        await refresh.ConfigureAwait(false);
        var lastAt = sw.Elapsed;
        var scoredAt = TimeSpan.Zero;
        void OnScored(object? sender, RefreshResult result) => scoredAt = sw.Elapsed;
        process.Refresher.Refreshed += OnScored;
        var last = await process.Refresher.RefreshAsync(ct).ConfigureAwait(false);
        process.Refresher.Refreshed -= OnScored;
        refreshes.Add((lastAt, sw.Elapsed - lastAt, last.DeltasRead, last.DeltasCompacted));
        sw.Stop();
        var elapsed = scoredAt; // the scores table includes every change from here on (the refresh's fold is upkeep)
        foreach (var (at, took, deltas, folded) in refreshes)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    refresh at {at.TotalSeconds:0.0} s took {took.TotalSeconds:0.0} s: {deltas} deltas read, {folded} folded"));
        }

        // Folding is upkeep a refresh does for at most a second: what the backfill left is folded now, outside
        // the figure's clock but inside its CPU and transaction counts.
        var upkeep = Stopwatch.StartNew();
        var leftToFold = (await process.Refresher.RefreshAsync(compactAll: true, ct).ConfigureAwait(false)).DeltasCompacted;
        upkeep.Stop();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    afterwards: {leftToFold} deltas left to fold, folded in {upkeep.Elapsed.TotalSeconds:0.0} s"));

        var used = process.Transactions.Current - start;
        var host = ProcessSample.Current();
        var azurite = harness.Azurite();

        var stored = 0L;
        for (var b = 0; b < process.Options.BucketCount; b++)
        {
            var head = await LedgerHead.ReadAsync(process.Storage.Ledger(b), LedgerKeys.Partition(b), ct).ConfigureAwait(false);
            stored += head?.Applied ?? 0;
        }

        var perSecond = changes / elapsed.TotalSeconds;
        var perChange = (double)used.Total / Math.Max(1, stored);
        var hostCpu = host.Cpu - hostBefore.Cpu;
        var azuriteCpu = azurite.Cpu - azuriteBefore.Cpu;
        var results = new List<BenchResult>
        {
            new("backfill feed → scores (Azurite)", "records/s", perSecond, "records/s", "≥ 5,000 records/s", perSecond >= 5000,
                string.Create(CultureInfo.InvariantCulture, $"one change at a time (read record, write it, read+write each month tally it moves): {naive.PerSecond:#,0} records/s over the first {naive.Changes:#,0}"),
                Notes: string.Create(CultureInfo.InvariantCulture,
                    $"{changes:#,0} changes ({stored:#,0} versions stored) in the scores after {elapsed.TotalSeconds:0.0} s: pulled at {pulled.TotalSeconds:0.0} s, applied at {applied.TotalSeconds:0.0} s; then {leftToFold:#,0} deltas left to fold, folded in {upkeep.Elapsed.TotalSeconds:0.0} s; CPU (incl. that fold): Azurite {azuriteCpu.TotalSeconds:0} s, host {hostCpu.TotalSeconds:0} s (incl. simulator); {Workers} workers, {process.Options.BucketCount} buckets, {process.Options.BatchSize} items/message")),
            new("backfill peak memory", "MiB", host.PeakBytes / (1024.0 * 1024), "MiB host", "—", null,
                Notes: string.Create(CultureInfo.InvariantCulture,
                    $"host peak working set (incl. the simulator's history in memory); Azurite (in memory) peak RSS {azurite.PeakBytes / (1024 * 1024):#,0} MiB")),
            new("storage transactions per applied change", "tx/change", perChange, "tx", "≤ 1.5", perChange <= 1.5,
                string.Create(CultureInfo.InvariantCulture, $"{naive.PerChange:0.00} tx per change"),
                Notes: string.Create(CultureInfo.InvariantCulture,
                    $"{used.Total:#,0} transactions (table {used.Table:#,0}, blob {used.Blob:#,0}, queue {used.Queue:#,0}) for {stored:#,0} stored versions; counted by the SDK pipeline policy")),
        };
        var cost = AzurePrices.PerMillionChanges(used, stored);
        results.Add(new BenchResult("Azure transaction cost per 1 M changes", "USD", cost, "USD", "—", null,
            string.Create(CultureInfo.InvariantCulture, $"USD {AzurePrices.PerMillionChanges(new StorageTransactions(naive.Transactions, 0, 0), naive.Changes):0.00}"),
            Notes: AzurePrices.Assumption));
        return results;
    }

    private sealed record NaiveFigures(int Changes, double PerSecond, long Transactions)
    {
        public double PerChange => (double)Transactions / Math.Max(1, Changes);
    }

    /// <summary>
    /// The straightforward design, for comparison: every change on its own, in feed order — read the
    /// stored record, write the new version, then read and rewrite each month tally it moves.
    /// </summary>
    private static async Task<NaiveFigures> NaiveBackfillAsync(PipelineBenchHarness harness, SimulatorServer simulator, string apiKey, int changes,
        CancellationToken ct)
    {
        await using var process = harness.CreateProcess("nv", TimeProvider.System, Settings, simulator.BaseUrl, apiKey);
        await process.Storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var feed = process.Feed;
        var items = new List<byte[]>();
        string? cursor = null;
        while (items.Count < changes)
        {
            using var page = await feed.GetPageAsync(cursor, 500, ct).ConfigureAwait(false);
            items.AddRange(page.Items.Select(i => System.Text.Encoding.UTF8.GetBytes(i.GetRawText())));
            cursor = page.Next;
            if (!page.HasMore)
            {
                break;
            }
        }

        items = [.. items.Take(changes)];
        var before = process.Transactions.Current;
        var sw = Stopwatch.StartNew();
        foreach (var item in items)
        {
            if (ChangeRecordParser.Parse(item).Record is not { } record)
            {
                continue;
            }

            var bucket = LedgerKeys.BucketOf(record.Key, process.Options.BucketCount);
            var partition = LedgerKeys.Partition(bucket);
            var ledger = process.Storage.Ledger(bucket);
            var row = await LedgerRows.ReadAsync(ledger, partition, LedgerKeys.Record(record.Key), ct).ConfigureAwait(false);
            var old = row is null ? null : RecordRows.FromEntity(row);
            if (VersionedState.Compare(old?.Version, record.Version) != VersionOutcome.Accepted)
            {
                continue;
            }

            await ledger.UpsertEntityAsync(RecordRows.ToEntity(partition, record, RecordJson.Serialize(record)), TableUpdateMode.Replace, ct)
                .ConfigureAwait(false);
            var change = new LedgerDelta();
            if (old is { Deleted: false, Record: { } previous })
            {
                MonthContribution.Add(previous, -1, change.Cell);
            }

            MonthContribution.Add(record, +1, change.Cell);
            change.RemoveZeroCells();
            foreach (var ((month, unit), delta) in change.Cells)
            {
                var key = LedgerKeys.Tally(month, unit);
                var held = await LedgerRows.ReadAsync(ledger, partition, key, ct).ConfigureAwait(false);
                var tally = held is null ? new MonthTally() : TallyCodec.FromEntity(held);
                tally.Add(delta);
                await ledger.UpsertEntityAsync(TallyCodec.ToEntity(partition, key, tally), TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }
        }

        sw.Stop();
        return new NaiveFigures(items.Count, items.Count / sw.Elapsed.TotalSeconds, (process.Transactions.Current - before).Total);
    }
}

/// <summary>
/// Azure Storage list prices assumed for the cost figures: Standard general-purpose v2, LRS, hot
/// tier, East US, pay-as-you-go, as published in 2024 (check the pricing calculator for today's).
/// </summary>
internal static class AzurePrices
{
    /// <summary>Table transactions: USD 0.00036 per 10,000, every operation type.</summary>
    public const double TablePer10K = 0.00036;

    /// <summary>Queue operations (class 1 and 2): USD 0.004 per 10,000.</summary>
    public const double QueuePer10K = 0.004;

    /// <summary>Blob hot write operations: USD 0.05 per 10,000 (reads are 0.004; counted as writes to stay on the safe side).</summary>
    public const double BlobPer10K = 0.05;

    public const string Assumption = "Standard GPv2 LRS hot, East US, 2024 list prices: table USD 0.00036, queue 0.004, blob writes 0.05 per 10,000 transactions";

    public static double PerMillionChanges(StorageTransactions used, long changes) =>
        changes == 0 ? 0 : (used.Table * TablePer10K + used.Queue * QueuePer10K + used.Blob * BlobPer10K) / 10_000 * (1_000_000.0 / changes);
}
