using System.Diagnostics;
using System.Diagnostics.Metrics;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Diagnostics;

/// <summary>
/// The pipeline's metrics (meter <c>ServiceIndex.Pipeline</c>; names, units and meaning in docs/operations.md, which
/// <c>MetricNames</c> tests keep in step): records read, applied and dead-lettered, feed lag and cursor age, queue depth
/// and oldest message age, poison messages, refresh duration and scores written, freshness, storage transactions.
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "ServiceIndex.Pipeline";

    /// <summary>Seconds, from a quarter second to a day: lags, ages, durations.</summary>
    private static readonly double[] SecondsBuckets = [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

    private readonly Counter<long> _applied;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _stale;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _pages;
    private readonly Counter<long> _items;
    private readonly Counter<long> _feedErrors;
    private readonly Counter<long> _scoresWritten;
    private readonly Histogram<double> _lag;
    private readonly Histogram<double> _refreshDuration;
    private readonly Histogram<double> _freshness;
    private readonly TimeProvider _time;

    public PipelineMetrics(IMeterFactory meterFactory, StorageTransactionCounter transactions, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(transactions);
        _time = time ?? TimeProvider.System;
        var meter = meterFactory.Create(MeterName);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets };
        _applied = meter.CreateCounter<long>("serviceindex.records.applied", "{record}", "Record versions stored (newer than what was held).");
        _duplicates = meter.CreateCounter<long>("serviceindex.records.duplicate", "{record}", "Record versions already held (at-least-once delivery).");
        _stale = meter.CreateCounter<long>("serviceindex.records.stale", "{record}", "Record versions older than what was held (out-of-order delivery).");
        _rejected = meter.CreateCounter<long>("serviceindex.records.rejected", "{record}", "Feed items refused and dead-lettered.");
        _conflicts = meter.CreateCounter<long>("serviceindex.ledger.conflicts", "{conflict}", "Optimistic-concurrency conflicts retried.");
        _pages = meter.CreateCounter<long>("serviceindex.feed.pages", "{page}", "Feed pages pulled and archived.");
        _items = meter.CreateCounter<long>("serviceindex.feed.items", "{item}", "Feed items pulled (records read).");
        _feedErrors = meter.CreateCounter<long>("serviceindex.feed.errors", "{error}", "Pull runs that stopped because the feed refused or failed a request.");
        _scoresWritten = meter.CreateCounter<long>("serviceindex.refresh.scores_written", "{score}", "Score rows written (or deleted) by refreshes.");
        _lag = meter.CreateHistogram<double>("serviceindex.apply.lag", "s", "From a record's changedAt to its version being stored.", advice: seconds);
        _refreshDuration = meter.CreateHistogram<double>("serviceindex.refresh.duration", "s", "How long a score refresh took until its scores were readable.",
            advice: seconds);
        _freshness = meter.CreateHistogram<double>("serviceindex.freshness", "s",
            "From the newest changedAt of a work message to the refresh that serves its scores.", advice: seconds);
        meter.CreateObservableCounter("serviceindex.storage.transactions", () => StorageMeasurements(transactions.Current), "{transaction}",
            "Storage transactions (HTTP requests to tables, blobs and queues, retries included), by service.");
        meter.CreateObservableGauge("serviceindex.feed.lag", () => Observe(Gauges.FeedLag(_time.GetUtcNow())), "s",
            "Seconds from the newest change read to now; 0 once the last pull reached the head of the feed.");
        meter.CreateObservableGauge("serviceindex.feed.cursor_age", () => Observe(Gauges.CursorAge(_time.GetUtcNow())), "s",
            "Seconds since the pull last saved the feed cursor (a pull that keeps failing lets it grow).");
        meter.CreateObservableGauge("serviceindex.queue.depth", () => Observe(Gauges.QueueDepth), "{message}",
            "Work messages waiting in the changes queue (approximate, sampled).");
        meter.CreateObservableGauge("serviceindex.queue.oldest_age", () => Observe(Gauges.OldestMessageAge), "s",
            "Age of the message at the front of the changes queue (sampled; 0 when empty).");
        meter.CreateObservableGauge("serviceindex.poison.messages", () => Observe(Gauges.PoisonCount), "{message}",
            "Work messages in the poison queue (sampled).");
    }

    /// <summary>The sampled and remembered values behind the gauges (the pull and <see cref="PipelineGaugeSampler"/> set them).</summary>
    public PipelineGauges Gauges { get; } = new();

    internal RefreshRelay Relay { get; } = new();

    /// <summary>
    /// Adds 0 to every counter, so each is exported from the start: a scraper tells "nothing happened" from "not exported".
    /// Called once the meter provider listens (<see cref="PipelineGaugeSampler"/> starts after it).
    /// </summary>
    public void Touch()
    {
        foreach (var counter in new[] { _applied, _duplicates, _stale, _rejected, _conflicts, _pages, _items, _feedErrors, _scoresWritten })
        {
            counter.Add(0);
        }
    }

    /// <summary>Records read, applied and dead-lettered so far in this process (<see cref="OperationsHistory"/>).</summary>
    public PipelineTotals Totals => new(Interlocked.Read(ref _totalRead), Interlocked.Read(ref _totalApplied), Interlocked.Read(ref _totalRejected));

    private long _totalRead;
    private long _totalApplied;
    private long _totalRejected;

    public void Applied(long n)
    {
        _applied.Add(n);
        Interlocked.Add(ref _totalApplied, n);
    }

    public void Duplicates(long n) => _duplicates.Add(n);

    public void Stale(long n) => _stale.Add(n);

    public void Rejected(long n)
    {
        _rejected.Add(n);
        Interlocked.Add(ref _totalRejected, n);
    }

    public void Conflict() => _conflicts.Add(1);

    public void Pulled(long items)
    {
        _pages.Add(1);
        _items.Add(items);
        Interlocked.Add(ref _totalRead, items);
    }

    public void FeedFailed() => _feedErrors.Add(1);

    public void Lag(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds));

    /// <summary>A work message was applied under <paramref name="context"/>; its newest change was <paramref name="newestChange"/>.</summary>
    public void ApplyDone(ActivityContext context, DateTimeOffset? newestChange)
    {
        if (newestChange is { } at)
        {
            Relay.Applied(context, at);
        }
    }

    /// <summary>
    /// Starts the <c>refresh</c> span: a child of the first apply since the last refresh, linked to the others (at most 32).
    /// Returns what the refresh includes, for <see cref="RefreshDone"/>.
    /// </summary>
    public RefreshScope StartRefresh()
    {
        var pending = Relay.Drain();
        var parent = pending.Count > 0 ? pending[0].Context : default;
        var links = pending.Skip(1).Select(p => p.Context).Where(c => c != default && c != parent).Distinct().Take(32)
            .Select(c => new ActivityLink(c)).ToList();
        var activity = PipelineTelemetry.Source.StartActivity(PipelineTelemetry.RefreshSpan, ActivityKind.Internal, parent, links: links);
        activity?.SetTag("serviceindex.refresh.applies", pending.Count);
        return new RefreshScope(activity, pending, Stopwatch.GetTimestamp());
    }

    /// <summary>The refresh's scores are readable: duration, rows written, freshness of every apply it includes.</summary>
    public void RefreshDone(RefreshScope scope, int rowsWritten, int rowsDeleted)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _refreshDuration.Record(Stopwatch.GetElapsedTime(scope.Started).TotalSeconds);
        _scoresWritten.Add(rowsWritten + rowsDeleted);
        var now = _time.GetUtcNow();
        foreach (var (_, newest) in scope.Included)
        {
            _freshness.Record(Math.Max(0, (now - newest).TotalSeconds));
        }

        scope.Activity?.SetTag("serviceindex.refresh.rows_written", rowsWritten);
        scope.Included.Clear(); // once
    }

    private static IEnumerable<Measurement<long>> StorageMeasurements(StorageTransactions t) =>
    [
        new(t.Table, new KeyValuePair<string, object?>("service", "table")),
        new(t.Blob, new KeyValuePair<string, object?>("service", "blob")),
        new(t.Queue, new KeyValuePair<string, object?>("service", "queue")),
    ];

    private static IEnumerable<Measurement<double>> Observe(double? value) => value is { } v ? [new Measurement<double>(v)] : [];

    private static IEnumerable<Measurement<long>> Observe(long? value) => value is { } v ? [new Measurement<long>(v)] : [];
}

/// <summary>A refresh in progress: its span, the applies it includes, when it started.</summary>
public sealed class RefreshScope(Activity? activity, List<(ActivityContext Context, DateTimeOffset NewestChange)> included, long started) : IDisposable
{
    public Activity? Activity => activity;

    internal List<(ActivityContext Context, DateTimeOffset NewestChange)> Included => included;

    internal long Started => started;

    public void Dispose() => activity?.Dispose();
}
