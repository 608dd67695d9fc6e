using System.Collections.Concurrent;
using System.Diagnostics;

namespace ServiceIndex.Pipeline.Diagnostics;

/// <summary>
/// The pipeline's traces (activity source <c>ServiceIndex.Pipeline</c>). One feed page is one trace: its root span
/// <c>feed.page</c> (linked to the <c>pull</c> run that read it) holds <c>archive</c> and <c>enqueue</c>; each work message
/// carries the page's W3C trace context (<see cref="WorkMessage.TraceParent"/>) so every <c>apply</c> of its items is
/// a child of the page; the next <c>refresh</c> in the same process is a child of the first apply it includes and links
/// the others. The Azure SDK's own spans (sources <c>Azure.*</c>) nest under whichever of these is current.
/// </summary>
public static class PipelineTelemetry
{
    public const string SourceName = "ServiceIndex.Pipeline";

    /// <summary>Span names (stable: dashboards and tests find spans by them).</summary>
    public const string PullSpan = "pull";
    public const string PageSpan = "feed.page";
    public const string ArchiveSpan = "archive";
    public const string EnqueueSpan = "enqueue";
    public const string ApplySpan = "apply";
    public const string RefreshSpan = "refresh";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts a span with no parent (a new trace) even when a span is current, linked to <paramref name="link"/>;
    /// the current span is restored by <see cref="RootScope.Dispose"/>.
    /// </summary>
    public static RootScope StartRoot(string name, ActivityContext link)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        var links = link == default ? null : new[] { new ActivityLink(link) };
        var activity = Source.StartActivity(name, ActivityKind.Internal, default(ActivityContext), links: links);
        return new RootScope(activity, previous, started: true);
    }

    /// <summary>A root span and the span that was current before it (default: nothing started, nothing to restore).</summary>
    public readonly struct RootScope(Activity? activity, Activity? previous, bool started) : IDisposable
    {
        public Activity? Activity => activity;

        public void Dispose()
        {
            if (started)
            {
                activity?.Dispose();
                Activity.Current = previous;
            }
        }
    }

    /// <summary>The W3C <c>traceparent</c> of <paramref name="activity"/> (null: not traced).</summary>
    public static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

    /// <summary>The trace context a work message carries (default: none or unreadable).</summary>
    public static ActivityContext ContextOf(string? traceParent) =>
        traceParent is { Length: > 0 } && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
}

/// <summary>
/// What the applies since the last refresh left for it: their span contexts (the refresh's parent and links) and the
/// newest <c>changedAt</c> each stored (freshness is measured when the refresh has served them). Bounded: beyond
/// <see cref="Capacity"/> entries the oldest are dropped (counted, never blocking an apply).
/// </summary>
internal sealed class RefreshRelay
{
    public const int Capacity = 4096;

    private readonly ConcurrentQueue<(ActivityContext Context, DateTimeOffset NewestChange)> _pending = new();

    public void Applied(ActivityContext context, DateTimeOffset newestChange)
    {
        _pending.Enqueue((context, newestChange));
        while (_pending.Count > Capacity && _pending.TryDequeue(out _))
        {
        }
    }

    public List<(ActivityContext Context, DateTimeOffset NewestChange)> Drain()
    {
        var drained = new List<(ActivityContext, DateTimeOffset)>();
        while (_pending.TryDequeue(out var entry))
        {
            drained.Add(entry);
        }

        return drained;
    }
}
