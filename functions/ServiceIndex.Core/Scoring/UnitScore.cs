using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Scoring.Indicators;

namespace ServiceIndex.Core.Scoring;

/// <summary>Ratings of the 766 index, from the rounded total (wire names are stable API).</summary>
public static class Ratings
{
    public static string Of(decimal roundedTotal) => roundedTotal switch
    {
        >= 90m => "xuat-sac",
        >= 80m => "tot",
        >= 70m => "kha",
        >= 50m => "trung-binh",
        _ => "yeu",
    };

    /// <summary>The Vietnamese name of a rating, for people.</summary>
    public static string VietnameseName(string rating) => rating switch
    {
        "xuat-sac" => "Xuất sắc",
        "tot" => "Tốt",
        "kha" => "Khá",
        "trung-binh" => "Trung bình",
        _ => "Yếu",
    };
}

/// <summary>The exact score of one unit over its subtree: indicators, groups, total (rounding happens at output).</summary>
public sealed record UnitScore(Unit Unit, Tally Tally, IReadOnlyList<IndicatorScore> Indicators)
{
    public decimal Total => Indicators.Sum(i => i.Points);

    public decimal Group(string group, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Indicators.Where(i => rules[i.Code].Group == group).Sum(i => i.Points);
    }

    public string Rating => Ratings.Of(Output.Round(Total));

    /// <summary>Scores a subtree tally: every indicator of every group file.</summary>
    public static UnitScore Compute(Unit unit, Tally subtree, IndexRules rules) =>
        new(unit, subtree,
        [
            .. Transparency.Score(subtree, rules),
            .. Progress.Score(subtree, rules),
            .. OnlineServices.Score(subtree, rules),
            .. Digitisation.Score(subtree, rules),
            .. Satisfaction.Score(subtree, rules),
        ]);
}

/// <summary>Rounding for output only: half away from zero, two decimals.</summary>
public static class Output
{
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
