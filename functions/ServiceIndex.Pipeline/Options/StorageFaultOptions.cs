namespace ServiceIndex.Pipeline.Options;

/// <summary>
/// Faults injected into every table, blob and queue request by an Azure SDK pipeline policy
/// (configuration section <c>Storage:Faults</c>). Azurite never throttles, times out or loses a race on
/// its own; the fault campaign (<c>serviceindex faults</c>) and the tests turn this on to prove the
/// pipeline survives what Azure Storage does under load. Off by default (<see cref="Rate"/> 0).
/// </summary>
public sealed class StorageFaultOptions
{
    /// <summary>Probability (0–1) that one request attempt is faulted; 0 turns injection off.</summary>
    public double Rate { get; set; }

    /// <summary>Seed of the draws (the same seed and request order give the same faults); null: a random seed.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Retries of the storage clients while faults are injected (the SDK's default is 3); 0 makes every
    /// injected fault reach the pipeline's own handlers. Null keeps the SDK's default.
    /// </summary>
    public int? ClientRetries { get; set; }

    /// <summary>First retry delay of the storage clients while faults are injected; null keeps the SDK's default (0.8 s).</summary>
    public TimeSpan? ClientRetryDelay { get; set; }

    /// <summary>The kinds drawn from (names of <c>StorageFaultKind</c>); empty: all of them.</summary>
    public IList<string> Kinds { get; } = [];

    public bool Enabled => Rate > 0;

    internal IEnumerable<string> Validate()
    {
        if (!(Rate >= 0 && Rate <= 1))
        {
            yield return "Storage:Faults:Rate must be between 0 and 1.";
        }

        foreach (var kind in Kinds.Where(k => !Enum.TryParse<Storage.StorageFaultKind>(k, ignoreCase: true, out _)))
        {
            yield return $"Storage:Faults:Kinds: '{kind}' is not one of {string.Join(", ", Enum.GetNames<Storage.StorageFaultKind>())}.";
        }

        if (ClientRetries is < 0 or > 10)
        {
            yield return "Storage:Faults:ClientRetries must be 0 to 10.";
        }

        if (ClientRetryDelay is { } delay && (delay < TimeSpan.Zero || delay > TimeSpan.FromMinutes(1)))
        {
            yield return "Storage:Faults:ClientRetryDelay must be 0 to 1 minute.";
        }
    }
}
