using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;
using ServiceIndex.Pipeline.Ingest;

namespace ServiceIndex.Host.Hosting;

/// <summary>
/// A timer trigger as the Functions runtime runs one: a six-field CRON schedule in UTC, one
/// execution at a time (a tick that comes while the job still runs is skipped, as a singleton
/// timer would), errors logged and the schedule kept. With a <c>wake</c> signal, a raise brings the next
/// run forward (raises during a run coalesce into one run after it).
/// </summary>
internal sealed partial class CronTimer(
    string name,
    string schedule,
    Func<CancellationToken, Task> job,
    TimeProvider time,
    ILogger<CronTimer> logger,
    bool runOnStart = false,
    PipelineSignal? wake = null) : BackgroundService
{
    private readonly CrontabSchedule _schedule = CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    public string Name => name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runOnStart)
        {
            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = _schedule.GetNextOccurrence(now);
            try
            {
                // At most a day at a time (a timeout must fit a timer); a later occurrence is just waited for again.
                var delay = TimeSpan.FromTicks(Math.Min((next - now).Ticks, TimeSpan.TicksPerDay));
                var woken = false;
                if (wake is null)
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    woken = await wake.WaitAsync(delay, time, stoppingToken).ConfigureAwait(false);
                }

                if (!woken && time.GetUtcNow().UtcDateTime < next)
                {
                    continue; // a clamped wait ended before the occurrence
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            wake?.Consume(); // this run covers whatever was raised before it starts
            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await job(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Timer} failed; it will run again at its next occurrence")]
    private static partial void LogFailed(ILogger logger, Exception ex, string timer);
}
