namespace ServiceIndex.Simulator.Tests;

/// <summary>Today's map by default: the two-tier Đà Nẵng city from 1 July 2025, Quảng Nam's three tiers before, or the map chosen.</summary>
public sealed class MapTests
{
    [Theory]
    [InlineData("2023-01-01", "Tỉnh Quảng Nam")]
    [InlineData("2025-06-30", "Tỉnh Quảng Nam")]
    [InlineData("2025-07-01", "Thành phố Đà Nẵng")]
    [InlineData("2026-11-04", "Thành phố Đà Nẵng")]
    public void Without_a_choice_the_map_is_the_one_in_force_on_the_first_day(string from, string root)
    {
        var options = new SimulatorOptions { From = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), To = new DateOnly(2026, 12, 31) };

        Assert.Equal(root, Hierarchy.For(options).Root.Name);
    }

    [Fact]
    public void A_chosen_map_serves_whatever_the_dates()
    {
        var quangNam = Histories.Small(10_000, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 14)) with { Map = HierarchyMaps.QuangNam2023 };
        var daNang = Histories.Small(10_000, new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 14)) with { Map = HierarchyMaps.DaNang2025 };

        var quangNamUnits = Histories.Latest(Histories.Records(Histories.Lines(Histories.Generate(quangNam))), "unit");
        var daNangUnits = Histories.Latest(Histories.Records(Histories.Lines(Histories.Generate(daNang))), "unit");

        Assert.Equal("Tỉnh Quảng Nam", quangNamUnits["qna"].Str("name"));
        Assert.Equal(18, quangNamUnits.Values.Count(u => u.Str("level") == "district"));
        Assert.Equal("Thành phố Đà Nẵng", daNangUnits["dng"].Str("name"));
        Assert.DoesNotContain(daNangUnits.Values, u => u.Str("level") == "district");
    }

    [Fact]
    public void Each_map_carries_the_yearly_volume_it_is_calibrated_to()
    {
        Assert.Equal(600_000, Hierarchy.LoadBundled(HierarchyMaps.QuangNam2023).DossiersPerYear);
        Assert.Equal(1_000_000, Hierarchy.LoadBundled(HierarchyMaps.DaNang2025).DossiersPerYear);
    }

    [Fact]
    public void The_Da_Nang_map_is_two_tier_with_93_wards_and_communes_under_the_city()
    {
        var hierarchy = Hierarchy.LoadBundled(HierarchyMaps.DaNang2025);

        Assert.Equal(("dng", "DNG"), (hierarchy.Root.Id, hierarchy.CodePrefix));
        Assert.Equal(93, hierarchy.Units.Count(u => u.Level == UnitLevel.Commune));
        Assert.All(hierarchy.Units.Where(u => u.Level == UnitLevel.Commune), u => Assert.Equal("dng", u.ParentId));
        Assert.DoesNotContain(hierarchy.Units, u => u.Level == UnitLevel.District);
    }

    [Theory]
    [InlineData("ha-noi-2025", null)]
    [InlineData(null, "push")]
    public void An_unknown_map_or_mode_is_refused(string? map, string? mode)
    {
        var options = new SimulatorOptions { Map = map, Mode = mode ?? SimulatorModes.Feed };

        Assert.Throws<ArgumentException>(options.Validate);
    }
}
