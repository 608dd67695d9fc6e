using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ServiceIndex.Simulator.Tests;

public sealed class FeedServerTests
{
    private const string Key = "local-dev-key";

    private static SimulatorOptions Options(HttpFaultOptions? http = null, double live = 0) =>
        Histories.Small(6_000, new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 30)) with
        {
            HttpFaults = http ?? HttpFaultOptions.None,
            LiveRatePerSecond = live,
        };

    private static Task<SimulatorServer> StartAsync(SimulatorOptions options, TimeProvider? time = null) =>
        SimulatorServer.StartAsync(options, time ?? new FakeTimeProvider(Histories.Now));

    private static HttpClient Client(SimulatorServer server, string? key = Key)
    {
        var client = new HttpClient { BaseAddress = server.BaseUrl };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    private static string Changes(string? after, int? limit = null) =>
        "changes?" + string.Join('&', new[]
        {
            after is null ? null : "after=" + Uri.EscapeDataString(after),
            limit is null ? null : $"limit={limit}",
        }.Where(p => p is not null));

    private static async Task<(List<string> Items, string Next)> ReadToHeadAsync(HttpClient client, string? after, int limit)
    {
        var items = new List<string>();
        var hasMore = true;
        while (hasMore)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync(Changes(after, limit)));
            items.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()));
            after = page.RootElement.GetProperty("next").GetString();
            hasMore = page.RootElement.GetProperty("hasMore").GetBoolean();
        }

        return (items, after!);
    }

    [Fact]
    public async Task Paging_returns_every_item_exactly_once_in_order()
    {
        var options = Options();
        await using var server = await StartAsync(options);
        using var client = Client(server);

        var (items, _) = await ReadToHeadAsync(client, null, 97);

        Assert.Equal(Histories.Lines(Histories.Generate(options)), items);
    }

    [Fact]
    public async Task At_the_head_hasMore_is_false_and_next_stays_put()
    {
        await using var server = await StartAsync(Options());
        using var client = Client(server);
        var (_, head) = await ReadToHeadAsync(client, null, 1000);

        using var page = JsonDocument.Parse(await client.GetStringAsync(Changes(head)));

        Assert.Empty(page.RootElement.GetProperty("items").EnumerateArray());
        Assert.False(page.RootElement.GetProperty("hasMore").GetBoolean());
        Assert.Equal(head, page.RootElement.GetProperty("next").GetString());
    }

    [Fact]
    public async Task Default_limit_is_500()
    {
        await using var server = await StartAsync(Options());
        using var client = Client(server);

        using var page = JsonDocument.Parse(await client.GetStringAsync("changes"));

        Assert.Equal(500, page.RootElement.GetProperty("items").GetArrayLength());
        Assert.True(page.RootElement.GetProperty("hasMore").GetBoolean());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Missing_or_wrong_api_key_gives_401(string? key)
    {
        await using var server = await StartAsync(Options());
        using var client = Client(server, key);

        using var response = await client.GetAsync(Changes(null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("after=not-a-cursor")]
    [InlineData("after=c2ltMTo5OTk5OTk5")]
    public async Task Bad_cursor_or_limit_gives_400(string query)
    {
        await using var server = await StartAsync(Options());
        using var client = Client(server);

        using var response = await client.GetAsync("changes?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Throttled_response_is_429_with_Retry_After()
    {
        await using var server = await StartAsync(Options(new HttpFaultOptions { ThrottleRate = 1, RetryAfterSeconds = 3 }));
        using var client = Client(server);

        using var response = await client.GetAsync(Changes(null));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Server_error_rate_gives_500_or_503()
    {
        await using var server = await StartAsync(Options(new HttpFaultOptions { ServerErrorRate = 1 }));
        using var client = Client(server);

        using var response = await client.GetAsync(Changes(null));

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable });
    }

    [Fact]
    public async Task Slow_response_arrives_after_the_delay()
    {
        var delay = TimeSpan.FromMilliseconds(300);
        await using var server = await StartAsync(Options(new HttpFaultOptions { SlowRate = 1, SlowDelay = delay }), TimeProvider.System);
        using var client = Client(server);
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync(Changes(null, 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed >= delay - TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task Truncated_response_cannot_be_read()
    {
        await using var server = await StartAsync(Options(new HttpFaultOptions { TruncatedRate = 1 }));
        using var client = Client(server);

        var error = await Record.ExceptionAsync(() => client.GetStringAsync(Changes(null, 1000)));

        Assert.True(error is HttpRequestException or IOException, error?.ToString());
    }

    [Fact]
    public async Task Live_mode_appends_new_records_after_the_head()
    {
        var time = new FakeTimeProvider(Histories.Now);
        await using var server = await StartAsync(Options(live: 10), time);
        using var client = Client(server);
        var (_, head) = await ReadToHeadAsync(client, null, 1000);

        time.Advance(TimeSpan.FromSeconds(5));
        var (live, _) = await ReadToHeadAsync(client, head, 1000);

        Assert.Equal(50, live.Count);
        var records = Histories.Records(live);
        Assert.Equal(live.Count, records.Count);
        Assert.All(records, r => Assert.Equal("dossier", r.Kind));
        Assert.All(records, r => Assert.InRange(r.ChangedAt, Histories.Now, time.GetUtcNow()));
        Assert.Equal(1, records[0].Version);
    }

    [Fact]
    public async Task Feed_can_be_mapped_into_an_existing_application()
    {
        var feed = ChangeFeed.Create(Options(), new FakeTimeProvider(Histories.Now));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGroup("/simulator").MapSimulatorFeed(feed);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/simulator/") };
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        using var page = JsonDocument.Parse(await client.GetStringAsync(Changes(null, 3)));

        Assert.Equal(3, page.RootElement.GetProperty("items").GetArrayLength());
        await app.StopAsync();
    }
}
