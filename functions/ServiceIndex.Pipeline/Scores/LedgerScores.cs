using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>
/// The score document of a period evaluated at any moment e on the records as they stand: for years,
/// quarters and months the month ledger the <see cref="ScoreRefresher"/> holds in memory, evaluated at e
/// (<see cref="Core.Incremental.LedgerEvaluator"/>: O(units × months), no record read); for a custom day
/// range Core's <see cref="PeriodScoreBook"/> over the ledger's record rows (O(records)).
/// </summary>
/// <remarks>
/// e may lie after now (the period's last second, for a forecast): every instant in the ledger is in the past,
/// so an open dossier whose deadline falls before e counts as overdue from its deadline, and nothing new arrives.
/// </remarks>
public sealed class LedgerScores(ScoreRefresher refresher, LedgerRecordCache records)
{
    public IndexRules Rules => refresher.Rules;

    /// <summary>Every unit's scores for <paramref name="period"/> at <paramref name="e"/> (at most the period's last second).</summary>
    public async Task<ScoreDocument> AtAsync(Period period, DateTimeOffset e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var moment = period.EvaluationMoment(e);
        if (!period.IsWholeMonths)
        {
            var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
            return PeriodScores.Compute(view, period, moment, refresher.Rules);
        }

        if (!refresher.HoldsLedger)
        {
            // A process that serves the API without having refreshed yet (a new Functions instance): load the ledger once.
            await refresher.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        var units = await refresher.ScoreAsync(period, moment, cancellationToken).ConfigureAwait(false);
        return new ScoreDocument(PeriodInfo.Of(period), Rfc3339.Format(VietnamTime.ToVietnam(moment)), units);
    }
}
