using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Ledger;

namespace ServiceIndex.Pipeline.Api;

/// <summary>A live dossier as the read side keeps it.</summary>
public sealed record LiveDossier(string Id, DossierData Data);

/// <summary>
/// An immutable picture of the ledger's record rows at one moment: every live record, the
/// hierarchy, the catalogue, and the dossiers that are open or were handled late (the only ones
/// that can be overdue at any moment, so late and due-soon lists walk these alone).
/// </summary>
public sealed class LedgerView
{
    internal LedgerView(long version, DateTimeOffset loadedAt, IReadOnlyList<ChangeRecord> live)
        : this(version, loadedAt, live, null)
    {
    }

    /// <param name="sameCatalogue">A view whose unit and procedure records are the ones of <paramref name="live"/> (their tree and catalogue are reused).</param>
    internal LedgerView(long version, DateTimeOffset loadedAt, IReadOnlyList<ChangeRecord> live, LedgerView? sameCatalogue)
    {
        Version = version;
        LoadedAt = loadedAt;
        Live = live;
        Tree = sameCatalogue?.Tree ?? PeriodScoreBook.TreeOf(live);
        Catalogue = sameCatalogue?.Catalogue ?? PeriodScoreBook.CatalogueOf(live);
        var openOrLate = new List<LiveDossier>();
        var dossiers = 0;
        foreach (var record in live)
        {
            if (record.Data is DossierData d)
            {
                dossiers++;
                if (RecordRows.IsLateOrOpen(d))
                {
                    openOrLate.Add(new LiveDossier(record.Id, d));
                }
            }
        }

        Dossiers = dossiers;
        OpenOrLate = openOrLate;
    }

    public static LedgerView Empty { get; } = new(0, DateTimeOffset.MinValue, []);

    /// <summary>Changes whenever the content changes (a cache key for what is derived from the view).</summary>
    public long Version { get; }

    /// <summary>When the rows were read.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The newest version of every record that is not deleted.</summary>
    public IReadOnlyList<ChangeRecord> Live { get; }

    public UnitTree Tree { get; }

    public Catalogue Catalogue { get; }

    /// <summary>Live dossiers in the ledger.</summary>
    public int Dossiers { get; }

    /// <summary>Live dossiers that are open (by status) or were handled after their deadline.</summary>
    public IReadOnlyList<LiveDossier> OpenOrLate { get; }

    /// <summary>The unit and its descendants, or null when the unit is unknown.</summary>
    public HashSet<string>? SubtreeOf(string unitId) =>
        Tree.Contains(unitId) ? new HashSet<string>(Tree.Subtree(unitId), StringComparer.Ordinal) : null;

    public string UnitName(string unitId) => Tree.Find(unitId)?.Name ?? unitId;
}
