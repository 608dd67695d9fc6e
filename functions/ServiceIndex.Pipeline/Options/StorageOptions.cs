using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ServiceIndex.Pipeline.Options;

/// <summary>
/// Where the pipeline keeps its state (configuration section <c>Storage</c>). Locally a connection
/// string (Azurite); in Azure the account name, reached with a managed identity.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>An Azure Storage connection string, e.g. Azurite's with explicit endpoints.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The storage account name: clients use <c>DefaultAzureCredential</c> against its service URIs.</summary>
    public string? AccountName { get; set; }

    /// <summary>Client id of a user-assigned managed identity (optional, with <see cref="AccountName"/>).</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Prepended to every table, queue and container name (lowercase letters and digits, starting with
    /// a letter). Empty in production; lets tests and benchmarks share one account without colliding.
    /// </summary>
    public string NamePrefix { get; set; } = "";

    /// <summary>Create missing tables, queues and containers on first use (Azure: infrastructure creates them).</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>
    /// Injected storage faults (<c>Storage:Faults</c>), for fault campaigns and tests only: off unless
    /// <see cref="StorageFaultOptions.Rate"/> is above 0. Never set in production.
    /// </summary>
    public StorageFaultOptions Faults { get; set; } = new();
}

internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var hasConnection = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasAccount = !string.IsNullOrWhiteSpace(options.AccountName);
        if (hasConnection == hasAccount)
        {
            failures.Add("Set exactly one of Storage:ConnectionString (Azurite, local) or Storage:AccountName (Azure, managed identity).");
        }

        if (hasAccount && !AccountName().IsMatch(options.AccountName!))
        {
            failures.Add($"Storage:AccountName '{options.AccountName}' is not a storage account name (3-24 lowercase letters and digits).");
        }

        if (!string.IsNullOrEmpty(options.ClientId) && !hasAccount)
        {
            failures.Add("Storage:ClientId is only used with Storage:AccountName.");
        }

        failures.AddRange(options.Faults.Validate());
        if (options.NamePrefix.Length > 0 && !Prefix().IsMatch(options.NamePrefix))
        {
            failures.Add($"Storage:NamePrefix '{options.NamePrefix}' must be 1-16 lowercase letters and digits, starting with a letter.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9]{3,24}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountName();

    [GeneratedRegex("^[a-z][a-z0-9]{0,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();
}
