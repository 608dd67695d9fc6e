using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Functions.Triggers;

/// <summary>The nightly self-check: 17:05 UTC by default, which is 00:05 in Vietnam (Flex Consumption runs CRON in UTC).</summary>
public sealed class RecomputeFunction(RecomputeJob recompute)
{
    [Function("Recompute")]
    public async Task RunAsync([TimerTrigger("%Pipeline:RecomputeSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await recompute.RunAsync(new RecomputeRequest(), cancellationToken).ConfigureAwait(false);
}
