using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// Validation of the query-string inputs every host passes as text: one place for the messages a
/// caller sees in a 400 problem. Empty values count as absent.
/// </summary>
public static class QueryInput
{
    public const string Levels = "province, agency, district, commune";

    /// <summary>The period (default: the current month in Vietnam).</summary>
    public static bool TryPeriod(string? text, TimeProvider time, [NotNullWhen(true)] out Period? period, [NotNullWhen(false)] out ApiProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(time);
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            period = Period.MonthOf(VietnamTime.Today(time));
            return true;
        }

        if (Period.TryParse(text, out period, out var error))
        {
            return true;
        }

        problem = ApiProblem.BadRequest("Invalid period", error);
        return false;
    }

    /// <summary>An optional level; null when absent.</summary>
    public static bool TryLevel(string? text, out string? level, [NotNullWhen(false)] out ApiProblem? problem)
    {
        problem = null;
        level = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (WireNames.TryParseLevel(text, out var parsed))
        {
            level = WireNames.Of(parsed);
            return true;
        }

        problem = ApiProblem.BadRequest("Invalid level", $"'{Shorten(text)}' is not a level; expected one of {Levels}.");
        return false;
    }

    /// <summary>A required level.</summary>
    public static bool TryRequiredLevel(string? text, [NotNullWhen(true)] out string? level, [NotNullWhen(false)] out ApiProblem? problem)
    {
        if (string.IsNullOrEmpty(text))
        {
            level = null;
            problem = ApiProblem.BadRequest("Invalid level", $"The level is missing; expected one of {Levels}.");
            return false;
        }

        return TryLevel(text, out level, out problem!);
    }

    /// <summary>An optional whole number in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="fallback"/> when absent.</summary>
    public static bool TryInt(string? text, string name, int min, int max, int fallback, out int value, [NotNullWhen(false)] out ApiProblem? problem)
    {
        problem = null;
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        problem = ApiProblem.BadRequest($"Invalid {name}",
            string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number from {min} to {max}; got '{Shorten(text)}'."));
        return false;
    }

    /// <summary>An optional value from a fixed set; <paramref name="fallback"/> when absent.</summary>
    public static bool TryChoice(string? text, string name, IReadOnlyList<string> choices, string? fallback, out string? value,
        [NotNullWhen(false)] out ApiProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(choices);
        problem = null;
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        foreach (var choice in choices)
        {
            if (string.Equals(choice, text, StringComparison.Ordinal))
            {
                value = choice;
                return true;
            }
        }

        problem = ApiProblem.BadRequest($"Invalid {name}", $"'{Shorten(text)}' is not a valid {name}; expected one of {string.Join(", ", choices)}.");
        return false;
    }

    public static ApiProblem UnknownUnit(string unitId) =>
        ApiProblem.BadRequest("Unknown unit", $"No unit has the id '{Shorten(unitId)}'; GET /api/units lists them.");

    internal static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");
}
