using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Queries;

namespace ServiceIndex.Host.Apis;

/// <summary>
/// Once the pipeline has caught up, reads the ledger's record rows and the current month's scores
/// into the API's caches, so the dashboard's first requests do not wait for them.
/// </summary>
internal sealed partial class ApiWarmup(StatusHandler status, LedgerRecordCache records, PeriodScores scores, TimeProvider time,
    ILogger<ApiWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var s = await status.GetAsync(stoppingToken).ConfigureAwait(false);
                    if (s.IsOk && s.Value.CaughtUp)
                    {
                        await records.RefreshAsync(stoppingToken).ConfigureAwait(false);
                        await scores.GetAsync(Period.MonthOf(VietnamTime.Today(time)), stoppingToken).ConfigureAwait(false);
                        return;
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Storage errors and timeouts (a timeout is a cancellation nobody asked for): try again, never stop the host.
                    LogNotYet(logger, ex.Message);
                }

                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "API warm-up waits: {Reason}")]
    private static partial void LogNotYet(ILogger logger, string reason);
}
