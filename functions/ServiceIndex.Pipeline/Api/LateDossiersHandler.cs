using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One overdue dossier, named (<c>docs/api.md</c>).</summary>
/// <param name="Open">Open at the evaluation moment (its days late still growing).</param>
/// <param name="DaysLate">
/// Calendar days from the day of <c>dueAt</c> to the day of its effective end (index-766.md: handled or e, less the days the
/// applicant took to supply documents; awaiting a supplement: the request, or e after a second request); at least 1.
/// </param>
/// <param name="AwaitingSupplement">Waiting at e for the applicant's answer to a supplement request (overdue: asked more than once, or after the deadline).</param>
/// <param name="SupplementRequests">Supplement requests made by e.</param>
public sealed record LateDossier(
    string DossierId,
    string Code,
    string UnitId,
    string UnitName,
    string ProcedureId,
    string? ProcedureName,
    string? Field,
    string ReceivedAt,
    string? DueAt,
    string? CompletedAt,
    string Status,
    bool Open,
    int DaysLate,
    bool AwaitingSupplement = false,
    int SupplementRequests = 0);

/// <summary>The response of <c>GET /api/late-dossiers</c>: one page of the sorted list, and how many there are in all.</summary>
public sealed record LateDossiersResponse(PeriodInfo Period, string AsOf, int Total, int Offset, int Limit, IReadOnlyList<LateDossier> Items);

