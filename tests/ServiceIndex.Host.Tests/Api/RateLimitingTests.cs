using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceIndex.Host.Apis;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Pipeline;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using ServiceIndex.Http;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>The rate limits of <c>RateLimiting:*</c> on the real composition over Kestrel: per client, 429 problem details with Retry-After.</summary>
public sealed class RateLimitingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Admin_requests_beyond_the_permits_of_a_minute_get_429_with_retry_after_even_with_a_wrong_key()
    {
        await using var app = await StartAsync(new() { ["RateLimiting:AdminPermitsPerMinute"] = "3" });
        using var http = Client(app);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last?.Dispose();
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/admin/recompute");
            request.Headers.Add("X-Api-Key", "guess-" + i);
            last = await http.SendAsync(request);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            statuses);
        await Problems.AssertAsync(last!, HttpStatusCode.TooManyRequests, "too many requests");
        Assert.True(last!.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After: {last.Headers.RetryAfter}");
        last.Dispose();
    }

    [Fact]
    public async Task Api_requests_beyond_the_burst_get_429_while_the_dashboard_is_never_limited()
    {
        await using var app = await StartAsync(new() { ["RateLimiting:ApiBurst"] = "4", ["RateLimiting:ApiPermitsPerSecond"] = "1" });
        using var http = Client(app);

        var api = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await http.GetAsync(new Uri("api/units", UriKind.Relative));
            api.Add(response.StatusCode);
        }

        var dashboard = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await http.GetAsync(new Uri("index.html", UriKind.Relative));
            dashboard.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, api);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, api.Take(3));
        Assert.All(dashboard, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task The_defaults_let_one_client_send_a_benchmark_burst_of_five_hundred_api_requests()
    {
        await using var app = await StartAsync([]);
        using var http = Client(app);

        var limited = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            using var response = await http.GetAsync(new Uri("api/units", UriKind.Relative), ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref limited);
            }
        });

        Assert.Equal(0, limited);
    }

    [Fact]
    public async Task A_limit_below_one_is_refused_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { ["RateLimiting:AdminPermitsPerMinute"] = "0" }));

        Assert.Contains("RateLimiting:AdminPermitsPerMinute", error.Message, StringComparison.Ordinal);
    }

    private static HttpClient Client(WebApplication app) => new()
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The local host's composition (API, security headers, dashboard) over Azurite, without the pipeline's timers.</summary>
    private async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Urls"] = "http://127.0.0.1:0";
        settings["Storage:ConnectionString"] = azurite.ConnectionString;
        settings["Storage:NamePrefix"] = azurite.NewPrefix();
        settings["Feed:BaseUrl"] = "http://127.0.0.1:9/";
        settings["Feed:ApiKey"] = "unused";
        settings["Admin:ApiKey"] = "the-admin-key";
        settings["Logging:LogLevel:Default"] = "Warning";
        var app = LocalHost.ComposeWeb(ApiHost.NewBuilder(settings));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }
}
