using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.NationalPortal;

/// <summary>
/// Scores as the national portal would compute them: the portal holds only the dossiers a province's system synced to it
/// (<c>syncedToNationalPortal = true</c>), so a dossier never synced is not counted at all — neither in T4's denominator nor
/// in any other indicator. Everything else (units, procedures, feedback) is counted as we count it.
/// </summary>
public static class PortalScoring
{
    /// <summary>True for a record the portal holds: anything but a dossier never synced to it.</summary>
    public static bool PortalHolds(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Data is not DossierData { SyncedToNationalPortal: false };
    }

    /// <summary>Every unit's score over the live records (newest version of each, none deleted).</summary>
    /// <param name="syncedOnly">Count only what the portal holds (<see cref="PortalHolds"/>); false: count everything, as we do.</param>
    public static IReadOnlyList<UnitScore> Score(Period period, DateTimeOffset asOf, IEnumerable<ChangeRecord> live, bool syncedOnly, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(live);
        var book = new PeriodScoreBook(period, asOf, rules);
        foreach (var record in live)
        {
            if (!syncedOnly || PortalHolds(record))
            {
                book.Apply(record);
            }
        }

        return book.Score();
    }

    /// <summary>The live records of a stream of versions (any order, duplicates allowed): the newest version of each record, none deleted.</summary>
    public static IReadOnlyList<ChangeRecord> Live(IEnumerable<ChangeRecord> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var state = new VersionedState();
        foreach (var record in versions)
        {
            state.Offer(record, out _);
        }

        return [.. state.Live];
    }
}
