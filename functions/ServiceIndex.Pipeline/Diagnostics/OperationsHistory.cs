using Microsoft.Extensions.Hosting;

namespace ServiceIndex.Pipeline.Diagnostics;

/// <summary>One point of <c>GET /api/operations</c>: the gauges at <paramref name="At"/> and the counters' growth since the previous point.</summary>
public sealed record OperationsPoint(
    DateTimeOffset At,
    double? FeedLagSeconds,
    long? QueueDepth,
    long? PoisonMessages,
    long RecordsRead,
    long RecordsApplied,
    long DeadLettered);

/// <summary><c>GET /api/operations</c>: the last hour of this process's pipeline metrics, one point per <see cref="OperationsHistory.Every"/>.</summary>
public sealed record OperationsHistoryDocument(int IntervalSeconds, IReadOnlyList<OperationsPoint> Points);

/// <summary>
/// The last hour of the pipeline's own metrics (the numbers <c>/metrics</c> and Azure Monitor get), kept in memory for the
/// dashboard's "Vận hành" page: every 15 s, feed lag, queue depth and poison messages as the gauges read, and records read,
/// applied and dead-lettered since the previous point. Per process: a restart starts an empty hour.
/// </summary>
public sealed class OperationsHistory(PipelineMetrics metrics, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);
    public const int Capacity = 240; // an hour

    private readonly Lock _gate = new();
    private readonly Queue<OperationsPoint> _points = new();
    private PipelineTotals _last;
    private bool _started;

    public OperationsHistoryDocument Snapshot()
    {
        lock (_gate)
        {
            return new OperationsHistoryDocument((int)Every.TotalSeconds, [.. _points]);
        }
    }

    /// <summary>Adds one point now (the timer calls it; tests may too).</summary>
    public void Sample()
    {
        var now = time.GetUtcNow();
        var totals = metrics.Totals;
        var gauges = metrics.Gauges;
        lock (_gate)
        {
            if (!_started)
            {
                _started = true;
                _last = totals; // the first point starts the counting
            }

            _points.Enqueue(new OperationsPoint(now, gauges.FeedLag(now), gauges.QueueDepth, gauges.PoisonCount,
                totals.Read - _last.Read, totals.Applied - _last.Applied, totals.Rejected - _last.Rejected));
            _last = totals;
            while (_points.Count > Capacity)
            {
                _points.Dequeue();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>Records read, applied and dead-lettered since the process started (what the counters have added).</summary>
public readonly record struct PipelineTotals(long Read, long Applied, long Rejected);
