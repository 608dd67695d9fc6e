using System.Diagnostics;
using System.Net;

namespace ServiceIndex.Host.Bench;

/// <summary>One kind of request at a fixed rate: the paths are sent in turn.</summary>
/// <param name="Revalidate">Send the last ETag seen for the path in <c>If-None-Match</c> (as the dashboard does); otherwise every answer carries the whole body.</param>
internal sealed record LoadScenario(string Name, IReadOnlyList<string> Paths, bool Revalidate = false);

/// <summary>Latencies of one scenario, in milliseconds from each request's scheduled send time.</summary>
/// <param name="GcPauseMs">Time this process spent paused for garbage collection during the window.</param>
/// <param name="CpuPercent">This process's CPU time over the window, in % of one core (host and load client together).</param>
/// <param name="LoadAverage">The machine's one-minute load average at the end (other processes included).</param>
internal sealed record LoadResult(string Scenario, int Requests, int Errors, int NotModified, double P50, double P95, double P99, double Max, double Rate,
    double GcPauseMs = 0, int Gen2 = 0, double CpuPercent = 0, double LoadAverage = 0, double WakeUpP99 = 0)
{
    public string Summary() => FormattableString.Invariant(
        $"p50 {P50:0.0} ms, p95 {P95:0.0} ms, p99 {P99:0.0} ms, max {Max:0} ms; {Requests:#,0} requests at {Rate:0} req/s, {Errors} errors{(NotModified > 0 ? $", {NotModified:#,0} × 304" : "")}");

    public string Profile() => FormattableString.Invariant(
        $"process CPU {CpuPercent:0} % of a core, GC pauses {GcPauseMs:0} ms ({Gen2} gen-2), load average {LoadAverage:0.0}, a sleeping thread wakes up to {WakeUpP99:0.0} ms late (p99)");
}

/// <summary>
/// An open-loop load generator: requests leave on a fixed schedule (rate × duration, after a warm-up that is
/// not counted) whether or not earlier ones have been answered, and each latency is measured from the moment
/// the request was due, not from when it was sent, so a stalled server cannot hide its backlog (no coordinated
/// omission). One pooled <see cref="HttpClient"/> (keep-alive connections, as many as the backlog needs).
/// </summary>
internal static class OpenLoopLoad
{
    public static HttpClient CreateClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = 256,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<LoadResult> RunAsync(HttpClient http, LoadScenario scenario, double rate, TimeSpan duration, TimeSpan warmUp,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(scenario);
        var warm = (int)(rate * warmUp.TotalSeconds);
        var total = warm + (int)(rate * duration.TotalSeconds);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Sample[total];
        var pending = new Task[total];
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);

        // The machine's own floor: how late a thread that sleeps 1 ms wakes up while the load runs (run-queue wait,
        // whatever the server does). When this is above the target, no server in this process can meet it.
        var wakeUps = new List<double>();
        var probing = true;
        var probe = new Thread(() =>
        {
            while (Volatile.Read(ref probing))
            {
                var before = Stopwatch.GetTimestamp();
                Thread.Sleep(1);
                wakeUps.Add(Math.Max(0, Stopwatch.GetElapsedTime(before).TotalMilliseconds - 1));
                Thread.Sleep(9);
            }
        })
        { IsBackground = true, Name = "wake-up probe" };
        probe.Start();

        // The schedule runs on its own thread so that a busy thread pool delays requests, not the schedule.
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < total && !ct.IsCancellationRequested; i++)
            {
                var due = start + (long)(i * ticksPerRequest);
                WaitUntil(due);
                var path = scenario.Paths[i % scenario.Paths.Count];
                string? etag = null;
                if (scenario.Revalidate)
                {
                    lock (etags)
                    {
                        etags.TryGetValue(path, out etag);
                    }
                }

                var index = i;
                pending[i] = Task.Run(async () => samples[index] = await SendAsync(http, path, etag, due, scenario.Revalidate ? etags : null, ct)
                    .ConfigureAwait(false), CancellationToken.None);
            }
        })
        { IsBackground = true, Name = "open-loop load", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        await Task.Run(scheduler.Join, ct).ConfigureAwait(false);
        await Task.WhenAll(pending.Where(t => t is not null)).ConfigureAwait(false);

        Volatile.Write(ref probing, false);
        probe.Join();
        wakeUps.Sort();
        process.Refresh();
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / Math.Max(0.001, wall) * 100;
        var measured = samples.Skip(warm).ToList();
        var latencies = measured.Select(s => s.Milliseconds).Order().ToArray();
        var elapsed = (measured.Count - 1) * ticksPerRequest / Stopwatch.Frequency;
        return new LoadResult(scenario.Name, measured.Count, measured.Count(s => s.Error), measured.Count(s => s.NotModified),
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies.Length > 0 ? latencies[^1] : 0,
            elapsed > 0 ? (measured.Count - 1) / elapsed : 0, (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds,
            GC.CollectionCount(2) - gen2Before, cpu, LoadAverage(), Percentile(wakeUps, 0.99));
    }

    /// <summary>The one-minute load average (Linux), or NaN.</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static async Task<Sample> SendAsync(HttpClient http, string path, string? etag, long due, Dictionary<string, string>? etags,
        CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            if (etag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);

            // Read the whole body (the latency includes it) into a pooled buffer: the client must not fill its own heap.
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                while (await body.ReadAsync(buffer, ct).ConfigureAwait(false) > 0)
                {
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            var elapsed = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            var notModified = response.StatusCode == HttpStatusCode.NotModified;
            if (etags is not null && response.Headers.ETag is { } tag)
            {
                lock (etags)
                {
                    etags[path] = tag.ToString();
                }
            }

            return new Sample(elapsed, !(response.IsSuccessStatusCode || notModified), notModified);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new Sample(Stopwatch.GetElapsedTime(due).TotalMilliseconds, true, false);
        }
    }

    private static void WaitUntil(long due)
    {
        while (true)
        {
            var left = due - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            if (left > Stopwatch.Frequency / 500)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.SpinWait(50);
            }
        }
    }

    private readonly record struct Sample(double Milliseconds, bool Error, bool NotModified);
}
