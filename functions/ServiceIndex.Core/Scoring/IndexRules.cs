using System.Collections.Frozen;
using System.Text.Json;

namespace ServiceIndex.Core.Scoring;

/// <summary>The five criteria groups of the score document (keys are stable API).</summary>
public static class Groups
{
    public const string Transparency = "transparency";
    public const string Progress = "progress";
    public const string OnlineServices = "onlineServices";
    public const string Digitisation = "digitisation";
    public const string Satisfaction = "satisfaction";

    public static readonly IReadOnlyList<string> All = [Transparency, Progress, OnlineServices, Digitisation, Satisfaction];
}

/// <summary>The six bars of the national portal (the online group shows as services and payment).</summary>
public static class Bars
{
    public const string Transparency = "transparency";
    public const string Progress = "progress";
    public const string OnlinePublicServices = "onlinePublicServices";
    public const string OnlinePayment = "onlinePayment";
    public const string Digitisation = "digitisation";
    public const string Satisfaction = "satisfaction";

    public static readonly IReadOnlyList<string> All =
        [Transparency, Progress, OnlinePublicServices, OnlinePayment, Digitisation, Satisfaction];
}

/// <summary>One indicator's configurable parts: its maximum and the ratio that earns full points.</summary>
public sealed record IndicatorRule(string Code, string Group, string Bar, decimal Max, decimal Threshold);

/// <summary>
/// Maxima and thresholds of the 766 index. The portal and provinces revise them, so they are
/// configuration (a rules file whose defaults are the table of <c>index-766.md</c>); the formulas are code.
/// </summary>
public sealed class IndexRules
{
    /// <summary>Indicator codes in document order (stable API).</summary>
    public static readonly IReadOnlyList<string> Codes =
        ["T1", "T2", "T3", "T4", "P1", "O1", "O2", "O3", "M1", "M2", "M3", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "S1", "S2", "S3"];

    private readonly FrozenDictionary<string, IndicatorRule> _rules;

    private IndexRules(IEnumerable<IndicatorRule> rules)
    {
        _rules = rules.ToFrozenDictionary(r => r.Code, StringComparer.Ordinal);
    }

    public static IndexRules Default { get; } = new(
    [
        new("T1", Groups.Transparency, Bars.Transparency, 6m, 1m),
        new("T2", Groups.Transparency, Bars.Transparency, 4m, 1m),
        new("T3", Groups.Transparency, Bars.Transparency, 2m, 1m),
        new("T4", Groups.Transparency, Bars.Transparency, 6m, 1m),
        new("P1", Groups.Progress, Bars.Progress, 20m, 1m),
        new("O1", Groups.OnlineServices, Bars.OnlinePublicServices, 2m, 0.8m),
        new("O2", Groups.OnlineServices, Bars.OnlinePublicServices, 4m, 1m),
        new("O3", Groups.OnlineServices, Bars.OnlinePublicServices, 6m, 0.5m),
        new("M1", Groups.OnlineServices, Bars.OnlinePayment, 6m, 1m),
        new("M2", Groups.OnlineServices, Bars.OnlinePayment, 2m, 0.8m),
        new("M3", Groups.OnlineServices, Bars.OnlinePayment, 2m, 0.8m),
        new("D1", Groups.Digitisation, Bars.Digitisation, 6m, 1m),
        new("D2", Groups.Digitisation, Bars.Digitisation, 4m, 0.8m),
        new("D3", Groups.Digitisation, Bars.Digitisation, 2m, 1m),
        new("D4", Groups.Digitisation, Bars.Digitisation, 2m, 0.8m),
        new("D5", Groups.Digitisation, Bars.Digitisation, 4m, 1m),
        new("D6", Groups.Digitisation, Bars.Digitisation, 2m, 1m),
        new("D7", Groups.Digitisation, Bars.Digitisation, 2m, 1m),
        new("S1", Groups.Satisfaction, Bars.Satisfaction, 6m, 1m),
        new("S2", Groups.Satisfaction, Bars.Satisfaction, 6m, 1m),
        new("S3", Groups.Satisfaction, Bars.Satisfaction, 6m, 0.9m),
    ]);

    public IndicatorRule this[string code] => _rules[code];

    public decimal MaxOfGroup(string group) => _rules.Values.Where(r => r.Group == group).Sum(r => r.Max);

    public decimal MaxTotal => _rules.Values.Sum(r => r.Max);

    /// <summary>
    /// Reads a rules file: <c>{"indicators": {"T1": {"max": 6, "threshold": 1.0}, …}}</c>. Codes left out keep
    /// their defaults; unknown codes, non-positive maxima and thresholds outside (0, 1] are refused.
    /// </summary>
    public static IndexRules FromJson(string json)
    {
        try
        {
            return Read(json);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"Rules file: {ex.Message}", ex);
        }
    }

    private static IndexRules Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var rules = Default._rules.Values.ToDictionary(r => r.Code, StringComparer.Ordinal);
        if (doc.RootElement.TryGetProperty("indicators", out var indicators))
        {
            foreach (var entry in indicators.EnumerateObject())
            {
                if (!rules.TryGetValue(entry.Name, out var rule))
                {
                    throw new FormatException($"Rules file: unknown indicator code '{entry.Name}'.");
                }

                if (entry.Value.TryGetProperty("max", out var max))
                {
                    rule = rule with { Max = max.GetDecimal() };
                }

                if (entry.Value.TryGetProperty("threshold", out var threshold))
                {
                    rule = rule with { Threshold = threshold.GetDecimal() };
                }

                if (rule.Max <= 0 || rule.Threshold <= 0 || rule.Threshold > 1)
                {
                    throw new FormatException($"Rules file: {entry.Name} needs max > 0 and 0 < threshold ≤ 1.");
                }

                rules[entry.Name] = rule;
            }
        }

        return new IndexRules(rules.Values);
    }

    /// <summary>
    /// <c>points = max × min(1, ratio × factor / threshold)</c>; a zero denominator scores the full max
    /// (nothing was due, so nothing failed). The factor is 1 except for an indicator the portal weights by
    /// another ratio (O3 by T4's). Exact decimal arithmetic, no rounding here.
    /// </summary>
    public decimal Points(string code, long numerator, long denominator, decimal factor = 1m)
    {
        var rule = _rules[code];
        if (denominator <= 0)
        {
            return rule.Max;
        }

        var scaled = numerator * factor / (denominator * rule.Threshold);
        return scaled >= 1m ? rule.Max : rule.Max * numerator * factor / (denominator * rule.Threshold);
    }
}
