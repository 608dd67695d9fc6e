using System.Threading.Channels;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// Wake-ups between the pipeline's jobs in one process, so that work follows work instead of waiting
/// for the next timer: a feed notification asks for a pull, a pull that queued work wakes the apply
/// workers, and the apply workers draining the queue ask for a score refresh. Every signal coalesces:
/// any number raised before the waiter wakes count as one. Timers still run on their schedules; these
/// only bring runs forward. The Azure Functions shell gets the same effect from its queue triggers.
/// </summary>
public sealed class PipelineTriggers
{
    /// <summary>Someone (the feed's webhook) said the feed has new changes: pull now.</summary>
    public PipelineSignal PullRequested { get; } = new();

    /// <summary>A pull queued work messages: the apply workers should poll now rather than after their idle back-off.</summary>
    public PipelineSignal WorkQueued { get; } = new();

    /// <summary>The apply workers applied messages and then found the queue empty: the scores can be refreshed.</summary>
    public PipelineSignal Applied { get; } = new();

    /// <summary>Whether <see cref="Applied"/> is raised at all (hosts set it from configuration; benchmarks switch it to compare).</summary>
    public bool RefreshFollowsApply { get; set; } = true;
}

/// <summary>A coalescing wake-up: <see cref="Raise"/> any number of times, one waiter wakes once.</summary>
public sealed class PipelineSignal
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = false,
        SingleWriter = false,
    });

    private long _raised;

    /// <summary>How many times the signal was raised (for status and benchmarks).</summary>
    public long Raised => Interlocked.Read(ref _raised);

    public void Raise()
    {
        Interlocked.Increment(ref _raised);
        _pending.Writer.TryWrite(true);
    }

    /// <summary>Waits until the signal is raised (consuming it) or <paramref name="timeout"/> passes; true when it was raised.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (_pending.Reader.TryRead(out _))
        {
            return true;
        }

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await _pending.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Forgets a pending raise (the run about to start covers it).</summary>
    public void Consume() => _pending.Reader.TryRead(out _);
}
