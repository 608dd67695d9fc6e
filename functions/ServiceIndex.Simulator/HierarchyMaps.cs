namespace ServiceIndex.Simulator;

/// <summary>
/// The maps bundled with the simulator (<c>hierarchies/*.json</c>, embedded). Without a choice
/// (<see cref="SimulatorOptions.Map"/> null) the map in force on the history's first day serves: Đà Nẵng's
/// two-tier city from 1 July 2025 (the day Quảng Nam merged into it and districts were abolished), Quảng Nam's
/// three-tier province before.
/// </summary>
public static class HierarchyMaps
{
    /// <summary>Thành phố Đà Nẵng since 1 July 2025: the city, its departments, 93 wards and communes, no district level.</summary>
    public const string DaNang2025 = "da-nang-2025";

    /// <summary>Tỉnh Quảng Nam in 2023: 20 agencies, 18 district-level units, 240 communes (the seeds' historical figures).</summary>
    public const string QuangNam2023 = "quang-nam-2023";

    /// <summary>The day the two-tier Đà Nẵng map takes over.</summary>
    public static readonly DateOnly MergerDay = new(2025, 7, 1);

    /// <summary>Every bundled map.</summary>
    public static IReadOnlyList<string> All { get; } = [DaNang2025, QuangNam2023];

    /// <summary>The map of <paramref name="map"/> (a bundled name), or, when null or empty, the one in force on <paramref name="firstDay"/>.</summary>
    public static string Resolve(string? map, DateOnly firstDay) =>
        !string.IsNullOrWhiteSpace(map) ? map.Trim() : firstDay >= MergerDay ? DaNang2025 : QuangNam2023;
}
