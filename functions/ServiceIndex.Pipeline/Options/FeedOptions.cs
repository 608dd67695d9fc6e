using Microsoft.Extensions.Options;

namespace ServiceIndex.Pipeline.Options;

/// <summary>The procedure system's change feed (configuration section <c>Feed</c>; see <c>feed.md</c>).</summary>
public sealed class FeedOptions
{
    public const string Section = "Feed";

    /// <summary>Base address; the client calls <c>{BaseUrl}/changes</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Sent as <c>X-Api-Key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Key the procedure system sends in <c>X-Webhook-Key</c> when it calls <c>POST /api/feed/notify</c> (new changes: pull now).
    /// Empty (default): every notification is refused (403) and the pull timer alone reads the feed.
    /// </summary>
    public string? WebhookKey { get; set; }

    /// <summary>Items asked for per page (1–1000; the server may return fewer).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Time limit of one HTTP attempt, body included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of one page request, all retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries after the first attempt (429, 5xx, timeouts, broken or truncated bodies).</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>First backoff delay; doubles each retry, with jitter. A <c>Retry-After</c> header takes precedence.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}

internal sealed class FeedOptionsValidator : IValidateOptions<FeedOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedOptions options)
    {
        var failures = new List<string>();
        if (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Feed:BaseUrl must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("Feed:ApiKey is required (the feed answers 401 without it).");
        }

        if (options.PageSize is < 1 or > 1000)
        {
            failures.Add("Feed:PageSize must be 1 to 1000.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add("Feed:AttemptTimeout must be positive and not longer than Feed:TotalTimeout.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            failures.Add("Feed:MaxRetries must be 0 to 20.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add("Feed:RetryBaseDelay must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
