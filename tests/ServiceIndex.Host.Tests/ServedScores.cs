using System.Text.Json;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Host.Tests;

/// <summary>Scores a host serves, held to the offline scorer's.</summary>
internal static class ServedScores
{
    /// <summary>Every unit of <paramref name="expected"/> and no other is served, with the same total and the same points, numerator and denominator of every indicator.</summary>
    public static void AssertSame(ScoreDocument expected, JsonElement served, string period)
    {
        var units = served.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetString()!);
        Assert.Equal(expected.Units.Select(u => u.UnitId).Order(), units.Keys.Order());
        foreach (var unit in expected.Units)
        {
            var s = units[unit.UnitId];
            Assert.True(unit.Total == s.GetProperty("total").GetDecimal(), $"{period} {unit.UnitId}: total {unit.Total} offline, {s.GetProperty("total")} served");
            foreach (var (code, indicator) in unit.Indicators)
            {
                var i = s.GetProperty("indicators").GetProperty(code);
                Assert.True(indicator.Numerator == i.GetProperty("numerator").GetInt64() && indicator.Denominator == i.GetProperty("denominator").GetInt64() &&
                            indicator.Points == i.GetProperty("points").GetDecimal(),
                    $"{period} {unit.UnitId} {code}: offline {indicator.Numerator}/{indicator.Denominator} = {indicator.Points}, served {i}");
            }
        }
    }
}
