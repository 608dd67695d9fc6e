namespace ServiceIndex.Simulator.Tests;

public sealed class HierarchyTests
{
    private static readonly string DaNang = Path.Combine(AppContext.BaseDirectory, "hierarchies", "da-nang-2025.json");

    private static readonly string[] QuangNamDistricts =
    [
        "Tam Kỳ", "Hội An", "Điện Bàn", "Duy Xuyên", "Đại Lộc", "Quế Sơn", "Nông Sơn", "Thăng Bình", "Hiệp Đức",
        "Phú Ninh", "Núi Thành", "Tiên Phước", "Bắc Trà My", "Nam Trà My", "Phước Sơn", "Nam Giang", "Đông Giang", "Tây Giang",
    ];

    [Fact]
    public void The_Quang_Nam_2023_map_has_its_18_districts_and_about_240_communes()
    {
        var hierarchy = Hierarchy.LoadBundled(HierarchyMaps.QuangNam2023);
        var districts = hierarchy.Units.Where(u => u.Level == UnitLevel.District).ToList();

        Assert.Equal(("qna", "Tỉnh Quảng Nam"), (hierarchy.Root.Id, hierarchy.Root.Name));
        Assert.Equal(QuangNamDistricts.Order(), districts.Select(d => StripKind(d.Name["UBND ".Length..])).Order());
        Assert.InRange(hierarchy.Units.Count(u => u.Level == UnitLevel.Commune), 230, 250);
        Assert.InRange(hierarchy.Units.Count(u => u.Level == UnitLevel.Agency), 18, 22);
        Assert.Contains(hierarchy.Units, u => u.Name == "Sở Tài nguyên và Môi trường");
    }

    [Fact]
    public void Every_Quang_Nam_commune_sits_under_a_district_and_some_offer_electronic_certified_copies()
    {
        var hierarchy = Hierarchy.LoadBundled(HierarchyMaps.QuangNam2023);
        var districts = hierarchy.Units.Where(u => u.Level == UnitLevel.District).Select(u => u.Id).ToHashSet();
        var communes = hierarchy.Units.Where(u => u.Level == UnitLevel.Commune).ToList();

        Assert.All(communes, c => Assert.Contains(c.ParentId!, districts));
        Assert.Contains(communes, c => c.ECertifiedCopy);
        Assert.Contains(communes, c => !c.ECertifiedCopy);
    }

    [Fact]
    public void Hierarchy_file_replaces_the_default()
    {
        var options = Histories.Small(10_000, new DateOnly(2025, 7, 1), new DateOnly(2025, 7, 31)) with { HierarchyFile = DaNang };

        var records = Histories.Records(Histories.Lines(Histories.Generate(options)));
        var units = Histories.Latest(records, "unit");

        Assert.Equal("Thành phố Đà Nẵng", units["dng"].Str("name"));
        Assert.DoesNotContain(units.Values, u => u.Str("level") == "district");
        Assert.DoesNotContain("qna", units.Keys);
        Assert.All(Histories.Latest(records, "dossier").Values, d => Assert.Contains(d.Str("unitId")!, units.Keys));
    }

    [Fact]
    public void Without_districts_communes_handle_district_procedures()
    {
        var options = Histories.Small(10_000, new DateOnly(2025, 7, 1), new DateOnly(2025, 7, 31)) with { HierarchyFile = DaNang };

        var records = Histories.Records(Histories.Lines(Histories.Generate(options)));
        var units = Histories.Latest(records, "unit");
        var transfer = Histories.Latest(records, "procedure")["dat-dai-bien-dong-chuyen-nhuong"];

        Assert.All(transfer.Data.GetProperty("unitIds").EnumerateArray(), id => Assert.Equal("commune", units[id.GetString()!].Str("level")));
        Assert.All(units.Values.Where(u => u.Str("level") == "commune"), c => Assert.Equal("dng", c.Str("parentId")));
    }

    [Fact]
    public void Hierarchy_with_an_unknown_parent_is_rejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse("""
            { "units": [
              { "id": "root", "name": "Tỉnh", "level": "province", "parentId": null },
              { "id": "x", "name": "UBND xã X", "level": "commune", "parentId": "nowhere" } ] }
            """));

        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hierarchy_with_a_cycle_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => Parse("""
            { "units": [
              { "id": "root", "name": "Tỉnh", "level": "province", "parentId": null },
              { "id": "a", "name": "A", "level": "district", "parentId": "b" },
              { "id": "b", "name": "B", "level": "district", "parentId": "a" } ] }
            """));
    }

    [Fact]
    public void Hierarchy_with_a_misspelt_key_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => Parse("""
            { "units": [ { "id": "root", "name": "Tỉnh", "level": "province", "parent": null } ] }
            """));
    }

    [Fact]
    public void Missing_hierarchy_file_fails_generation()
    {
        var options = Histories.Small() with { HierarchyFile = Path.Combine(Path.GetTempPath(), "no-such-hierarchy.json") };

        Assert.Throws<FileNotFoundException>(() => Histories.Generate(options));
    }

    private static Hierarchy Parse(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Hierarchy.Parse(stream);
    }

    private static string StripKind(string name)
    {
        foreach (var kind in new[] { "thành phố ", "thị xã ", "huyện " })
        {
            if (name.StartsWith(kind, StringComparison.Ordinal))
            {
                return name[kind.Length..];
            }
        }

        return name;
    }
}
