using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServiceIndex.Pipeline.Tests.Infrastructure;

/// <summary>A fault the feed server injects into one request.</summary>
public abstract record FeedFault
{
    /// <summary>429 with <c>Retry-After</c> seconds.</summary>
    public sealed record Throttle(int RetryAfterSeconds) : FeedFault;

    /// <summary>A 5xx status.</summary>
    public sealed record ServerError(int Status = 500) : FeedFault;

    /// <summary>200 with the page body cut in half (invalid JSON).</summary>
    public sealed record Truncated : FeedFault;
}

/// <summary>
/// A small change-feed server for tests (<c>feed.md</c>): Kestrel on 127.0.0.1, <c>GET /changes?after=&amp;limit=</c>
/// over a list of raw JSON items, opaque cursors, the API key check, and faults injected on chosen requests.
/// </summary>
public sealed class TestFeedServer : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    private readonly WebApplication _app;
    private readonly List<string> _items;
    private readonly Lock _gate = new();
    private int _requests;

    private TestFeedServer(WebApplication app, List<string> items)
    {
        _app = app;
        _items = items;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Decides a fault for request n (1-based) asking for the page after a cursor; null = answer normally.</summary>
    public Func<int, string?, FeedFault?>? Faults { get; set; }

    /// <summary>Requests received (faulted ones included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Successful page responses.</summary>
    public int PagesServed { get; private set; }

    public static async Task<TestFeedServer> StartAsync(IEnumerable<string> items)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestFeedServer(app, [.. items]);
        app.MapGet("/changes", server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address + "/");
        return server;
    }

    /// <summary>Appends items at the head of the feed (new changes arrive).</summary>
    public void Append(IEnumerable<string> items)
    {
        lock (_gate)
        {
            _items.AddRange(items);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var n = Interlocked.Increment(ref _requests);
        var request = context.Request;
        var response = context.Response;
        if (request.Headers["X-Api-Key"] != ApiKey)
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        string? after = request.Query["after"];
        var limit = int.TryParse(request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 500;
        var start = 0;
        if (limit is < 1 or > 1000 || (after is not null && !TryCursor(after, out start)))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var fault = Faults?.Invoke(n, after);
        switch (fault)
        {
            case FeedFault.Throttle t:
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = t.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return;
            case FeedFault.ServerError e:
                response.StatusCode = e.Status;
                return;
        }

        string body;
        lock (_gate)
        {
            var end = Math.Min(_items.Count, start + limit);
            var page = new StringBuilder("{\"items\":[");
            for (var i = start; i < end; i++)
            {
                page.Append(i > start ? "," : "").Append(_items[i]);
            }

            page.Append("],\"next\":\"c").Append(end.ToString(CultureInfo.InvariantCulture)).Append("\",\"hasMore\":")
                .Append(end < _items.Count ? "true" : "false").Append('}');
            body = page.ToString();
        }

        if (fault is FeedFault.Truncated)
        {
            body = body[..(body.Length / 2)];
        }
        else
        {
            PagesServed++;
        }

        response.ContentType = "application/json";
        await response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool TryCursor(string cursor, out int position) =>
        int.TryParse(cursor.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out position) && cursor[0] == 'c' && position >= 0;
}
