using System.Globalization;

namespace ServiceIndex.Host.Bench;

/// <summary>One measured figure with its target and, where there is one, the naive way measured in the same run.</summary>
internal sealed record BenchResult(string Name, string Metric, double Value, string Unit, string Target, bool? Met, string? Naive = null, string? Notes = null)
{
    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Metric} | {Value:#,0.##} {Unit} | {Target} | {(Met is null ? "—" : Met.Value ? "met" : "**missed**")} | {Naive ?? "—"} | {Notes ?? ""} |");

    public const string Header = "| benchmark | metric | measured | target | | naive way, same run | notes |\n|---|---|---|---|---|---|---|";
}
