namespace ServiceIndex.Core.Records;

/// <summary>What happened when a version was offered to the state.</summary>
public enum VersionOutcome
{
    /// <summary>The version is newer than anything held (or the first): it is now the record's state.</summary>
    Accepted,

    /// <summary>The same version is already held (at-least-once delivery): ignored.</summary>
    Duplicate,

    /// <summary>A newer version is already held (out-of-order delivery): ignored.</summary>
    Stale,
}

/// <summary>
/// The newest version of every record, as <c>feed.md</c> demands: the newest version is the
/// truth, older or equal versions are ignored, a deleted record stays held (as a tombstone with
/// its version, so an older version arriving later cannot revive it) but no longer counts.
/// </summary>
public sealed class VersionedState
{
    private readonly Dictionary<RecordKey, ChangeRecord> _records = [];

    public int Count => _records.Count;

    public IEnumerable<ChangeRecord> All => _records.Values;

    /// <summary>Live records: newest versions that are not deleted.</summary>
    public IEnumerable<ChangeRecord> Live => _records.Values.Where(r => !r.Deleted);

    public ChangeRecord? Get(RecordKey key) => _records.GetValueOrDefault(key);

    /// <summary>Offers a version; on <see cref="VersionOutcome.Accepted"/>, <paramref name="previous"/> is the state it replaced.</summary>
    public VersionOutcome Offer(ChangeRecord record, out ChangeRecord? previous)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = record.Key;
        if (_records.TryGetValue(key, out previous))
        {
            if (record.Version == previous.Version)
            {
                return VersionOutcome.Duplicate;
            }

            if (record.Version < previous.Version)
            {
                return VersionOutcome.Stale;
            }
        }

        _records[key] = record;
        return VersionOutcome.Accepted;
    }

    /// <summary>The decision of <see cref="Offer"/> without state: whether <paramref name="incoming"/> supersedes <paramref name="held"/>.</summary>
    public static VersionOutcome Compare(long? heldVersion, long incomingVersion) =>
        heldVersion is null || incomingVersion > heldVersion ? VersionOutcome.Accepted
        : incomingVersion == heldVersion ? VersionOutcome.Duplicate
        : VersionOutcome.Stale;
}
