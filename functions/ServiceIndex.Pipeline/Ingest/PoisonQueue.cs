using Azure.Storage.Queues.Models;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// The <c>changes-poison</c> queue: work messages that failed <see cref="Options.PipelineOptions.MaxDequeueCount"/>
/// times. Moving keeps the body unchanged; re-driving puts them back on <c>changes</c> once the cause is fixed.
/// </summary>
public sealed class PoisonQueue(PipelineStorage storage)
{
    /// <summary>Moves a received message of <c>changes</c> to the poison queue (send first, then delete: never lost).</summary>
    public async Task MoveAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await storage.Poison.SendMessageAsync(message.Body, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        await storage.Changes.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves up to <paramref name="max"/> messages from the poison queue back to <c>changes</c>; returns how many.</summary>
    public async Task<int> RedriveAsync(int max, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var moved = 0;
        while (moved < max)
        {
            var batch = await storage.Poison.ReceiveMessagesAsync(Math.Min(32, max - moved), TimeSpan.FromMinutes(1), cancellationToken)
                .ConfigureAwait(false);
            if (batch.Value.Length == 0)
            {
                break;
            }

            foreach (var message in batch.Value)
            {
                await storage.Changes.SendMessageAsync(message.Body, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                await storage.Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                moved++;
            }
        }

        return moved;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var properties = await storage.Poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return properties.Value.ApproximateMessagesCount;
    }
}
