using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

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
    private readonly ConditionalWeakTable<ScoreDocument, WithDelta> _deltas = new();

    /// <summary>Formats of <c>GET /api/scores</c>: the JSON document (default) or the Excel workbook of <see cref="ScoresXlsx"/>.</summary>
    public static readonly IReadOnlyList<string> Formats = ["json", "xlsx"];

    /// <summary>Maxima and thresholds (for the Excel export's headers).</summary>
    public IndexRules Rules => scores.Rules;

    public Task<ApiResult<ScoreDocument>> GetAsync(string? period, string? level, string? unitId, CancellationToken cancellationToken) =>
        GetAsync(period, level, unitId, null, cancellationToken);

    /// <param name="format"><c>json</c> or <c>xlsx</c>: validated here; the host renders the document in it.</param>
    public async Task<ApiResult<ScoreDocument>> GetAsync(string? period, string? level, string? unitId, string? format, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem) || !QueryInput.TryLevel(level, out var l, out problem) ||
            !QueryInput.TryChoice(format, "format", Formats, "json", out _, out problem))
        {
            return problem;
        }

        var document = await DocumentAsync(p, cancellationToken).ConfigureAwait(false);
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
                document = await DocumentAsync(p, cancellationToken, revalidate: true).ConfigureAwait(false) ?? document;
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

    /// <summary>
    /// The period's whole document with every unit's <c>scoreDelta</c> against the previous period of the same kind
    /// (null for a custom range, and when the previous period has no stored scores: it lies before the first month
    /// with data). The same object is returned while neither document changes.
    /// </summary>
    public async Task<ScoreDocument?> DocumentAsync(Period period, CancellationToken cancellationToken, bool revalidate = false)
    {
        ArgumentNullException.ThrowIfNull(period);
        var document = await scores.GetAsync(period, cancellationToken, revalidate).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        var previousPeriod = ScoreDelta.PreviousOf(period);
        var previous = previousPeriod is null ? null : await scores.GetAsync(previousPeriod, cancellationToken).ConfigureAwait(false);
        var held = _deltas.GetValue(document, _ => new WithDelta());
        var current = held.Current;
        if (current is not null && ReferenceEquals(current.Value.Previous, previous))
        {
            return current.Value.Document;
        }

        var result = ScoreDelta.Apply(document, previous);
        held.Current = (previous, result);
        return result;
    }

    private sealed class WithDelta
    {
        public volatile StrongBox<(ScoreDocument? Previous, ScoreDocument Document)>? Box;

        public (ScoreDocument? Previous, ScoreDocument Document)? Current
        {
            get => Box?.Value;
            set => Box = value is { } v ? new(v) : null;
        }
    }

    private static UnitScoreDocument? Find(ScoreDocument document, string unitId) =>
        document.Units.FirstOrDefault(u => string.Equals(u.UnitId, unitId, StringComparison.Ordinal));

    internal static ApiProblem NotScored(string label) =>
        ApiProblem.NotFound("Period not scored",
            $"No scores are stored for {label}: the pipeline scores every month, quarter and year from the first month with data up to the current one (it may still be catching up). A custom range such as 2024-04-01..2024-04-30 is computed from the records.");
}
