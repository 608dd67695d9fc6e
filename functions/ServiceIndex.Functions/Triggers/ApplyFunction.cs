using Microsoft.Azure.Functions.Worker;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Ingest;

namespace ServiceIndex.Functions.Triggers;

/// <summary>
/// Applies one work message of <c>changes</c>, many instances at once. A message that fails
/// maxDequeueCount (5, host.json) times is moved by the runtime to <c>changes-poison</c>
/// (queue name + "-poison"), the queue the pipeline's <see cref="PoisonQueue"/> re-drives.
/// "Storage" is the identity-based connection Storage__AccountName / __credential / __clientId.
/// </summary>
public sealed class ApplyFunction(ApplyJob apply)
{
    [Function("Apply")]
    public async Task RunAsync([QueueTrigger(StorageNames.ChangesQueue, Connection = "Storage")] BinaryData message, CancellationToken cancellationToken) =>
        await apply.HandleAsync(WorkMessage.Parse(message), cancellationToken).ConfigureAwait(false);
}
