using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>The runbook's admin requests (docs/operations.md): replay one day of the archive, re-drive poison messages.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class OperationsApiTests(ApiHost host)
{
    [Fact]
    public async Task Replay_of_one_day_applies_only_the_pages_received_that_day()
    {
        var today = host.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var all = await host.AdminAsync(HttpMethod.Post, "api/admin/replay");
        using var day = await host.AdminAsync(HttpMethod.Post, $"api/admin/replay?day={today}");
        using var none = await host.AdminAsync(HttpMethod.Post, "api/admin/replay?day=2001-01-01");

        Assert.Equal(HttpStatusCode.Accepted, day.StatusCode);
        var everything = JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement;
        var report = JsonDocument.Parse(await day.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(everything.GetProperty("blobs").GetInt32(), report.GetProperty("blobs").GetInt32()); // the host pulled it all today
        Assert.Equal(0, report.GetProperty("applied").GetInt32()); // idempotent
        Assert.Equal(0, JsonDocument.Parse(await none.Content.ReadAsStringAsync()).RootElement.GetProperty("blobs").GetInt32());
    }

    [Theory]
    [InlineData("18-11-2026")]
    [InlineData("2026-13-01")]
    [InlineData("yesterday")]
    public async Task Replay_of_a_day_that_is_not_a_date_is_a_400(string day)
    {
        using var response = await host.AdminAsync(HttpMethod.Post, $"api/admin/replay?day={Uri.EscapeDataString(day)}");
        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "day");
    }

    [Fact]
    public async Task Redrive_moves_every_poison_message_back_to_the_changes_queue()
    {
        var storage = host.Services.GetRequiredService<PipelineStorage>();
        await storage.EnsureCreatedAsync(CancellationToken.None);
        using var empty = JsonDocument.Parse("[]");
        var harmless = new WorkMessage("2001/01/01/000000000000-00000000.json", 0, 0, empty.RootElement.Clone()).ToBinaryData();
        await storage.Poison.SendMessageAsync(harmless);
        await storage.Poison.SendMessageAsync(harmless);

        using var response = await host.AdminAsync(HttpMethod.Post, "api/admin/redrive-poison");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("moved").GetInt32());
        Assert.Equal(0, (await storage.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
