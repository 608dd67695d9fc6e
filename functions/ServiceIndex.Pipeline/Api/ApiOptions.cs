using Microsoft.Extensions.Options;

namespace ServiceIndex.Pipeline.Api;

/// <summary>How the read side caches what it serves (configuration section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// A cached period of the <c>scores</c> table is served without a storage read for this long;
    /// after it, the next request is still served from memory while one point read (the period's
    /// metadata row) checks in the background whether the refresh rewrote the period.
    /// </summary>
    public TimeSpan ScoresRevalidateAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The same for the ledger's record rows (hierarchy, catalogue, dossiers): the check reads the bucket heads.</summary>
    public TimeSpan RecordsRevalidateAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Record rows are re-read in full this often, whatever the heads say (a safety net for the incremental reads).</summary>
    public TimeSpan RecordsFullReloadAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Status, dead letters, trend and the national ranking are cached for this long.</summary>
    public TimeSpan SmallReadsCacheFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest admin request body accepted (the national ranking import), in bytes.</summary>
    public int MaxAdminBodyBytes { get; set; } = 5 * 1024 * 1024;
}

internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        if (options.ScoresRevalidateAfter < TimeSpan.Zero || options.ScoresRevalidateAfter > TimeSpan.FromHours(1))
        {
            failures.Add("Api:ScoresRevalidateAfter must be 0 to 1 hour.");
        }

        if (options.RecordsRevalidateAfter < TimeSpan.Zero || options.RecordsRevalidateAfter > TimeSpan.FromHours(1))
        {
            failures.Add("Api:RecordsRevalidateAfter must be 0 to 1 hour.");
        }

        if (options.RecordsFullReloadAfter < TimeSpan.FromSeconds(10))
        {
            failures.Add("Api:RecordsFullReloadAfter must be at least 10 seconds.");
        }

        if (options.SmallReadsCacheFor < TimeSpan.Zero || options.SmallReadsCacheFor > TimeSpan.FromHours(1))
        {
            failures.Add("Api:SmallReadsCacheFor must be 0 to 1 hour.");
        }

        if (options.MaxAdminBodyBytes is < 1024 or > 100 * 1024 * 1024)
        {
            failures.Add("Api:MaxAdminBodyBytes must be 1 KiB to 100 MiB.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
