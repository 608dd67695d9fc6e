using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.NationalPortal;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// The response of <c>GET /api/status</c>: the six fields of <c>interfaces.md</c> first, then extra detail.
/// </summary>
/// <param name="CaughtUp">The last pull found no more, the queue is empty and nothing is in flight.</param>
/// <param name="LagSeconds">Seconds since the last pull (how old the newest data may be); null before the first pull.</param>
/// <param name="ScoresAsOf">When the scores were last written (the as-of time of the current period's document).</param>
/// <param name="ScoresCursor">The feed cursor every change before which those scores include (null until a refresh saw the queue empty).</param>
/// <param name="NationalPortal">The reader of the portal's published scores: when it last read, last succeeded, what failed, per period.</param>
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
    string? ScoresCursor,
    PortalReadStatus? NationalPortal = null);

/// <summary><c>GET /api/status</c>: pipeline health from <see cref="StatusQuery"/>, read at most once per cache interval.</summary>
public sealed class StatusHandler
{
    private readonly StatusQuery _status;
    private readonly TimeProvider _time;
    private readonly RecentResults<PipelineStatus> _recent;
    private readonly RecentResults<PortalReadStatus?> _portal;
    private readonly PortalStore _portalStore;
    private readonly NationalPortalOptions _portalOptions;

    public StatusHandler(StatusQuery status, TimeProvider time, Microsoft.Extensions.Options.IOptions<ApiOptions> options, PortalStore portalStore,
        Microsoft.Extensions.Options.IOptions<NationalPortalOptions> portalOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(portalOptions);
        _status = status;
        _time = time;
        _recent = new RecentResults<PipelineStatus>(time, options.Value.SmallReadsCacheFor);
        _portal = new RecentResults<PortalReadStatus?>(time, options.Value.SmallReadsCacheFor);
        _portalStore = portalStore;
        _portalOptions = portalOptions.Value;
        portalStore.StatusSaved += (_, _) => _portal.Clear(); // a read of this process is shown at once
    }

    public async Task<ApiResult<StatusResponse>> GetAsync(CancellationToken cancellationToken)
    {
        var s = await _recent.GetAsync("status", () => _status.GetAsync(CancellationToken.None)).WaitAsync(cancellationToken).ConfigureAwait(false);
        double? lag = s.LastPullAt is { } at ? Math.Round(Math.Max(0, (_time.GetUtcNow() - at).TotalSeconds), 1) : null;
        var portal = await _portal.GetAsync("portal", () => _portalStore.GetStatusAsync(CancellationToken.None)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var o = _portalOptions;
        portal = portal is null
            ? new PortalReadStatus(o.Enabled, o.Enabled ? o.BaseUrl : null, o.ProvinceId, null, null, null, [])
            : portal with { Enabled = o.Enabled };
        return new StatusResponse(s.CaughtUp, LateDossiersHandler.Time(s.LastPullAt), s.RecordsApplied, s.QueuedMessages, s.DeadLetters, s.Cursor,
            s.PoisonMessages, lag, s.RecordsStored, s.PagesPulled, s.ItemsPulled, s.LastError,
            LateDossiersHandler.Time(s.ScoresAsOf), s.ScoresCursor, portal);
    }

    /// <summary>Forgets the cached status (after an admin command).</summary>
    public void Clear()
    {
        _recent.Clear();
        _portal.Clear();
    }
}
