using ServiceIndex.Core.Records;

namespace ServiceIndex.Core.Scoring;

/// <summary>
/// What a dossier received in the period adds — the one definition that both the per-period
/// tally (<see cref="Contribution"/>) and the month ledger (<c>MonthContribution</c>) count.
/// </summary>
public static class ReceivedDossier
{
    /// <summary>
    /// The received-family counts, in the order of <see cref="Counter.Received"/> …
    /// <see cref="Counter.ReceivedPopulationData"/> (and of the same members of <c>MonthCounter</c>).
    /// </summary>
    public const int Counts = 9;

    /// <summary>Fills <paramref name="flags"/> (length <see cref="Counts"/>) with whether the dossier adds to each received count.</summary>
    public static void Flags(DossierData d, Span<bool> flags)
    {
        ArgumentNullException.ThrowIfNull(d);
        flags[0] = true;                                   // Received
        flags[1] = d.SyncedToNationalPortal;               // ReceivedSynced (T4)
        flags[2] = d.Channel == Channel.Online;            // ReceivedOnline (O3)
        flags[3] = d.FeeRequired && !d.FeeWaived;          // ReceivedFeePayable (M1 denominator)
        flags[4] = flags[3] && d.PaidOnline;               // ReceivedFeePayablePaidOnline (M1)
        flags[5] = d.ComponentsDigitized && d.ResultDigitized; // ReceivedDigitized (D2, as if a paper result)
        flags[6] = d.ReusedDigitalData;                    // ReceivedReusedData (D4)
        flags[7] = d.LinkedToCitizenStore;                 // ReceivedLinkedToCitizenStore (D5)
        flags[8] = d.UsedPopulationData;                   // ReceivedPopulationData (D6)
    }

    /// <summary>The dossier's share of its procedure's activity as received in the period (O2, M2, D7, D2).</summary>
    public static ProcedureActivity Activity(DossierData d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Channel == Channel.Online ? 1 : 0, d.PaidOnline ? 1 : 0, d.UsedPopulationData ? 1 : 0,
            ComponentsDigitizedWithoutResult: d.ComponentsDigitized && !d.ResultDigitized ? 1 : 0);
    }

    /// <summary>The dossier's share of its procedure's activity as handled in the period (D1).</summary>
    public static ProcedureActivity HandledActivity(DossierData d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(0, 0, 0, Handled: 1, HandledResultDigitized: d.ResultDigitized ? 1 : 0);
    }
}
