using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

/// <summary>The feed client alone (no storage): resilience as <c>feed.md</c> asks of a reader.</summary>
public sealed class FeedClientTests
{
    private static readonly IReadOnlyList<string> Items = Pipelines.Items(Records.Unit("qna", 1, null), Records.Unit("qna-x1", 1, "qna"));

    [Fact]
    public async Task A_throttled_request_is_retried_after_the_retry_after_delay()
    {
        await using var server = await TestFeedServer.StartAsync(Items);
        server.Faults = (n, _) => n == 1 ? new FeedFault.Throttle(1) : null;
        using var services = Services(server.BaseUrl);
        var clock = Stopwatch.StartNew();

        using var page = await services.GetRequiredService<FeedClient>().GetPageAsync(null, 10, CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}, before Retry-After");
        Assert.Equal(2, server.Requests);
        Assert.Equal(2, page.Items.Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_a_page_arrives()
    {
        await using var server = await TestFeedServer.StartAsync(Items);
        server.Faults = (n, _) => n <= 3 ? new FeedFault.ServerError(n == 2 ? 503 : 500) : null;
        using var services = Services(server.BaseUrl);

        using var page = await services.GetRequiredService<FeedClient>().GetPageAsync(null, 10, CancellationToken.None);

        Assert.Equal(4, server.Requests);
        Assert.False(page.HasMore);
        Assert.Equal("c2", page.Next);
    }

    [Fact]
    public async Task A_truncated_page_is_retried_not_parsed()
    {
        await using var server = await TestFeedServer.StartAsync(Items);
        server.Faults = (n, _) => n == 1 ? new FeedFault.Truncated() : null;
        using var services = Services(server.BaseUrl);

        using var page = await services.GetRequiredService<FeedClient>().GetPageAsync(null, 10, CancellationToken.None);

        Assert.Equal(2, server.Requests);
        Assert.Equal(2, page.Items.Count);
    }

    [Fact]
    public async Task A_wrong_api_key_fails_at_once_without_retrying()
    {
        await using var server = await TestFeedServer.StartAsync(Items);
        using var services = Services(server.BaseUrl, apiKey: "wrong");

        var error = await Assert.ThrowsAsync<FeedRequestException>(() => services.GetRequiredService<FeedClient>().GetPageAsync(null, 10, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_to_the_head_of_the_feed()
    {
        await using var server = await TestFeedServer.StartAsync(Items);
        using var services = Services(server.BaseUrl);
        var client = services.GetRequiredService<FeedClient>();

        using var first = await client.GetPageAsync(null, 1, CancellationToken.None);
        using var second = await client.GetPageAsync(first.Next, 1, CancellationToken.None);

        Assert.True(first.HasMore);
        Assert.False(second.HasMore);
        Assert.Equal("qna-x1", second.Items[0].GetProperty("id").GetString());
    }

    private static ServiceProvider Services(Uri feed, string apiKey = TestFeedServer.ApiKey)
    {
        var services = new ServiceCollection();
        services.AddServiceIndexPipeline(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Feed:BaseUrl"] = feed.ToString(),
            ["Feed:ApiKey"] = apiKey,
            ["Feed:RetryBaseDelay"] = "00:00:00.010",
        }).Build());
        return services.BuildServiceProvider();
    }
}
