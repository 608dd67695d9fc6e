using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Functions.Tests.Infrastructure;
using ServiceIndex.Functions.Triggers;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Functions.Tests;

/// <summary>
/// The queue and timer functions, created as the worker creates them and driven as the Functions host drives them: Apply with
/// messages taken from the changes queue (the fixture applied the whole simulated history that way), a poison one among
/// them; the timers with a <c>TimerInfo</c>.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class TriggerTests(FunctionsApp app)
{
    [Fact]
    public void Every_function_class_is_created_over_the_worker_services()
    {
        using var scope = app.Functions.Services.CreateScope();
        foreach (var function in FunctionsMetadata.Read())
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Method.DeclaringType!));
        }
    }

    [Fact]
    public async Task Pull_and_apply_functions_scored_the_whole_history()
    {
        var status = await StatusAsync();
        Assert.True(status.RecordsApplied > 0, "no record was applied");
        Assert.Equal(0, status.QueuedMessages);
        using var scores = await app.Local.GetAsync(new Uri($"api/scores?period={Uri.EscapeDataString(app.PreviousMonth.Label)}&level=province", UriKind.Relative));
        var province = JsonDocument.Parse(await scores.Content.ReadAsStringAsync()).RootElement.GetProperty("units")[0];
        Assert.True(province.GetProperty("total").GetDecimal() > 0, "the province has no score");
    }

    [Fact]
    public async Task A_poison_message_fails_apply_every_delivery_and_changes_nothing_stored()
    {
        var before = await StatusAsync();
        var queue = app.Queue(StorageNames.ChangesQueue);
        await queue.SendMessageAsync(BinaryData.FromString("{\"not\":\"a work message\"}"));
        for (var delivery = 1; delivery <= 2; delivery++)
        {
            var message = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
            Assert.Equal(delivery, (int)message.DequeueCount);
            using var scope = app.Functions.Services.CreateScope();
            var apply = app.Create<ApplyFunction>(scope.ServiceProvider);
            await Assert.ThrowsAnyAsync<Exception>(() => apply.RunAsync(message.Body, CancellationToken.None));

            // The runtime's answer to a failed invocation: the message is visible again at once (until maxDequeueCount,
            // then the runtime moves it to <queue>-poison, checked against host.json in FunctionsMetadataTests).
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        var last = (await queue.ReceiveMessageAsync()).Value;
        await queue.DeleteMessageAsync(last.MessageId, last.PopReceipt);
        var after = await StatusAsync();
        Assert.Equal(before.RecordsApplied, after.RecordsApplied);
        Assert.Equal(before.DeadLetters, after.DeadLetters);
    }

    [Fact]
    public async Task Timers_run_their_handlers_with_a_timer_info()
    {
        await app.RunTimerAsync<PullFunction>((f, t, ct) => f.RunAsync(t, ct));
        Assert.Equal(0, await app.ApplyQueuedAsync()); // the feed has nothing new: the history is all applied
        await app.RunTimerAsync<RefreshFunction>((f, t, ct) => f.RunAsync(t, ct));
        await app.RunTimerAsync<RecomputeFunction>((f, t, ct) => f.RunAsync(t, ct));
        await app.RunTimerAsync<NationalPortalFunction>((f, t, ct) => f.RunAsync(t, ct));
        var status = await StatusAsync();
        Assert.True(status.LastPullAt is not null, "the pull timer left no trace in the status");
        Assert.True(status.NationalPortal is { LastSuccessAt: not null, LastError: null }, "the national portal timer left no successful read in the status");
        Assert.Equal(0, status.QueuedMessages);
    }

    private async Task<StatusResponse> StatusAsync()
    {
        using var scope = app.Functions.Services.CreateScope();
        var status = await scope.ServiceProvider.GetRequiredService<StatusHandler>().GetAsync(CancellationToken.None);
        return status.Value;
    }
}
