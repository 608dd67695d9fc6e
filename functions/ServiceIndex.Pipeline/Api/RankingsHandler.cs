using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One unit of a ranking table.</summary>
/// <param name="ScoreDelta">The change against the previous period of the same kind, as in the score document (null when there is none).</param>
/// <param name="GroupRanks">The unit's rank among the level's units in each group (ties share a rank: 1, 2, 2, 4).</param>
public sealed record RankedUnit(int Rank, string UnitId, string Name, string? ParentId, decimal Total, string Rating,
    IReadOnlyDictionary<string, decimal> Groups,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] ScoreDelta? ScoreDelta = null,
    IReadOnlyDictionary<string, int>? GroupRanks = null);

/// <summary>The response of <c>GET /api/rankings</c> (<c>docs/api.md</c>).</summary>
public sealed record RankingsResponse(PeriodInfo Period, string AsOf, string Level, IReadOnlyList<RankedUnit> Units);

/// <summary>
/// <c>GET /api/rankings?period=P&amp;level=L</c>: the units of one level ranked by total (descending,
/// ties by Vietnamese name, then id); equal totals share a rank (1, 1, 3).
/// </summary>
/// <remarks>A ranking is computed once per level and whole document held in memory (the same object is returned until the period is read again).</remarks>
public sealed class RankingsHandler(ScoresHandler scores, TimeProvider time)
{
    private static readonly StringComparer Names = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: false);

    private readonly ConditionalWeakTable<ScoreDocument, ConcurrentDictionary<string, RankingsResponse>> _rankings = new();

    public async Task<ApiResult<RankingsResponse>> GetAsync(string? period, string? level, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem) || !QueryInput.TryRequiredLevel(level, out var l, out problem))
        {
            return problem;
        }

        var document = await scores.DocumentAsync(p, cancellationToken).ConfigureAwait(false);
        return document is null
            ? ScoresHandler.NotScored(p.Label)
            : _rankings.GetOrCreateValue(document).GetOrAdd(l, level => Rank(document, level));
    }

    /// <summary>The rankings of every level of <paramref name="document"/>, computed now and kept for the requests that will ask.</summary>
    public IReadOnlyList<RankingsResponse> Prepare(ScoreDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var held = _rankings.GetOrCreateValue(document);
        return [.. Enum.GetValues<UnitLevel>().Select(l => held.GetOrAdd(WireNames.Of(l), level => Rank(document, level)))];
    }

    /// <summary>Ranks the units of <paramref name="level"/> in <paramref name="document"/>.</summary>
    public static RankingsResponse Rank(ScoreDocument document, string level)
    {
        ArgumentNullException.ThrowIfNull(document);
        var ordered = document.Units.Where(u => u.Level == level)
            .OrderByDescending(u => u.Total).ThenBy(u => u.Name, Names).ThenBy(u => u.UnitId, StringComparer.Ordinal).ToList();
        var groupValues = Core.Scoring.Groups.All.ToDictionary(g => g, g => ordered.Select(u => u.Groups.GetValueOrDefault(g)).ToArray(), StringComparer.Ordinal);
        var ranked = new List<RankedUnit>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var u = ordered[i];
            var rank = i > 0 && ordered[i - 1].Total == u.Total ? ranked[i - 1].Rank : i + 1;
            var groupRanks = Core.Scoring.Groups.All.ToDictionary(g => g, g => CompetitionRank(u.Groups.GetValueOrDefault(g), groupValues[g]),
                StringComparer.Ordinal);
            ranked.Add(new RankedUnit(rank, u.UnitId, u.Name, u.ParentId, u.Total, u.Rating, u.Groups, u.ScoreDelta, groupRanks));
        }

        return new RankingsResponse(document.Period, document.AsOf, level, ranked);
    }

    /// <summary>1 + how many of <paramref name="all"/> are strictly above <paramref name="value"/>: ties share a rank (1, 2, 2, 4).</summary>
    public static int CompetitionRank(decimal value, IReadOnlyCollection<decimal> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        return 1 + all.Count(v => v > value);
    }
}
