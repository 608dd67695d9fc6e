using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ServiceIndex.Http;

namespace ServiceIndex.Host.Apis;

/// <summary>
/// Request rate limits of the local host (configuration section <c>RateLimiting</c>), per client address:
/// the admin endpoints strictly (a wrong key costs a permit too, so keys cannot be guessed quickly), the rest
/// of the API generously (dashboards and a 200 requests/s benchmark from one client are never limited by
/// default). In Azure the platform in front of the Functions app (Front Door or API Management) does this.
/// </summary>
internal sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Turns both limits off (e.g. behind a gateway that limits already).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Admin requests one client may make per minute (fixed window), whatever their outcome.</summary>
    public int AdminPermitsPerMinute { get; set; } = 10;

    /// <summary>Sustained API requests per second per client (token bucket refill).</summary>
    public int ApiPermitsPerSecond { get; set; } = 1000;

    /// <summary>API requests one client may make at once before the refill rate applies (token bucket size).</summary>
    public int ApiBurst { get; set; } = 2000;
}

internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var failures = new List<string>();
        if (options.AdminPermitsPerMinute is < 1 or > 100_000)
        {
            failures.Add("RateLimiting:AdminPermitsPerMinute must be 1 to 100000.");
        }

        if (options.ApiPermitsPerSecond is < 1 or > 1_000_000)
        {
            failures.Add("RateLimiting:ApiPermitsPerSecond must be 1 to 1000000.");
        }

        if (options.ApiBurst < 1 || options.ApiBurst > 10_000_000)
        {
            failures.Add("RateLimiting:ApiBurst must be 1 to 10000000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal static class RateLimiting
{
    public static IServiceCollection AddServiceIndexRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            o.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await AdminAuthentication.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too Many Requests",
                    string.Create(CultureInfo.InvariantCulture, $"This client sent too many requests; try again in {seconds} s.")).ConfigureAwait(false);
            };
        });
        return services;
    }

    /// <summary>The client's partition: its address (the host is reached directly; a proxy's forwarded header is not trusted).</summary>
    private static RateLimitPartition<string> Partition(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitingOptions>>().CurrentValue;
        var path = http.Request.Path;
        if (!options.Enabled || !path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // The sync module's login is guarded like the admin routes: a wrong password costs a permit too.
        var admin = path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase);
        if (admin || path.StartsWithSegments("/api/dvcqg/auth", StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitPartition.GetFixedWindowLimiter($"{(admin ? "admin" : "dvcqg-auth")}|{client}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.AdminPermitsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        }

        return RateLimitPartition.GetTokenBucketLimiter($"api|{client}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.ApiBurst,
            TokensPerPeriod = options.ApiPermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
