using System.Globalization;
using System.Text.Json.Serialization;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Scoring;

/// <summary>The score document of <c>interfaces.md</c> (CLI <c>score --format json</c> and <c>GET /api/scores</c>).</summary>
public sealed record ScoreDocument(PeriodInfo Period, string AsOf, IReadOnlyList<UnitScoreDocument> Units)
{
    public static ScoreDocument From(Period period, DateTimeOffset asOf, IEnumerable<UnitScore> scores, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(scores);
        return new(PeriodInfo.Of(period), Rfc3339.Format(VietnamTime.ToVietnam(asOf)),
            [.. scores.Select(s => UnitScoreDocument.From(s, rules))]);
    }
}

public sealed record PeriodInfo(string Label, string From, string To)
{
    public static PeriodInfo Of(Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return new(period.Label, period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}

public sealed record UnitScoreDocument(
    string UnitId,
    string Name,
    string Level,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ParentId,
    decimal Total,
    string Rating,
    IReadOnlyDictionary<string, decimal> Groups,
    IReadOnlyDictionary<string, IndicatorDocument> Indicators,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ScoreDelta? ScoreDelta = null)
{
    public static UnitScoreDocument From(UnitScore score, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(rules);
        var groups = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var g in Scoring.Groups.All)
        {
            groups[g] = Output.Round(score.Group(g, rules));
        }

        var indicators = new Dictionary<string, IndicatorDocument>(StringComparer.Ordinal);
        foreach (var i in score.Indicators)
        {
            indicators[i.Code] = new IndicatorDocument(Output.Round(i.Points), i.Max, i.Numerator, i.Denominator,
                i.Factor is { } f ? Math.Round(f, 4, MidpointRounding.AwayFromZero) : null);
        }

        return new(score.Unit.Id, score.Unit.Name, WireNames.Of(score.Unit.Level), score.Unit.ParentId,
            Output.Round(score.Total), score.Rating, groups, indicators);
    }
}

/// <param name="Factor">O3 only: T4's ratio, by which the online share is multiplied (portal 3.3), to 4 decimals; absent elsewhere.</param>
public sealed record IndicatorDocument(
    decimal Points,
    decimal Max,
    long Numerator,
    long Denominator,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Factor = null);
