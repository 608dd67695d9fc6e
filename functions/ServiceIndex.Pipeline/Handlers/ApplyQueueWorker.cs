using Azure;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Handlers;

/// <summary>
/// Queue polling for hosts without a queue trigger (the local host, tests, benchmarks), with the
/// Functions runtime's semantics: a visibility timeout per message, delete on success, redelivery on
/// failure, and the poison queue after <see cref="PipelineOptions.MaxDequeueCount"/> deliveries.
/// </summary>
/// <remarks>With <see cref="PipelineTriggers"/>, an idle worker wakes as soon as a pull queues work, and a worker that applied
/// messages and then finds the queue empty raises <see cref="PipelineTriggers.Applied"/> (the score refresh follows).</remarks>
public sealed partial class ApplyQueueWorker(
    PipelineStorage storage, ApplyHandler apply, PoisonQueue poison, IOptions<PipelineOptions> options, ILogger<ApplyQueueWorker> logger,
    PipelineTriggers? triggers = null)
{
    private readonly PipelineOptions _options = options.Value;

    /// <summary>Receives up to <paramref name="maxMessages"/> (≤ 32) messages and handles them one by one; returns how many were received.</summary>
    public async Task<int> ProcessBatchAsync(int maxMessages, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var received = await storage.Changes.ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, 32), _options.QueueVisibilityTimeout, cancellationToken)
            .ConfigureAwait(false);
        foreach (var message in received.Value)
        {
            await ProcessAsync(message, cancellationToken).ConfigureAwait(false);
        }

        return received.Value.Length;
    }

    /// <summary>Polls until cancelled, backing off while the queue is empty.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var idle = TimeSpan.FromMilliseconds(100);
        var appliedSinceEmpty = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            int count;
            try
            {
                count = await ProcessBatchAsync(16, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                LogPollFailed(logger, ex.Status, ex.Message);
                count = 0;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // A storage timeout surfaces as a cancellation the caller did not ask for (or an I/O error):
                // the worker keeps polling; the message, if any, comes back after its visibility timeout.
                LogPollFailed(logger, 0, ex.Message);
                count = 0;
            }

            if (count > 0)
            {
                idle = TimeSpan.FromMilliseconds(100);
                appliedSinceEmpty = true;
                continue;
            }

            if (triggers is null)
            {
                await Task.Delay(idle, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (appliedSinceEmpty && triggers.RefreshFollowsApply)
                {
                    triggers.Applied.Raise();
                    appliedSinceEmpty = false;
                }

                if (await triggers.WorkQueued.WaitAsync(idle, TimeProvider.System, cancellationToken).ConfigureAwait(false))
                {
                    idle = TimeSpan.FromMilliseconds(100);
                    continue;
                }
            }

            idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, 2000));
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            LogPoisoned(logger, message.MessageId, message.DequeueCount);
            await poison.MoveAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var work = WorkMessage.Parse(message.Body);
            await apply.HandleAsync(work, cancellationToken).ConfigureAwait(false);
            await storage.Changes.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left on the queue: it becomes visible again after the visibility timeout.
            LogFailed(logger, ex, message.MessageId, message.DequeueCount);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work message {MessageId} failed on delivery {DequeueCount}; it will be retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work message {MessageId} moved to the poison queue after {DequeueCount} deliveries")]
    private static partial void LogPoisoned(ILogger logger, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the changes queue failed ({Status}): {Reason}")]
    private static partial void LogPollFailed(ILogger logger, int status, string reason);
}
