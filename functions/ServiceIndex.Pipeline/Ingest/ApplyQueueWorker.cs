using Azure;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// Queue polling for hosts without a queue trigger (the local host, tests, benchmarks), with the
/// Functions runtime's semantics: a visibility timeout per message, renewed while the message is in hand,
/// delete on success, redelivery on failure, and the poison queue after
/// <see cref="PipelineOptions.MaxDequeueCount"/> deliveries.
/// </summary>
/// <remarks>With <see cref="PipelineTriggers"/>, an idle worker wakes as soon as a pull queues work, and a worker that applied
/// messages and then finds the queue empty raises <see cref="PipelineTriggers.Applied"/> (the score refresh follows).</remarks>
public sealed partial class ApplyQueueWorker(
    PipelineStorage storage, ApplyJob apply, PoisonQueue poison, IOptions<PipelineOptions> options, ILogger<ApplyQueueWorker> logger,
    PipelineTriggers? triggers = null)
{
    private readonly PipelineOptions _options = options.Value;

    /// <summary>Receives up to <paramref name="maxMessages"/> (≤ 32) messages and handles them one by one; returns how many were received.</summary>
    public async Task<int> ProcessBatchAsync(int maxMessages, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var received = await storage.Changes.ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, 32), _options.QueueVisibilityTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (received.Value.Length == 0)
        {
            return 0;
        }

        // Every message received stays invisible while it waits its turn and while it is applied, as the Functions
        // queue trigger keeps a message in hand: without it a slow batch reappears to other workers and goes round
        // the poison queue on a starved machine.
        var inHand = received.Value.Select(m => new MessageInHand(m)).ToList();
        using var stopKeeping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keeper = KeepInvisibleAsync(inHand, stopKeeping.Token);
        try
        {
            foreach (var message in inHand)
            {
                await ProcessAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await stopKeeping.CancelAsync().ConfigureAwait(false);
            await keeper.ConfigureAwait(false);
        }

        return received.Value.Length;
    }

    /// <summary>Every third of the visibility timeout, extends the invisibility of each message not finished yet (all at once).</summary>
    private async Task KeepInvisibleAsync(List<MessageInHand> inHand, CancellationToken cancellationToken)
    {
        var every = _options.QueueVisibilityTimeout / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, cancellationToken).ConfigureAwait(false);
                await Task.WhenAll(inHand.Where(m => !m.Finished).Select(m => RenewAsync(m, cancellationToken))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The batch is done.
        }
    }

    private async Task RenewAsync(MessageInHand message, CancellationToken cancellationToken)
    {
        await message.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (message.Finished)
            {
                return;
            }

            var receipt = await storage.Changes.UpdateMessageAsync(message.Current.MessageId, message.Current.PopReceipt,
                visibilityTimeout: _options.QueueVisibilityTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            message.Current = message.Current.Update(receipt.Value);
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            // Gone, or its visibility ran out and another worker received it: applying it twice is harmless,
            // keeping it is no longer ours to do.
            message.Finished = true;
            LogKeepFailed(logger, message.Current.MessageId, ex.Status);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogKeepFailed(logger, message.Current.MessageId, (ex as RequestFailedException)?.Status ?? 0); // try again next time
        }
        finally
        {
            message.Gate.Release();
        }
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

    private async Task ProcessAsync(MessageInHand inHand, CancellationToken cancellationToken)
    {
        var message = inHand.Current;
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            LogPoisoned(logger, message.MessageId, message.DequeueCount);
            await FinishAsync(inHand, m => poison.MoveAsync(m, cancellationToken)).ConfigureAwait(false);
            return;
        }

        try
        {
            var work = WorkMessage.Parse(message.Body);
            await apply.HandleAsync(work, cancellationToken).ConfigureAwait(false);
            await FinishAsync(inHand, m => storage.Changes.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left on the queue: it becomes visible again after the visibility timeout.
            inHand.Finished = true;
            LogFailed(logger, ex, message.MessageId, message.DequeueCount);
        }
    }

    /// <summary>Deletes or moves a message with its current pop receipt, never while the keeper is renewing it.</summary>
    private static async Task FinishAsync(MessageInHand inHand, Func<QueueMessage, Task> finish)
    {
        await inHand.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            inHand.Finished = true;
            await finish(inHand.Current).ConfigureAwait(false);
        }
        finally
        {
            inHand.Gate.Release();
        }
    }

    private sealed class MessageInHand(QueueMessage received)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The message with its latest pop receipt (renewing the visibility changes it).</summary>
        public QueueMessage Current { get; set; } = received;

        public bool Finished { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work message {MessageId} failed on delivery {DequeueCount}; it will be retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work message {MessageId} moved to the poison queue after {DequeueCount} deliveries")]
    private static partial void LogPoisoned(ILogger logger, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not keep work message {MessageId} invisible ({Status}); it may be delivered again")]
    private static partial void LogKeepFailed(ILogger logger, string messageId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the changes queue failed ({Status}): {Reason}")]
    private static partial void LogPollFailed(ILogger logger, int status, string reason);
}