/// <summary>
/// <c>GET /api/late-dossiers</c>: the overdue dossiers of the period's progress scope (index-766.md:
/// handled late in the period, open at e past their deadline, or awaiting a supplement asked more than once
/// or after the deadline) — exactly the dossiers P1 counts
/// against a unit — from the ledger's record rows, with days late at e.
/// </summary>
public sealed class LateDossiersHandler(LedgerRecordCache records, TimeProvider time)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxOffset = 1_000_000;

    /// <summary>Sort keys: days late (default, descending), deadline (ascending), unit name (ascending).</summary>
    public static readonly IReadOnlyList<string> Sorts = ["daysLate", "dueAt", "unit"];

    public static readonly IReadOnlyList<string> Orders = ["desc", "asc"];

    public static readonly IReadOnlyList<string> Formats = ["json", "csv", "xlsx"];

    private static readonly StringComparer Names = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: false);

    private const int MaxHeldResponses = 256;

    private readonly ConcurrentDictionary<string, IReadOnlyList<LateDossier>> _lists = new(StringComparer.Ordinal);
    private readonly DerivedSnapshots<LateSnapshot> _snapshots = new();

    // Each answer is kept beside the list it was cut from, so the same question gets the very same object (serialised once by the host).
    private readonly ConditionalWeakTable<LateSnapshot, ConcurrentDictionary<string, LateDossiersResponse>> _responses = new();

    /// <param name="format"><c>json</c> (default), <c>csv</c> or <c>xlsx</c>; an export without <paramref name="limit"/> holds every row.</param>
    public async Task<ApiResult<LateDossiersResponse>> GetAsync(string? period, string? unitId, string? field, string? sort, string? order,
        string? limit, string? offset, string? format, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem) ||
            !QueryInput.TryChoice(sort, "sort", Sorts, "daysLate", out var s, out problem) ||
            !QueryInput.TryChoice(order, "order", Orders, null, out var o, out problem) ||
            !QueryInput.TryChoice(format, "format", Formats, "json", out var f, out problem) ||
            !QueryInput.TryInt(limit, "limit", 1, f == "json" ? MaxLimit : int.MaxValue, f == "json" ? DefaultLimit : int.MaxValue, out var take, out problem) ||
            !QueryInput.TryInt(offset, "offset", 0, MaxOffset, 0, out var skip, out problem))
        {
            return problem;
        }

        var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
        HashSet<string>? units = null;
        if (!string.IsNullOrEmpty(unitId) && (units = view.SubtreeOf(unitId)) is null)
        {
            return QueryInput.UnknownUnit(unitId);
        }

        // The period's list is rebuilt in the background when the view or the minute moves; until then the last one is served.
        var e = p.EvaluationMoment(PeriodScores.NowToTheMinute(time));
        var snapshot = await _snapshots.GetAsync(p.Label, Stamp(view, e), () => new LateSnapshot(p, e, Compute(view, p, e))).ConfigureAwait(false);
        var descending = (o ?? (s == "daysLate" ? "desc" : "asc")) == "desc";
        var query = string.Create(CultureInfo.InvariantCulture, $"{unitId}|{field}|{s}|{descending}|{take}|{skip}");
        var responses = _responses.GetOrCreateValue(snapshot);
        if (responses.TryGetValue(query, out var held))
        {
            return held;
        }

        IEnumerable<LateDossier> selected = snapshot.Items;
        if (units is not null)
        {
            selected = selected.Where(d => units.Contains(d.UnitId));
        }

        if (!string.IsNullOrEmpty(field))
        {
            selected = selected.Where(d => string.Equals(d.Field, field, StringComparison.Ordinal));
        }

        var sorted = Sort(selected, s!, descending).ToList();
        var page = sorted.Skip(skip).Take(take).ToList();
        var response = new LateDossiersResponse(PeriodInfo.Of(p), Rfc3339.Format(VietnamTime.ToVietnam(snapshot.E)), sorted.Count, skip,
            take == int.MaxValue ? page.Count : take, page);
        return responses.Count < MaxHeldResponses ? responses.GetOrAdd(query, response) : response;
    }

    internal static string Stamp(LedgerView view, DateTimeOffset e) => string.Create(CultureInfo.InvariantCulture, $"{view.Version}|{e.UtcTicks}");

    /// <summary>The overdue dossiers of a period at e, as one build of the list.</summary>
    private sealed record LateSnapshot(Period Period, DateTimeOffset E, IReadOnlyList<LateDossier> Items);

    /// <summary>Every overdue dossier of the period's progress scope at e, in no particular order (kept per view, period and e).</summary>
    public IReadOnlyList<LateDossier> Late(LedgerView view, Period period, DateTimeOffset e)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(period);
        var key = string.Create(CultureInfo.InvariantCulture, $"{view.Version}|{period.Label}|{e.UtcTicks}");
        if (_lists.TryGetValue(key, out var list))
        {
            return list;
        }

        var late = Compute(view, period, e);
        if (_lists.Count > 32)
        {
            _lists.Clear();
        }

        _lists[key] = late;
        return late;
    }

    /// <summary>The list itself, not kept here: the background build holds only its latest, so replaced lists die young instead of piling up in the heap's oldest generation.</summary>
    private static List<LateDossier> Compute(LedgerView view, Period period, DateTimeOffset e)
    {
        var late = new List<LateDossier>();
        foreach (var (id, d) in view.OpenOrLate)
        {
            var terms = new DossierTerms(d, period, e);
            if (terms.InProgressScope && terms.Overdue)
            {
                var procedure = view.Catalogue.Find(d.ProcedureId);
                late.Add(new LateDossier(id, d.Code, d.UnitId, view.UnitName(d.UnitId), d.ProcedureId, procedure?.Data.Name, procedure?.Data.Field,
                    Time(d.ReceivedAt)!, Time(d.DueAt), Time(d.CompletedAt), WireNames.Of(d.Status), terms.OpenAtE, terms.Standing.DaysLate,
                    terms.AwaitingSupplement, terms.Standing.SupplementRequests));
            }
        }

        return late;
    }

    private static IEnumerable<LateDossier> Sort(IEnumerable<LateDossier> items, string sort, bool descending)
    {
        var ordered = sort switch
        {
            "dueAt" => descending ? items.OrderByDescending(d => d.DueAt, StringComparer.Ordinal) : items.OrderBy(d => d.DueAt, StringComparer.Ordinal),
            "unit" => (descending ? items.OrderByDescending(d => d.UnitName, Names) : items.OrderBy(d => d.UnitName, Names))
                .ThenByDescending(d => d.DaysLate),
            _ => descending ? items.OrderByDescending(d => d.DaysLate) : items.OrderBy(d => d.DaysLate),
        };

        // Dates are written in one offset (+07:00), so they sort as text.
        return ordered.ThenBy(d => d.DueAt, StringComparer.Ordinal).ThenBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.DossierId, StringComparer.Ordinal);
    }

    internal static string? Time(DateTimeOffset? value) => value is { } v ? Rfc3339.Format(VietnamTime.ToVietnam(v)) : null;
}
