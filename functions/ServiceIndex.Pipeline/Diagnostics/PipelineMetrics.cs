using System.Diagnostics.Metrics;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Diagnostics;

/// <summary>The pipeline's metrics (meter <c>ServiceIndex.Pipeline</c>): records applied and rejected, feed lag, storage transactions.</summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "ServiceIndex.Pipeline";

    private readonly Counter<long> _applied;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _stale;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _pages;
    private readonly Counter<long> _items;
    private readonly Histogram<double> _lag;

    public PipelineMetrics(IMeterFactory meterFactory, StorageTransactionCounter transactions)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(transactions);
        var meter = meterFactory.Create(MeterName);
        _applied = meter.CreateCounter<long>("serviceindex.records.applied", "{record}", "Record versions stored (newer than what was held).");
        _duplicates = meter.CreateCounter<long>("serviceindex.records.duplicate", "{record}", "Record versions already held (at-least-once delivery).");
        _stale = meter.CreateCounter<long>("serviceindex.records.stale", "{record}", "Record versions older than what was held (out-of-order delivery).");
        _rejected = meter.CreateCounter<long>("serviceindex.records.rejected", "{record}", "Feed items refused and dead-lettered.");
        _conflicts = meter.CreateCounter<long>("serviceindex.ledger.conflicts", "{conflict}", "Optimistic-concurrency conflicts retried.");
        _pages = meter.CreateCounter<long>("serviceindex.feed.pages", "{page}", "Feed pages pulled and archived.");
        _items = meter.CreateCounter<long>("serviceindex.feed.items", "{item}", "Feed items pulled.");
        _lag = meter.CreateHistogram<double>("serviceindex.apply.lag", "s", "From a record's changedAt to its version being stored.");
        meter.CreateObservableCounter("serviceindex.storage.transactions", () => transactions.Current.Total, "{transaction}",
            "Storage transactions (HTTP requests to tables, blobs and queues, retries included).");
    }

    public void Applied(long n) => _applied.Add(n);

    public void Duplicates(long n) => _duplicates.Add(n);

    public void Stale(long n) => _stale.Add(n);

    public void Rejected(long n) => _rejected.Add(n);

    public void Conflict() => _conflicts.Add(1);

    public void Pulled(long items)
    {
        _pages.Add(1);
        _items.Add(items);
    }

    public void Lag(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds));
}
