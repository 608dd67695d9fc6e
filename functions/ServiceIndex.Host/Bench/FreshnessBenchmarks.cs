using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Bench;

/// <summary>
/// Freshness: from the moment a live change appears in the simulator's feed to the moment <c>GET /api/scores</c>
/// (the current month, polled over HTTP every 50 ms with <c>If-None-Match</c>) answers with a document that
/// includes it; target p95 ≤ pull interval + 2 s. Three ways in one run on one host, one after another:
/// timers only (pull every 15 s, refresh on its own 15-s timer offset 5 s: the naive way), refresh following the
/// apply (still polling), and push (the simulator calls <c>POST /api/feed/notify</c> on every append).
/// </summary>
/// <remarks>
/// A document "includes" a change when the refresh that wrote it had vouched for a feed cursor past the change
/// (<see cref="RefreshResult.Cursor"/>: the checkpointed cursor, read when no work was queued or in flight and
/// before the ledger heads). The harness maps the document's as-of time to that cursor through
/// <see cref="ScoreRefresher.Refreshed"/> (it runs in the host's process), and the cursor to a feed position
/// with <see cref="ChangeFeed.TryPositionOf"/>; the simulator says when each live position fell due.
/// </remarks>
internal static class FreshnessBenchmarks
{
    private const double PullIntervalSeconds = 15;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(bool full, TextWriter log, CancellationToken ct)
    {
        var window = TimeSpan.FromSeconds(full ? 180 : 60);
        const double liveRate = 2;
        await using var host = await HostBenchHost.StartAsync(new HostBenchSettings(full ? 7 : 3, liveRate), log, ct).ConfigureAwait(false);
        var triggers = host.Services.GetRequiredService<PipelineTriggers>();
        var refresher = host.Services.GetRequiredService<ScoreRefresher>();
        var feed = host.Simulator.Feed;
        var notifier = host.Simulator.Notifier ?? throw new InvalidOperationException("The benchmark simulator has no webhook configured.");

        var included = new List<(string AsOf, long Position)>();
        void OnRefreshed(object? sender, RefreshResult r)
        {
            if (ChangeFeed.TryPositionOf(r.Cursor, out var position))
            {
                lock (included)
                {
                    included.Add((Rfc3339.Format(VietnamTime.ToVietnam(r.AsOf ?? default)), position));
                }
            }
        }

        refresher.Refreshed += OnRefreshed;
        try
        {
            (string Name, bool RefreshFollowsApply, bool Push)[] modes =
            [
                ("timers only (naive)", false, false),
                ("polling, refresh follows apply", true, false),
                ("push webhook, refresh follows apply", true, true),
            ];
            var measured = new List<(string Name, Freshness F)>();
            foreach (var (name, follows, push) in modes)
            {
                triggers.RefreshFollowsApply = follows;
                notifier.Enabled = push;
                var f = await MeasureAsync(host, window, included, ct).ConfigureAwait(false);
                log.WriteLine($"  freshness  {name,-38} {f.Summary()}");
                measured.Add((name, f));
            }

            var naive = measured[0].F;
            var target = PullIntervalSeconds + 2;
            return
            [
                .. measured.Skip(1).Select(m => new BenchResult($"freshness, {m.Name}", "p95 feed → /api/scores", m.F.P95, "s",
                    FormattableString.Invariant($"p95 ≤ {target:0} s (poll {PullIntervalSeconds:0} s + 2 s)"), m.F.P95 <= target && m.F.Changes > 0,
                    FormattableString.Invariant($"{measured[0].Name}: {naive.Summary()}"),
                    FormattableString.Invariant($"{m.F.Summary()}; live {liveRate:0} changes/s, {window.TotalSeconds:0} s window, {OpenLoopLoad.LoadAverage():0.0} load average"))),
            ];
        }
        finally
        {
            refresher.Refreshed -= OnRefreshed;
            notifier.Enabled = false;
            feed.SuspendLive();
        }
    }

    private static async Task<Freshness> MeasureAsync(HostBenchHost host, TimeSpan window, List<(string AsOf, long Position)> included,
        CancellationToken ct)
    {
        var feed = host.Simulator.Feed;
        using var http = OpenLoopLoad.CreateClient(host.BaseAddress);
        var seen = new List<(string AsOf, DateTimeOffset At)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var poller = PollAsync(http, seen, stop.Token);

        feed.ResumeLive();
        var first = feed.Count;
        await Task.Delay(window, ct).ConfigureAwait(false);
        feed.SuspendLive();
        var end = feed.Count;

        // Wait until every change of the window is in the scores (or give up after a minute).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && Visible(end - 1, seen, included) is null)
        {
            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await poller.ConfigureAwait(false);
        var latencies = new List<double>();
        var missing = 0;
        for (var position = first; position < end; position++)
        {
            var appended = feed.AppendedAt(position);
            var visible = Visible(position, seen, included);
            if (appended is null || visible is null)
            {
                missing++;
                continue;
            }

            latencies.Add(Math.Max(0, (visible.Value - appended.Value).TotalSeconds));
        }

        latencies.Sort();
        return new Freshness(latencies.Count, missing, OpenLoopLoad.Percentile(latencies, 0.5), OpenLoopLoad.Percentile(latencies, 0.95),
            OpenLoopLoad.Percentile(latencies, 0.99), latencies.Count > 0 ? latencies[^1] : double.NaN);
    }

    /// <summary>When /api/scores first answered with a document whose refresh included <paramref name="position"/>.</summary>
    private static DateTimeOffset? Visible(long position, List<(string AsOf, DateTimeOffset At)> seen, List<(string AsOf, long Position)> included)
    {
        Dictionary<string, long> cursorOf;
        lock (included)
        {
            cursorOf = included.GroupBy(i => i.AsOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(i => i.Position), StringComparer.Ordinal);
        }

        lock (seen)
        {
            return seen.Where(s => cursorOf.TryGetValue(s.AsOf, out var p) && p > position).Select(s => (DateTimeOffset?)s.At).Min();
        }
    }

    private static async Task PollAsync(HttpClient http, List<(string AsOf, DateTimeOffset At)> seen, CancellationToken ct)
    {
        string? etag = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/scores", UriKind.Relative));
                if (etag is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                var at = DateTimeOffset.UtcNow;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    etag = response.Headers.ETag?.ToString();
                    await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    using var document = await JsonDocument.ParseAsync(body, cancellationToken: ct).ConfigureAwait(false);
                    var asOf = document.RootElement.GetProperty("asOf").GetString()!;
                    lock (seen)
                    {
                        if (!seen.Any(s => s.AsOf == asOf))
                        {
                            seen.Add((asOf, at));
                        }
                    }
                }

                await Task.Delay(50, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private sealed record Freshness(int Changes, int Missing, double P50, double P95, double P99, double Max)
    {
        public string Summary() => FormattableString.Invariant(
            $"p50 {P50:0.0} s, p95 {P95:0.0} s, p99 {P99:0.0} s, max {Max:0.0} s over {Changes} changes{(Missing > 0 ? $" ({Missing} not seen)" : "")}");
    }
}
