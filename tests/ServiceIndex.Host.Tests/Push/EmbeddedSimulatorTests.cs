using Microsoft.Extensions.Configuration;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Tests.Push;

/// <summary>What <c>run</c> simulates: today's map at its own volume by default, the Quảng Nam map on request, the push mode by
/// <c>Simulator:Mode</c>, and never a second map over data fed by another.</summary>
public sealed class EmbeddedSimulatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 18);

    [Fact]
    public void By_default_run_simulates_Da_Nang_at_the_merged_citys_volume()
    {
        var options = EmbeddedSimulator.Options(Configuration(), new LocalHostOptions(), Folder(), Today);

        Assert.Equal((HierarchyMaps.DaNang2025, 1_000_000, SimulatorModes.Feed), (options.Map, options.DossiersPerYear, options.Mode));
        Assert.Equal("Thành phố Đà Nẵng", Hierarchy.For(options).Root.Name);
    }

    [Fact]
    public void The_Quang_Nam_map_and_the_push_mode_are_configuration()
    {
        var options = EmbeddedSimulator.Options(
            Configuration(("Simulator:Map", "quang-nam-2023"), ("Simulator:Mode", "dvcqg"), ("Simulator:PushUntidiness:Lossy", "true"),
                ("Simulator:PushUntidiness:RetryRate", "0.1")),
            new LocalHostOptions(), Folder(), Today);

        Assert.Equal((HierarchyMaps.QuangNam2023, 600_000, SimulatorModes.Dvcqg), (options.Map, options.DossiersPerYear, options.Mode));
        Assert.True(options.PushUntidiness.Lossy);
        Assert.Equal(0.1, options.PushUntidiness.RetryRate);
    }

    [Fact]
    public void Data_fed_by_one_map_refuses_another()
    {
        var folder = Folder();
        EmbeddedSimulator.Options(Configuration(("Simulator:Map", "quang-nam-2023")), new LocalHostOptions(), folder, Today);

        var refused = Assert.Throws<ArgumentException>(() => EmbeddedSimulator.Options(Configuration(), new LocalHostOptions(), folder, Today));

        Assert.Contains("quang-nam-2023", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HierarchyMaps.QuangNam2023, EmbeddedSimulator.Options(Configuration(("Simulator:Map", "quang-nam-2023")), new LocalHostOptions(), folder, Today).Map);
    }

    private static string Folder() => Directory.CreateTempSubdirectory("serviceindex-simulator-").FullName;

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
