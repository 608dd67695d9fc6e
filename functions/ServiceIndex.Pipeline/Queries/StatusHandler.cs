using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Queries;

/// <summary>
/// The response of <c>GET /api/status</c>: the six fields of <c>interfaces.md</c> first, then extra detail.
/// </summary>
/// <param name="CaughtUp">The last pull found no more, the queue is empty and nothing is in flight.</param>
/// <param name="LagSeconds">Seconds since the last pull (how old the newest data may be); null before the first pull.</param>
/// <param name="ScoresAsOf">When the scores were last written (the as-of time of the current period's document).</param>
/// <param name="ScoresCursor">The feed cursor every change before which those scores include (null until a refresh saw the queue empty).</param>
public sealed record StatusResponse(
    bool CaughtUp,
    string? LastPullAt,
    long RecordsApplied,
    int QueuedMessages,
    long DeadLetters,
    string? Cursor,
    int PoisonMessages,
    double? LagSeconds,
    long RecordsStored,
    long PagesPulled,
    long ItemsPulled,
    string? LastError,
    string? ScoresAsOf,
    string? ScoresCursor);

/// <summary><c>GET /api/status</c>: pipeline health from <see cref="StatusQuery"/>, read at most once per cache interval.</summary>
public sealed class StatusHandler
{
    private readonly StatusQuery _status;
    private readonly TimeProvider _time;
    private readonly RecentResults<PipelineStatus> _recent;

    public StatusHandler(StatusQuery status, TimeProvider time, Microsoft.Extensions.Options.IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _status = status;
        _time = time;
        _recent = new RecentResults<PipelineStatus>(time, options.Value.SmallReadsCacheFor);
    }

    public async Task<ApiResult<StatusResponse>> GetAsync(CancellationToken cancellationToken)
    {
        var s = await _recent.GetAsync("status", () => _status.GetAsync(CancellationToken.None)).WaitAsync(cancellationToken).ConfigureAwait(false);
        double? lag = s.LastPullAt is { } at ? Math.Round(Math.Max(0, (_time.GetUtcNow() - at).TotalSeconds), 1) : null;
        return new StatusResponse(s.CaughtUp, LateDossiersHandler.Time(s.LastPullAt), s.RecordsApplied, s.QueuedMessages, s.DeadLetters, s.Cursor,
            s.PoisonMessages, lag, s.RecordsStored, s.PagesPulled, s.ItemsPulled, s.LastError,
            LateDossiersHandler.Time(s.ScoresAsOf), s.ScoresCursor);
    }

    /// <summary>Forgets the cached status (after an admin command).</summary>
    public void Clear() => _recent.Clear();
}
