using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Functions.Triggers;

/// <summary>Keeps current-period scores current: deadlines pass with no event.</summary>
public sealed class RefreshFunction(ScoreRefresher refresher)
{
    [Function("Refresh")]
    public async Task RunAsync([TimerTrigger("%Pipeline:RefreshSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await refresher.RefreshAsync(cancellationToken).ConfigureAwait(false);
}
