namespace ServiceIndex.Core.Scoring;

/// <summary>One indicator as configured: its code, group, portal bar, Vietnamese name, maximum and full-points threshold.</summary>
public sealed record IndicatorEntry(string Code, string Group, string Bar, string Name, decimal Max, decimal Threshold);

/// <summary>One of the portal's six bars: its indicators and maximum (the sum of theirs).</summary>
public sealed record BarEntry(string Key, string Group, string Name, decimal Max, IReadOnlyList<string> Codes);

/// <summary>One of the score document's five groups: its bars and maximum; <see cref="ShortName"/> fits a table header.</summary>
public sealed record GroupEntry(string Key, string Name, string ShortName, decimal Max, IReadOnlyList<string> Bars);

/// <summary>
/// The indicator catalogue: every name, group, bar, maximum and threshold a report or a page shows, in one place and
/// derived from the configured <see cref="IndexRules"/>, so a rules file that changes a maximum changes the API
/// (<c>GET /api/indicators</c>), the Excel workbooks and the dashboard alike. Names are the portal's Vietnamese ones.
/// </summary>
public sealed record IndicatorCatalogue(decimal MaxTotal, IReadOnlyList<GroupEntry> Groups, IReadOnlyList<BarEntry> Bars, IReadOnlyList<IndicatorEntry> Indicators)
{
    private static readonly Dictionary<string, (string Name, string ShortName)> GroupNames = new(StringComparer.Ordinal)
    {
        [Scoring.Groups.Transparency] = ("Công khai, minh bạch", "Công khai"),
        [Scoring.Groups.Progress] = ("Tiến độ giải quyết", "Tiến độ"),
        [Scoring.Groups.OnlineServices] = ("Dịch vụ trực tuyến, thanh toán", "Trực tuyến"),
        [Scoring.Groups.Digitisation] = ("Số hóa hồ sơ", "Số hóa"),
        [Scoring.Groups.Satisfaction] = ("Mức độ hài lòng", "Hài lòng"),
    };

    private static readonly Dictionary<string, string> BarNames = new(StringComparer.Ordinal)
    {
        [Scoring.Bars.Transparency] = "Công khai, minh bạch",
        [Scoring.Bars.Progress] = "Tiến độ giải quyết",
        [Scoring.Bars.OnlinePublicServices] = "Dịch vụ công trực tuyến",
        [Scoring.Bars.OnlinePayment] = "Thanh toán trực tuyến",
        [Scoring.Bars.Digitisation] = "Số hóa hồ sơ",
        [Scoring.Bars.Satisfaction] = "Mức độ hài lòng",
    };

    private static readonly Dictionary<string, string> IndicatorNames = new(StringComparer.Ordinal)
    {
        ["T1"] = "Công bố TTHC đúng hạn",
        ["T2"] = "Công khai TTHC đúng hạn",
        ["T3"] = "Công khai đầy đủ",
        ["T4"] = "Đồng bộ trạng thái hồ sơ lên Cổng DVC quốc gia",
        ["P1"] = "Giải quyết đúng hạn",
        ["O1"] = "Cung cấp DVC trực tuyến",
        ["O2"] = "TTHC có phát sinh hồ sơ trực tuyến",
        ["O3"] = "Tỷ lệ hồ sơ trực tuyến (nhân tỷ lệ đồng bộ)",
        ["M1"] = "Thanh toán trực tuyến (hồ sơ phải nộp phí)",
        ["M2"] = "TTHC có phát sinh thanh toán trực tuyến",
        ["M3"] = "TTHC triển khai thanh toán trực tuyến",
        ["D1"] = "Cấp kết quả điện tử (TTHC có kết quả giấy)",
        ["D2"] = "Số hóa hồ sơ và kết quả",
        ["D3"] = "Chứng thực bản sao điện tử",
        ["D4"] = "Tái sử dụng dữ liệu số hóa",
        ["D5"] = "Kho dữ liệu công dân",
        ["D6"] = "Khai thác CSDL dân cư",
        ["D7"] = "TTHC có khai thác CSDL dân cư",
        ["S1"] = "Xử lý phản ánh kiến nghị đúng hạn",
        ["S2"] = "Hài lòng về xử lý phản ánh",
        ["S3"] = "Hài lòng về giải quyết TTHC",
    };

    /// <summary>The catalogue of the default rules (the table of <c>index-766.md</c>).</summary>
    public static IndicatorCatalogue Default { get; } = From(IndexRules.Default);

    /// <summary>The catalogue of <paramref name="rules"/>: maxima and thresholds as configured, groups and bars summed from them.</summary>
    public static IndicatorCatalogue From(IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var indicators = IndexRules.Codes
            .Select(code => rules[code])
            .Select(r => new IndicatorEntry(r.Code, r.Group, r.Bar, IndicatorNames[r.Code], r.Max, r.Threshold))
            .ToList();
        var bars = Scoring.Bars.All
            .Select(bar => indicators.Where(i => i.Bar == bar).ToList())
            .Select(members => new BarEntry(members[0].Bar, members[0].Group, BarNames[members[0].Bar], members.Sum(i => i.Max), [.. members.Select(i => i.Code)]))
            .ToList();
        var groups = Scoring.Groups.All
            .Select(group => new GroupEntry(group, GroupNames[group].Name, GroupNames[group].ShortName,
                rules.MaxOfGroup(group), [.. bars.Where(b => b.Group == group).Select(b => b.Key)]))
            .ToList();
        return new IndicatorCatalogue(rules.MaxTotal, groups, bars, indicators);
    }

    /// <summary>The Vietnamese name of an indicator code.</summary>
    public static string IndicatorName(string code) => IndicatorNames[code];

    /// <summary>The Vietnamese name of a group key (at most 31 characters: it names a worksheet).</summary>
    public static string GroupName(string group) => GroupNames[group].Name;

    /// <summary>The entry of one indicator code.</summary>
    public IndicatorEntry this[string code] => Indicators.First(i => i.Code == code);

    /// <summary>The entry of one group key.</summary>
    public GroupEntry Group(string key) => Groups.First(g => g.Key == key);
}
