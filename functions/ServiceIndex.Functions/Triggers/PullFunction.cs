using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline.Ingest;

namespace ServiceIndex.Functions.Triggers;

/// <summary>
/// Reads the change feed. Timer functions are singletons across instances (the host holds a blob
/// lease per timer); the handler takes its own lease too, so it never overlaps the local host either.
/// </summary>
public sealed class PullFunction(PullJob pull)
{
    [Function("Pull")]
    public async Task RunAsync([TimerTrigger("%Pipeline:PullSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await pull.RunAsync(budget: null, cancellationToken).ConfigureAwait(false);
}
