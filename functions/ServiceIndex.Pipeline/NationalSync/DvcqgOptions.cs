using Microsoft.Extensions.Options;
using ServiceIndex.Core.NationalSync;

namespace ServiceIndex.Pipeline.NationalSync;

/// <summary>
/// The national sync format received as the portal receives it (configuration section <c>Dvcqg</c>;
/// <c>national-portal.md</c> §1): the credentials the province's sync module logs in with, how long a
/// session lasts, and the mapping's configuration. No credentials (default in hosts other than <c>run</c>,
/// which generates them): every login is refused and the push is off.
/// </summary>
public sealed class DvcqgOptions
{
    public const string Section = "Dvcqg";

    /// <summary>The username of <c>POST /api/dvcqg/auth</c> (Azure: from Key Vault).</summary>
    public string? Username { get; set; }

    /// <summary>The password of <c>POST /api/dvcqg/auth</c>, at least 12 characters (Azure: from Key Vault).</summary>
    public string? Password { get; set; }

    /// <summary>How long a session answered by the login stays valid.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Largest body accepted by either route, in bytes; larger ones are refused and nothing is stored.</summary>
    public int MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Codes of <c>DSKetNoiCSDL[].MaCSDL</c> that name the national population database (<c>usedPopulationData</c>).</summary>
    public IList<string> PopulationDatabaseCodes { get; } = [];

    public bool Enabled => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);

    public NationalSyncMappingOptions Mapping => new()
    {
        PopulationDatabaseCodes = [.. PopulationDatabaseCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim())],
    };
}

internal sealed class DvcqgOptionsValidator : IValidateOptions<DvcqgOptions>
{
    public const int MinPasswordLength = 12;

    public ValidateOptionsResult Validate(string? name, DvcqgOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
        {
            failures.Add("Dvcqg:Username and Dvcqg:Password are set together (or neither, which turns the push off).");
        }

        if (options.Password is { Length: > 0 and < MinPasswordLength })
        {
            failures.Add($"Dvcqg:Password must have at least {MinPasswordLength} characters.");
        }

        if (options.Username is { Length: > 256 })
        {
            failures.Add("Dvcqg:Username must have at most 256 characters.");
        }

        if (options.SessionLifetime < TimeSpan.FromMinutes(1) || options.SessionLifetime > TimeSpan.FromHours(24))
        {
            failures.Add("Dvcqg:SessionLifetime must be 1 minute to 24 hours.");
        }

        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add("Dvcqg:MaxBodyBytes must be 1 KiB to 64 MiB.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
