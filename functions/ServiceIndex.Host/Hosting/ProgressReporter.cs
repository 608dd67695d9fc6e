using System.Globalization;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Host.Hosting;

/// <summary>
/// A progress line while the pipeline backfills, one line when it has caught up, and one summary line per kind of
/// problem (refused feed items, feed errors, poison messages) with where the details are, instead of a log line per
/// event in the middle of the progress line (<see cref="ProblemSummary"/>).
/// </summary>
internal sealed class ProgressReporter(StatusQuery status, TextWriter console, TimeProvider time, LogFile? logFile = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interactive = !Console.IsOutputRedirected;
        long lastApplied = 0;
        var lastAt = time.GetTimestamp();
        var wasCaughtUp = false;
        var announced = false;
        var lastPrinted = TimeSpan.Zero;
        var started = time.GetTimestamp();
        var problems = new ProblemSummary(logFile?.Path);
        var lineShown = false;
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
                foreach (var problem in problems.Next(s, time.GetElapsedTime(started)))
                {
                    // On a line of its own: clear the progress line first; the next tick draws it again.
                    console.WriteLine(interactive && lineShown ? "\r" + problem.PadRight(100) : problem);
                    lineShown = false;
                }

                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{(s.CaughtUp ? "live    " : "backfill")} {s.RecordsApplied,10:#,0} records applied  {rate,8:#,0}/s  {s.QueuedMessages,5} queued  {s.DeadLetters,6:#,0} dead letters");
                if (s.CaughtUp && !wasCaughtUp && !announced)
                {
                    // Once: in live mode every new change makes the pipeline briefly "not caught up" again.
                    announced = true;
                    console.WriteLine(interactive ? "\r" + line : line);
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"caught up after {time.GetElapsedTime(started).TotalSeconds:0} s: every unit's scores are served; the pipeline now follows the feed live."));
                    lineShown = false;
                }
                else if (interactive)
                {
                    console.Write("\r" + line);
                    lineShown = true;
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

/// <summary>
/// Which problem lines the console shows: one per kind when it first appears, again only when it has grown and a minute
/// has passed since its last line (refused items, poison messages), or when the feed's error changes or clears.
/// </summary>
internal sealed class ProblemSummary(string? logFile)
{
    private static readonly TimeSpan Repeat = TimeSpan.FromMinutes(1);
    private readonly string _details = logFile is null ? "the host's log" : logFile;
    private long _deadLetters;
    private TimeSpan? _deadLettersAt;
    private int _poison;
    private TimeSpan? _poisonAt;
    private string? _feedError;

    public IEnumerable<string> Next(PipelineStatus status, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(status);
        var lines = new List<string>();
        if (status.DeadLetters > _deadLetters && (_deadLettersAt is not { } d || elapsed - d >= Repeat))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"problem   {status.DeadLetters:#,0} feed items refused so far, kept as dead letters: GET /api/dead-letters lists them (details in {_details})"));
            _deadLetters = status.DeadLetters;
            _deadLettersAt = elapsed;
        }

        if (status.PoisonMessages > _poison && (_poisonAt is not { } p || elapsed - p >= Repeat))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"problem   {status.PoisonMessages:#,0} work messages failed 5 times and wait in the poison queue: see docs/operations.md, \"Poison messages\" (details in {_details})"));
            _poison = status.PoisonMessages;
            _poisonAt = elapsed;
        }

        if (status.LastError != _feedError)
        {
            lines.Add(status.LastError is { } error
                ? $"problem   the feed is not being read: {error} (retried on every pull; /api/status shows lastError; details in {_details})"
                : "feed      read again: the last pull succeeded");
            _feedError = status.LastError;
        }

        return lines;
    }
}
