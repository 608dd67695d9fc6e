using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Http;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Host.Apis;

/// <summary>
/// Once the pipeline has caught up, reads the ledger's record rows and the current month's scores
/// into the API's caches, so the dashboard's first requests do not wait for them.
/// </summary>
/// <remarks>
/// When the refresher of this process writes scores, the held score documents are checked on their next request
/// rather than after <see cref="ApiOptions.ScoresRevalidateAfter"/>. Each new score document the cache reads in the background is serialised, and its rankings derived
/// and serialised, before requests get it, so that no request pays for that work (<see cref="ScoreDocumentCache.Preparing"/>).
/// </remarks>
internal sealed partial class ApiWarmup(StatusHandler status, LedgerRecordCache records, PeriodScores scores, ScoreDocumentCache documents,
    RankingsHandler rankings, ScoreRefresher refresher, IOptions<JsonOptions> json, TimeProvider time, ILogger<ApiWarmup> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        documents.Preparing += Prepare;
        refresher.Refreshed += Expire;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        documents.Preparing -= Prepare;
        refresher.Refreshed -= Expire;
        return base.StopAsync(cancellationToken);
    }

    // The refresher of this process has just written scores: check the held periods on their next request.
    private void Expire(object? sender, RefreshResult result) => documents.Expire();

    private void Prepare(object? sender, ScoreDocument document)
    {
        var options = json.Value.SerializerOptions;
        SerializedOk<ScoreDocument>.Prepare(document, options);
        foreach (var ranking in rankings.Prepare(document))
        {
            SerializedOk<RankingsResponse>.Prepare(ranking, options);
        }
    }

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
