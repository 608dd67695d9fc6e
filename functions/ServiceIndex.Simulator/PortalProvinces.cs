using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServiceIndex.Simulator;

/// <summary>One province of the stand-in national table.</summary>
/// <param name="Code">The province's two-digit administrative code (from 1 July 2025).</param>
/// <param name="DepartmentId">The stand-in's stable id (a UUID derived from the code; the real portal's ids are its own).</param>
/// <param name="Name">As the portal names it: <c>UBND tỉnh …</c> / <c>UBND thành phố …</c>.</param>
public sealed record PortalProvince(string Code, string DepartmentId, string Name);

/// <summary>The 34 provinces and centrally-run cities since the mergers of 1 July 2025, as the stand-in portal lists them.</summary>
public static class PortalProvinces
{
    private static readonly (string Code, string Name, bool City)[] List =
    [
        ("01", "Hà Nội", true), ("04", "Cao Bằng", false), ("08", "Tuyên Quang", false), ("11", "Điện Biên", false),
        ("12", "Lai Châu", false), ("14", "Sơn La", false), ("15", "Lào Cai", false), ("19", "Thái Nguyên", false),
        ("20", "Lạng Sơn", false), ("22", "Quảng Ninh", false), ("24", "Bắc Ninh", false), ("25", "Phú Thọ", false),
        ("31", "Hải Phòng", true), ("33", "Hưng Yên", false), ("37", "Ninh Bình", false), ("38", "Thanh Hóa", false),
        ("40", "Nghệ An", false), ("42", "Hà Tĩnh", false), ("44", "Quảng Trị", false), ("46", "Huế", true),
        ("48", "Đà Nẵng", true), ("51", "Quảng Ngãi", false), ("52", "Gia Lai", false), ("56", "Khánh Hòa", false),
        ("66", "Đắk Lắk", false), ("68", "Lâm Đồng", false), ("75", "Đồng Nai", false), ("79", "Hồ Chí Minh", true),
        ("80", "Tây Ninh", false), ("82", "Đồng Tháp", false), ("86", "Vĩnh Long", false), ("91", "An Giang", false),
        ("92", "Cần Thơ", true), ("96", "Cà Mau", false),
    ];

    /// <summary>The 34, in the order of their codes.</summary>
    public static IReadOnlyList<PortalProvince> All { get; } =
        [.. List.Select(p => new PortalProvince(p.Code, IdOf("province:" + p.Code), $"UBND {(p.City ? "thành phố" : "tỉnh")} {p.Name}"))];

    /// <summary>Đà Nẵng: the city Quảng Nam became part of on 1 July 2025.</summary>
    public static PortalProvince DaNang => All.Single(p => p.Code == "48");

    /// <summary>The province whose name <paramref name="unitName"/> bears ("Thành phố Đà Nẵng" → Đà Nẵng), or null.</summary>
    public static PortalProvince? Named(string unitName)
    {
        ArgumentNullException.ThrowIfNull(unitName);
        var key = Key(unitName);
        return All.FirstOrDefault(p => Key(p.Name) == key);
    }

    /// <summary>A stable UUID-shaped id from a name: the first 16 bytes of its SHA-256.</summary>
    public static string IdOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("serviceindex stand-in portal " + name));
        return new Guid(hash.AsSpan(0, 16)).ToString("D", CultureInfo.InvariantCulture);
    }

    /// <summary>A name without case, prefix ("UBND", "tỉnh", "thành phố") or spacing differences.</summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Normalize(NormalizationForm.FormC).Trim().ToLower(CultureInfo.GetCultureInfo("vi-VN"));
        foreach (var prefix in new[] { "ubnd ", "tỉnh ", "thành phố ", "tp. ", "tp " })
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                key = key[prefix.Length..].Trim();
            }
        }

        return string.Join(' ', key.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
