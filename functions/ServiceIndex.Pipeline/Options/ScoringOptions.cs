using Microsoft.Extensions.Options;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Pipeline.Options;

/// <summary>
/// The index's maxima and thresholds (configuration section <c>Scoring</c>). Without a rules file the table of
/// <c>index-766.md</c> applies; with one, its values change the scores, <c>GET /api/indicators</c>, the Excel
/// workbooks and the dashboard alike (the same file the offline <c>score --rules</c> reads).
/// </summary>
public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>Path of a rules file (<c>{"indicators": {"T1": {"max": 6, "threshold": 1.0}, …}}</c>); empty: the defaults.</summary>
    public string? RulesFile { get; set; }

    /// <summary>The rules this configuration names; a file that cannot be read or is refused throws (the validator reports it at start-up).</summary>
    public IndexRules LoadRules() =>
        string.IsNullOrWhiteSpace(RulesFile) ? IndexRules.Default : IndexRules.FromJson(File.ReadAllText(RulesFile));
}

internal sealed class ScoringOptionsValidator : IValidateOptions<ScoringOptions>
{
    public ValidateOptionsResult Validate(string? name, ScoringOptions options)
    {
        try
        {
            options.LoadRules();
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return ValidateOptionsResult.Fail($"Scoring:RulesFile '{options.RulesFile}' cannot be used: {ex.Message}");
        }
    }
}
