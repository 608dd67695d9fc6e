using System.Globalization;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Hosting;

/// <summary>A progress line while the pipeline backfills, and one line when it has caught up.</summary>
internal sealed class ProgressReporter(StatusQuery status, TextWriter console, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interactive = !Console.IsOutputRedirected;
        long lastApplied = 0;
        var lastAt = time.GetTimestamp();
        var wasCaughtUp = false;
        var lastPrinted = TimeSpan.Zero;
        var started = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(false);
                var s = await status.GetAsync(stoppingToken).ConfigureAwait(false);
                var now = time.GetTimestamp();
                var rate = (s.RecordsApplied - lastApplied) / Math.Max(0.001, time.GetElapsedTime(lastAt, now).TotalSeconds);
                lastApplied = s.RecordsApplied;
                lastAt = now;
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{(s.CaughtUp ? "live    " : "backfill")} {s.RecordsApplied,10:#,0} records applied  {rate,8:#,0}/s  {s.QueuedMessages,5} queued  {s.DeadLetters,6:#,0} dead letters");
                if (s.CaughtUp && !wasCaughtUp)
                {
                    console.WriteLine(interactive ? "\r" + line : line);
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"caught up after {time.GetElapsedTime(started).TotalSeconds:0} s: every unit's scores are served; the pipeline now follows the feed live."));
                }
                else if (interactive)
                {
                    console.Write("\r" + line);
                }
                else if (time.GetElapsedTime(started) - lastPrinted >= TimeSpan.FromSeconds(10))
                {
                    lastPrinted = time.GetElapsedTime(started);
                    console.WriteLine(line);
                }

                wasCaughtUp = s.CaughtUp;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage errors and timeouts alike: a progress line must never stop the host.
                // Status is best effort; the next tick tries again.
            }
        }
    }
}
