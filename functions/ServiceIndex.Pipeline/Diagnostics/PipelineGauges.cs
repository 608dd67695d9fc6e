using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Diagnostics;

/// <summary>
/// The values behind the pipeline's gauges: what the pull last saw (set as it reads) and what the sampler last read from
/// the queues. Null: not known yet (the gauge reports nothing rather than a made-up zero).
/// </summary>
public sealed class PipelineGauges
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _newestChange;
    private bool _atHead;
    private DateTimeOffset? _cursorSavedAt;
    private double? _oldestMessageAge;

    public long? QueueDepth { get; private set; }

    public long? PoisonCount { get; private set; }

    /// <summary>The pull read a page whose newest change is <paramref name="newestChange"/> and saved the cursor after it.</summary>
    public void PageRead(DateTimeOffset? newestChange, bool atHead, DateTimeOffset savedAt)
    {
        lock (_gate)
        {
            if (newestChange is { } n && (_newestChange is not { } held || n > held))
            {
                _newestChange = n;
            }

            _atHead = atHead;
            _cursorSavedAt = savedAt;
        }
    }

    public double? FeedLag(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _atHead ? 0 : _newestChange is { } n ? Math.Max(0, (now - n).TotalSeconds) : null;
        }
    }

    public double? CursorAge(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _cursorSavedAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : null;
        }
    }

    /// <summary>Seconds the front message had waited when last sampled (0: the queue was empty).</summary>
    public double? OldestMessageAge
    {
        get
        {
            lock (_gate)
            {
                return _oldestMessageAge;
            }
        }
    }

    /// <param name="oldestAge">How long the front message had waited (storage's clock, not the host's: the host's may be pinned).</param>
    public void QueuesSampled(long depth, TimeSpan? oldestAge, long poison)
    {
        lock (_gate)
        {
            QueueDepth = depth;
            PoisonCount = poison;
            _oldestMessageAge = oldestAge is { } age ? Math.Max(0, age.TotalSeconds) : 0;
        }
    }
}

/// <summary>Reads the queues' depth, the front message's age and the poison count every <see cref="Every"/> for the gauges.</summary>
public sealed partial class PipelineGaugeSampler(PipelineStorage storage, PipelineMetrics metrics, ILogger<PipelineGaugeSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    /// <summary>One sample (three queue requests).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var depth = storage.Changes.GetPropertiesAsync(cancellationToken);
        var poison = storage.Poison.GetPropertiesAsync(cancellationToken);
        var front = storage.Changes.PeekMessagesAsync(1, cancellationToken);
        var peeked = (await front.ConfigureAwait(false)).Value;
        metrics.Gauges.QueuesSampled((await depth.ConfigureAwait(false)).Value.ApproximateMessagesCount,
            peeked.Length > 0 && peeked[0].InsertedOn is { } inserted ? DateTimeOffset.UtcNow - inserted : null, (await poison.ConfigureAwait(false)).Value.ApproximateMessagesCount);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.Touch();
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSampleFailed(logger, ex.Message); // the gauges keep their last values; the next tick tries again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Queue gauges not sampled: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);
}
