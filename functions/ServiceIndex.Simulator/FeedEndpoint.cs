using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Routing;

namespace ServiceIndex.Simulator;

/// <summary>Maps the simulated procedure system's feed into any ASP.NET Core application.</summary>
public static class SimulatorEndpoints
{
    /// <summary>Maps <c>GET {pattern}?after=&amp;limit=</c> serving <paramref name="feed"/> (feed.md).</summary>
    /// <param name="endpoints">The application or a route group (e.g. <c>app.MapGroup("/simulator")</c>).</param>
    /// <param name="feed">The feed to serve.</param>
    /// <param name="pattern">Route of the endpoint.</param>
    public static IEndpointConventionBuilder MapSimulatorFeed(this IEndpointRouteBuilder endpoints, ChangeFeed feed,
        string pattern = "/changes")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(feed);
        var endpoint = new FeedEndpoint(feed);
        return endpoints.MapGet(pattern, endpoint.HandleAsync);
    }
}

/// <summary>The <c>/changes</c> endpoint: key check, injected HTTP faults, then a page.</summary>
internal sealed class FeedEndpoint(ChangeFeed feed)
{
    private const int DefaultLimit = 500;
    private const int MaxLimit = 1000;

    private readonly byte[] _apiKey = Encoding.UTF8.GetBytes(feed.Options.ApiKey);
    private readonly HttpFaultInjector _faults = new(feed.Options.HttpFaults, SeedStreams.Http(feed.Options.Seed));

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        if (!HasApiKey(context.Request))
        {
            await ProblemAsync(response, StatusCodes.Status401Unauthorized, "Missing or wrong X-Api-Key.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var fault = _faults.Next();
        feed.ServedFaults.Count(fault);
        if (fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, feed.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (fault.Status is { } status)
        {
            if (status == StatusCodes.Status429TooManyRequests)
            {
                response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            await ProblemAsync(response, status, "Injected fault.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!TryReadLimit(context.Request, out var limit))
        {
            await ProblemAsync(response, StatusCodes.Status400BadRequest, $"limit must be an integer from 1 to {MaxLimit}.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var after = context.Request.Query["after"];
        var body = new ArrayBufferWriter<byte>(64 * 1024);
        if (after.Count > 1 || !feed.TryWritePage(after.ToString(), limit, body, out _))
        {
            await ProblemAsync(response, StatusCodes.Status400BadRequest, "after is not a cursor of this feed.", cancellationToken).ConfigureAwait(false);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.WrittenCount;
        if (fault.Truncate)
        {
            // Promise the whole body, send half, drop the connection: the reader sees a broken response.
            await response.Body.WriteAsync(body.WrittenMemory[..(body.WrittenCount / 2)], cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            context.Abort();
            return;
        }

        await response.Body.WriteAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private bool HasApiKey(HttpRequest request)
    {
        var values = request.Headers["X-Api-Key"];
        if (values.Count != 1 || values[0] is not { } key)
        {
            return false;
        }

        // Constant-time comparison: the simulator stands in for a real system, so behave like one.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), _apiKey);
    }

    private static bool TryReadLimit(HttpRequest request, out int limit)
    {
        var values = request.Query["limit"];
        limit = DefaultLimit;
        if (values.Count == 0)
        {
            return true;
        }

        return values.Count == 1
            && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit)
            && limit is >= 1 and <= MaxLimit;
    }

    private static async Task ProblemAsync(HttpResponse response, int status, string detail, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("title", ReasonPhrases.GetReasonPhrase(status));
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>HTTP faults an endpoint served, per kind (thread-safe counters).</summary>
public sealed class ServedHttpFaults
{
    private long _throttled;
    private long _serverErrors;
    private long _slow;
    private long _truncated;

    /// <summary>429 responses with <c>Retry-After</c>.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>500 and 503 responses.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>Responses delayed by <see cref="HttpFaultOptions.SlowDelay"/> (a timeout when longer than the reader waits).</summary>
    public long Slow => Interlocked.Read(ref _slow);

    /// <summary>Pages cut off halfway with the connection aborted.</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    internal void Count(HttpFault fault)
    {
        if (fault.Delay > TimeSpan.Zero)
        {
            Interlocked.Increment(ref _slow);
        }

        if (fault.Status == StatusCodes.Status429TooManyRequests)
        {
            Interlocked.Increment(ref _throttled);
        }
        else if (fault.Status is not null)
        {
            Interlocked.Increment(ref _serverErrors);
        }

        if (fault.Truncate)
        {
            Interlocked.Increment(ref _truncated);
        }
    }
}

/// <summary>What to do to one response.</summary>
internal readonly record struct HttpFault(TimeSpan Delay, int? Status, int RetryAfterSeconds, bool Truncate);

/// <summary>Draws HTTP faults per request from a seeded stream (the order of requests decides).</summary>
internal sealed class HttpFaultInjector(HttpFaultOptions options, Random random)
{
    private readonly Lock _gate = new();

    public HttpFault Next()
    {
        lock (_gate)
        {
            var delay = random.Chance(options.SlowRate) ? options.SlowDelay : TimeSpan.Zero;
            int? status = null;
            if (random.Chance(options.ThrottleRate))
            {
                status = StatusCodes.Status429TooManyRequests;
            }
            else if (random.Chance(options.ServerErrorRate))
            {
                status = random.Chance(0.5) ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable;
            }

            var truncate = status is null && random.Chance(options.TruncatedRate);
            return new HttpFault(delay, status, options.RetryAfterSeconds, truncate);
        }
    }
}
