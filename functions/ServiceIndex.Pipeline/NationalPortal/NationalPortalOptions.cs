using Microsoft.Extensions.Options;
using NCrontab;

namespace ServiceIndex.Pipeline.NationalPortal;

/// <summary>
/// Where and when the national portal's published scores are read (configuration section <c>NationalPortal</c>;
/// <c>national-portal.md</c> §2, <c>docs/national-sync.md</c>). No base URL (the default outside <c>run</c>): the reader is off.
/// </summary>
public sealed class NationalPortalOptions
{
    public const string Section = "NationalPortal";

    /// <summary>Daily at 02:00 Vietnam time (19:00 UTC the day before).</summary>
    public const string DefaultSchedule = "0 0 19 * * *";

    /// <summary>The part before <c>/api/v1/reporting/…</c> (the real portal: <c>https://dichvucong.gov.vn</c>); empty: off.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Six-field CRON (UTC) of the read.</summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>Our province's <c>departmentId</c> on the portal (its row is marked <c>isSelf</c>; the unit trees are read for it).</summary>
    public string? ProvinceId { get; set; }

    /// <summary>Also read the per-unit progress tree (<c>dvc-progress-tree</c>) of our province, kept per day.</summary>
    public bool ReadProgressTree { get; set; } = true;

    /// <summary>Time limit of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time limit of one request, all retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries after the first attempt (429, 408, 5xx, timeouts, broken connections).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; doubles each retry, with jitter. A <c>Retry-After</c> header takes precedence.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>The base address with a trailing slash (null when off).</summary>
    public Uri? BaseAddress => Enabled ? new Uri(BaseUrl!.EndsWith('/') ? BaseUrl : BaseUrl + "/") : null;
}

internal sealed class NationalPortalOptionsValidator : IValidateOptions<NationalPortalOptions>
{
    public ValidateOptionsResult Validate(string? name, NationalPortalOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add("NationalPortal:BaseUrl must be an absolute http(s) URL (or empty, which turns the reader off).");
            }

            if (string.IsNullOrWhiteSpace(options.ProvinceId))
            {
                failures.Add("NationalPortal:ProvinceId is required when NationalPortal:BaseUrl is set: our province's departmentId on the portal.");
            }
        }

        if (CrontabSchedule.TryParse(options.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is null)
        {
            failures.Add($"NationalPortal:Schedule '{options.Schedule}' is not a six-field CRON expression (seconds first, UTC).");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add("NationalPortal:AttemptTimeout must be positive and not longer than NationalPortal:TotalTimeout.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            failures.Add("NationalPortal:MaxRetries must be 0 to 20.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            failures.Add("NationalPortal:RetryBaseDelay must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
