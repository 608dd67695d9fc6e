using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>An open dossier whose deadline is near.</summary>
public sealed record DueSoonDossier(
    string DossierId,
    string Code,
    string UnitId,
    string UnitName,
    string ProcedureId,
    string? ProcedureName,
    string? Field,
    string ReceivedAt,
    string DueAt,
    double HoursLeft);

/// <summary>The response of <c>GET /api/due-soon</c>: soonest deadline first.</summary>
public sealed record DueSoonResponse(string AsOf, int Days, int Total, int Offset, int Limit, IReadOnlyList<DueSoonDossier> Items);

/// <summary><c>GET /api/due-soon?[unitId=U][&amp;days=N]</c>: dossiers open now whose deadline falls within the next N days (1–60, default 3).</summary>
public sealed class DueSoonHandler(LedgerRecordCache records, TimeProvider time)
{
    private readonly DerivedSnapshots<DueSoonSnapshot> _snapshots = new();
    private readonly ConditionalWeakTable<DueSoonSnapshot, ConcurrentDictionary<string, DueSoonResponse>> _responses = new();

    public const int DefaultDays = 3;
    public const int MaxDays = 60;

    public async Task<ApiResult<DueSoonResponse>> GetAsync(string? unitId, string? days, string? limit, string? offset, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryInt(days, "days", 1, MaxDays, DefaultDays, out var n, out var problem) ||
            !QueryInput.TryInt(limit, "limit", 1, LateDossiersHandler.MaxLimit, LateDossiersHandler.DefaultLimit, out var take, out problem) ||
            !QueryInput.TryInt(offset, "offset", 0, LateDossiersHandler.MaxOffset, 0, out var skip, out problem))
        {
            return problem;
        }

        var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
        HashSet<string>? units = null;
        if (!string.IsNullOrEmpty(unitId) && (units = view.SubtreeOf(unitId)) is null)
        {
            return QueryInput.UnknownUnit(unitId);
        }

        // Every unit's list for N days is rebuilt in the background when the view or the minute moves; until then the last one is served.
        var now = PeriodScores.NowToTheMinute(time);
        var snapshot = await _snapshots.GetAsync(n.ToString(CultureInfo.InvariantCulture), LateDossiersHandler.Stamp(view, now),
            () => new DueSoonSnapshot(now, Due(view, now, n))).ConfigureAwait(false);
        var query = string.Create(CultureInfo.InvariantCulture, $"{unitId}|{take}|{skip}");
        var responses = _responses.GetOrCreateValue(snapshot);
        if (responses.TryGetValue(query, out var held))
        {
            return held;
        }

        var selected = units is null ? snapshot.Items : [.. snapshot.Items.Where(d => units.Contains(d.UnitId))];
        var response = new DueSoonResponse(Rfc3339.Format(VietnamTime.ToVietnam(snapshot.Now)), n, selected.Count, skip, take,
            [.. selected.Skip(skip).Take(take)]);
        return responses.Count < 256 ? responses.GetOrAdd(query, response) : response;
    }

    /// <summary>Every open dossier due within <paramref name="days"/> days of <paramref name="now"/>, soonest first.</summary>
    private static List<DueSoonDossier> Due(LedgerView view, DateTimeOffset now, int days) => Due(view, now, now.AddDays(days));

    /// <summary>Every dossier open at <paramref name="now"/> whose deadline (pushed back by the applicant's waiting time) falls in [now, until], soonest first.</summary>
    internal static List<DueSoonDossier> Due(LedgerView view, DateTimeOffset now, DateTimeOffset until)
    {
        var period = Period.MonthOf(VietnamTime.DayOf(now));
        var due = new List<DueSoonDossier>();
        foreach (var (id, d) in view.OpenOrLate)
        {
            // The unit's clock stops while the applicant supplies documents: a dossier awaiting a supplement is not due
            // for the unit, and an open one is due at its deadline pushed back by the waiting time (portal rule 2.1).
            if (d.DueAt is not { } legalDue || !new DossierTerms(d, period, now).OpenAtE)
            {
                continue;
            }

            var dueAt = legalDue + DossierStanding.WaitingTimeBy(d, now);
            if (dueAt < now || dueAt > until)
            {
                continue;
            }

            var procedure = view.Catalogue.Find(d.ProcedureId);
            due.Add(new DueSoonDossier(id, d.Code, d.UnitId, view.UnitName(d.UnitId), d.ProcedureId, procedure?.Data.Name, procedure?.Data.Field,
                LateDossiersHandler.Time(d.ReceivedAt)!, LateDossiersHandler.Time(dueAt)!, Math.Round((dueAt - now).TotalHours, 1, MidpointRounding.AwayFromZero)));
        }

        return [.. due.OrderBy(d => d.HoursLeft).ThenBy(d => d.DueAt, StringComparer.Ordinal).ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.DossierId, StringComparer.Ordinal)];
    }

    private sealed record DueSoonSnapshot(DateTimeOffset Now, IReadOnlyList<DueSoonDossier> Items);
}
