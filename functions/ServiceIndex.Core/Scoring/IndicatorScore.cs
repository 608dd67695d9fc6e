namespace ServiceIndex.Core.Scoring;

/// <summary>One indicator of one unit: exact points (rounded only at output), its max, numerator and denominator.</summary>
public sealed record IndicatorScore(string Code, decimal Points, decimal Max, long Numerator, long Denominator)
{
    public static IndicatorScore Of(IndexRules rules, string code, long numerator, long denominator)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new(code, rules.Points(code, numerator, denominator), rules[code].Max, numerator, denominator);
    }
}
