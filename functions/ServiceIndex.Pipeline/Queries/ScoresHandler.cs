using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Pipeline.Queries;

/// <summary>
/// <c>GET /api/scores?period=P[&amp;level=L][&amp;unitId=U]</c>: the score document of <c>interfaces.md</c>,
/// every unit or one level or one unit. Standard periods come from the scores table (held in memory),
/// custom day ranges are computed from the ledger's records.
/// </summary>
/// <remarks>
/// The filtered document is kept per whole document held in memory, so repeated requests get the very
/// same object (hosts can keep its serialised form beside it) until the period is read again.
/// </remarks>
public sealed class ScoresHandler(PeriodScores scores, TimeProvider time)
{
    private readonly ConditionalWeakTable<ScoreDocument, ConcurrentDictionary<string, ScoreDocument>> _filtered = new();

    public async Task<ApiResult<ScoreDocument>> GetAsync(string? period, string? level, string? unitId, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem) || !QueryInput.TryLevel(level, out var l, out problem))
        {
            return problem;
        }

        var document = await scores.GetAsync(p, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return NotScored(p.Label);
        }

        var units = document.Units;
        if (!string.IsNullOrEmpty(unitId))
        {
            var unit = Find(document, unitId);
            if (unit is null && PeriodScores.IsStored(p))
            {
                // A unit added since the copy held in memory was read: look again before calling it unknown.
                document = await scores.GetAsync(p, cancellationToken, revalidate: true).ConfigureAwait(false) ?? document;
                units = document.Units;
                unit = Find(document, unitId);
            }

            if (unit is null)
            {
                return QueryInput.UnknownUnit(unitId);
            }

            units = l is null || unit.Level == l ? [unit] : [];
        }
        else if (l is not null)
        {
            units = [.. units.Where(u => u.Level == l)];
        }

        if (ReferenceEquals(units, document.Units))
        {
            return document;
        }

        var filtered = units;
        return _filtered.GetOrCreateValue(document).GetOrAdd($"{l}|{unitId}", _ => document with { Units = filtered });
    }

    private static UnitScoreDocument? Find(ScoreDocument document, string unitId) =>
        document.Units.FirstOrDefault(u => string.Equals(u.UnitId, unitId, StringComparison.Ordinal));

    internal static ApiProblem NotScored(string label) =>
        ApiProblem.NotFound("Period not scored",
            $"No scores are stored for {label}: the pipeline scores every month, quarter and year from the first month with data up to the current one (it may still be catching up). A custom range such as 2024-04-01..2024-04-30 is computed from the records.");
}
