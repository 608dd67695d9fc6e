using System.Collections.Concurrent;
using System.Globalization;
using ServiceIndex.Core.NationalPortal;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.NationalPortal;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// <c>GET /api/reconciliation?period=P[&amp;unitId=U]</c>: our figures beside the ones the national portal published for the period
/// (the national table's row of our province, and our province's progress tree), the difference and its likely cause. Our figures
/// are computed with Core's scorer from the ledger's records held in memory, twice — over every dossier and over the dossiers synced
/// to the portal only — at the moment the portal's figures were read (<see cref="Reconciliation"/> compares them).
/// </summary>
public sealed class ReconciliationHandler(LedgerRecordCache records, NationalRankingStore rankings, PortalStore portal, ScoreRefresher refresher,
    TimeProvider time)
{
    private const int MaxHeld = 16;

    private readonly ConcurrentDictionary<string, Lazy<Task<(IReadOnlyList<UnitScore> All, IReadOnlyList<UnitScore> Synced)>>> _scores = new(StringComparer.Ordinal);

    public async Task<ApiResult<ReconciliationResponse>> GetAsync(string? period, string? unitId, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem))
        {
            return problem;
        }

        if (!LedgerPeriods.IsStandard(p))
        {
            return ApiProblem.BadRequest("Invalid period", $"The portal publishes years, quarters and months, not a day range ('{p.Label}').");
        }

        var table = await rankings.GetAsync(p.Label, cancellationToken).ConfigureAwait(false);
        var self = table?.Provinces.FirstOrDefault(r => r.IsSelf);
        var tree = await portal.GetLatestTreeAsync(p, cancellationToken).ConfigureAwait(false);
        if (self is null && tree is null)
        {
            return ApiProblem.NotFound("No published figures",
                $"No national table with our province (isSelf) and no progress tree is stored for {p.Label}: the portal reader (NationalPortal:BaseUrl) has not read this period, or no upload names our province.");
        }

        var readAt = table?.Source == NationalRankingStore.PortalSource ? table.ImportedAt : tree?.ReadAt ?? table?.ImportedAt;
        var asOf = readAt is not null && Rfc3339.TryParse(readAt, out var at) ? at : time.GetUtcNow();
        var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
        var (all, synced) = await ScoresAsync(view, p, asOf).WaitAsync(cancellationToken).ConfigureAwait(false);
        var ours = all.ToDictionary(s => s.Unit.Id, StringComparer.Ordinal);
        var theirs = synced.ToDictionary(s => s.Unit.Id, StringComparer.Ordinal);
        var root = all.Where(s => s.Unit.ParentId is null).OrderBy(s => s.Unit.Level == UnitLevel.Province ? 0 : 1).FirstOrDefault();
        if (root is null)
        {
            return ApiProblem.NotFound("No province", "The hierarchy has no units yet, so there is nothing to compare.");
        }

        if (!string.IsNullOrEmpty(unitId) && !ours.ContainsKey(unitId))
        {
            return QueryInput.UnknownUnit(unitId);
        }

        var rules = refresher.Rules;
        long Unsynced(string id) => ours[id].Tally[Counter.Received] - ours[id].Tally[Counter.ReceivedSynced];
        var units = new List<ReconciliationUnit>();
        if (unitId is null or "" || unitId == root.Unit.Id)
        {
            var figures = new List<ReconciliationFigure>();
            if (self is not null)
            {
                figures.AddRange(Reconciliation.Groups(root, theirs[root.Unit.Id], self, Unsynced(root.Unit.Id), root.Tally[Counter.Received],
                    tree?.Tree.Parent.TotalReceived, rules));
            }

            if (tree is not null)
            {
                figures.AddRange(Reconciliation.Progress(root, theirs[root.Unit.Id], tree.Tree.Parent, Unsynced(root.Unit.Id)));
            }

            units.Add(new ReconciliationUnit(root.Unit.Id, root.Unit.Name, self?.DepartmentId ?? tree?.Tree.Parent.DepartmentId,
                self?.Province ?? tree?.Tree.Parent.DepartmentName, Unsynced(root.Unit.Id), figures));
        }

        foreach (var child in tree?.Tree.Children ?? [])
        {
            var match = Match(child, all.Where(s => s.Unit.ParentId == root.Unit.Id));
            if (match is not null && (unitId is null or "" || unitId == match.Unit.Id))
            {
                units.Add(new ReconciliationUnit(match.Unit.Id, match.Unit.Name, child.DepartmentId, child.DepartmentName, Unsynced(match.Unit.Id),
                    [.. Reconciliation.Progress(match, theirs[match.Unit.Id], child, Unsynced(match.Unit.Id))]));
            }
        }

        if (units.Count == 0)
        {
            return ApiProblem.NotFound("No published figures for this unit", $"The portal publishes no figures of unit '{QueryInput.Shorten(unitId!)}' for {p.Label}.");
        }

        return new ReconciliationResponse(p.Label, Rfc3339.Format(VietnamTime.ToVietnam(asOf)), table?.Source ?? (table is null ? null : NationalRankingStore.AdminSource),
            table?.ImportedAt, tree?.ReadAt, units);
    }

    /// <summary>Our unit a published one is: the same id, else the same name (compared as <see cref="NationalRankingParser.NameKey"/> does).</summary>
    public static UnitScore? Match(PortalTreeNode published, IEnumerable<UnitScore> candidates)
    {
        ArgumentNullException.ThrowIfNull(published);
        var list = candidates.ToList();
        return list.FirstOrDefault(s => s.Unit.Id == published.DepartmentId)
            ?? (published.DepartmentName is { } name ? list.FirstOrDefault(s => NationalRankingParser.NameKey(s.Unit.Name) == NationalRankingParser.NameKey(name)) : null);
    }

    private Task<(IReadOnlyList<UnitScore> All, IReadOnlyList<UnitScore> Synced)> ScoresAsync(LedgerView view, Period period, DateTimeOffset asOf)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{period.Label}|{view.Version}|{asOf.UtcTicks}");
        if (_scores.Count > MaxHeld)
        {
            _scores.Clear();
        }

        var rules = refresher.Rules;
        return _scores.GetOrAdd(key, _ => new(() => Task.Run(() =>
            (PortalScoring.Score(period, asOf, view.Live, syncedOnly: false, rules), PortalScoring.Score(period, asOf, view.Live, syncedOnly: true, rules))))).Value;
    }
}
