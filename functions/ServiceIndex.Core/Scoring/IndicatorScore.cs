namespace ServiceIndex.Core.Scoring;

/// <summary>
/// One indicator of one unit: exact points (rounded only at output), its max, numerator and denominator, and
/// for an indicator weighted by another ratio (O3, portal 3.3) that ratio as <paramref name="Factor"/>.
/// </summary>
public sealed record IndicatorScore(string Code, decimal Points, decimal Max, long Numerator, long Denominator, decimal? Factor = null)
{
    public static IndicatorScore Of(IndexRules rules, string code, long numerator, long denominator)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new(code, rules.Points(code, numerator, denominator), rules[code].Max, numerator, denominator);
    }

    /// <summary>An indicator whose ratio is multiplied by <paramref name="factor"/> before its threshold applies.</summary>
    public static IndicatorScore Weighted(IndexRules rules, string code, long numerator, long denominator, decimal factor)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new(code, rules.Points(code, numerator, denominator, factor), rules[code].Max, numerator, denominator, factor);
    }

    /// <summary>A ratio as a factor: 1 when nothing was counted (as an indicator scores full points then).</summary>
    public static decimal Ratio(long numerator, long denominator) => denominator <= 0 ? 1m : (decimal)numerator / denominator;
}
