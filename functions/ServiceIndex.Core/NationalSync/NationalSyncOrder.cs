using System.Security.Cryptography;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.NationalSync;

/// <summary>
/// The version of a dossier pushed in the national sync format, which carries none: derived from the
/// record itself so that the pipeline's rule "the newest version is the truth" still holds when a
/// push is retried or arrives after a newer one (docs/api.md, "Ordering"). Lexicographically:
/// <list type="number">
/// <item>the latest of the dossier's own event times (received, each supplement requested and answered,
/// completed), to the second — every real step of a dossier's life adds a time or keeps the latest;</item>
/// <item>the number of supplement events (requests plus answers), which only grows;</item>
/// <item>the stage: in progress, then suspended, then ended (completed, rejected or withdrawn) — a step
/// that adds no time (withdrawn, a request without a list) still moves forward;</item>
/// <item>how many one-way facts hold (digitised components or result, reused data, the citizen's store,
/// population data, paid online): set once, never unset;</item>
/// <item>last, a hash of the mapped state, so that two different states never tie: the same state pushed
/// twice has the same version (a duplicate), and any order of pushes ends in the same state.</item>
/// </list>
/// Packed into 63 bits: 32 for the seconds since 2000-01-01 Vietnam time (to 2136), 6 for the events
/// (capped at 63), 2 for the stage, 3 for the facts and 20 for the hash.
/// </summary>
public static class NationalSyncOrder
{
    private const int EventBits = 6;
    private const int StageBits = 2;
    private const int FactBits = 3;
    private const int HashBits = 20;

    /// <summary>The origin of the time component: 2000-01-01 00:00 Vietnam time.</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, VietnamTime.Offset);

    /// <summary>The latest of the dossier's own event times (never its deadline, which lies ahead).</summary>
    public static DateTimeOffset LatestEvent(DossierData dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var latest = dossier.ReceivedAt;
        foreach (var s in dossier.Supplements)
        {
            latest = Max(latest, s.RequestedAt);
            if (s.ResumedAt is { } resumed)
            {
                latest = Max(latest, resumed);
            }
        }

        return dossier.CompletedAt is { } completed ? Max(latest, completed) : latest;
    }

    /// <summary>Requests plus answers: every supplement event adds one.</summary>
    public static int SupplementEvents(DossierData dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return dossier.Supplements.Count + dossier.Supplements.Count(s => s.ResumedAt is not null);
    }

    /// <summary>0 in progress, 1 suspended, 2 ended (completed, rejected, withdrawn).</summary>
    public static int Stage(DossierStatus status) => status switch
    {
        DossierStatus.Processing => 0,
        DossierStatus.Suspended => 1,
        _ => 2,
    };

    /// <summary>One-way facts that hold: each is set once in a dossier's life and never unset.</summary>
    public static int Facts(DossierData dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return (dossier.ComponentsDigitized ? 1 : 0) + (dossier.ResultDigitized ? 1 : 0) + (dossier.ReusedDigitalData ? 1 : 0) +
               (dossier.LinkedToCitizenStore ? 1 : 0) + (dossier.UsedPopulationData ? 1 : 0) + (dossier.PaidOnline ? 1 : 0);
    }

    /// <param name="dossier">The mapped state.</param>
    /// <param name="canonical">The state's canonical bytes (the feed item's <c>data</c> as the mapping writes it): the tie-breaker.</param>
    public static long Version(DossierData dossier, ReadOnlySpan<byte> canonical)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var seconds = Math.Clamp((long)(LatestEvent(dossier) - Epoch).TotalSeconds, 0, uint.MaxValue);
        var events = Math.Min(SupplementEvents(dossier), (1 << EventBits) - 1);
        var hash = Hash(canonical);
        var version = seconds;
        version = (version << EventBits) | (uint)events;
        version = (version << StageBits) | (uint)Stage(dossier.Status);
        version = (version << FactBits) | (uint)Facts(dossier);
        version = (version << HashBits) | hash;
        return Math.Max(version, 1);
    }

    private static uint Hash(ReadOnlySpan<byte> canonical)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(canonical, digest);
        return (uint)((digest[0] << 16) | (digest[1] << 8) | digest[2]) & ((1u << HashBits) - 1);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
