using ClosedXML.Excel;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// The score table of a period and level as an Excel workbook (<c>GET /api/scores?format=xlsx</c>): a summary sheet
/// ("Tổng hợp": total, rating, five groups and the change of the total against the previous period) and one sheet
/// per group (the group's points, then each indicator's points, numerator and denominator). One row per unit, in
/// the document's order; the figures are those of the JSON document.
/// </summary>
public static class ScoresXlsx
{
    public const string SummarySheet = "Tổng hợp";

    private const string Points = "0.00";

    public static IReadOnlyList<string> SummaryHeaders { get; } =
    [
        "Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Tổng điểm", "Xếp loại",
        .. Groups.All.Select(g => IndicatorCatalogue.GroupName(g)), "Thay đổi tổng điểm so với kỳ trước",
    ];

    /// <summary>
    /// Headers of a group's sheet: the unit, the group's points, then three columns per indicator, and last, for the
    /// online group, O3's factor (T4's ratio, portal 3.3) so its points can be checked from the sheet alone.
    /// </summary>
    public static IReadOnlyList<string> GroupHeaders(string group, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return
        [
            "Mã đơn vị", "Tên đơn vị", "Cấp", $"Điểm nhóm (tối đa {rules.MaxOfGroup(group):0.##})",
            .. Codes(group, rules).SelectMany(c => new[] { $"{c} – {IndicatorCatalogue.IndicatorName(c)}: điểm", $"{c}: tử số", $"{c}: mẫu số" }),
            .. Codes(group, rules).Where(c => c == FactorCode).Select(c => $"{c}: hệ số (tỷ lệ đồng bộ T4)"),
        ];
    }

    /// <summary>The indicator whose ratio is weighted by a factor (O3 by T4's ratio).</summary>
    private const string FactorCode = "O3";

    public static IReadOnlyList<string> Codes(string group, IndexRules rules) =>
        [.. IndexRules.Codes.Where(c => rules[c].Group == group)];

    public static string FileName(ScoreDocument document, string? level)
    {
        ArgumentNullException.ThrowIfNull(document);
        return level is null ? $"diem-766-{document.Period.Label}.xlsx" : $"diem-766-{document.Period.Label}-{level}.xlsx";
    }

    public static byte[] Render(ScoreDocument document, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(rules);
        using var workbook = new XLWorkbook();
        var units = document.Units;

        var summary = workbook.Worksheets.Add(SummarySheet);
        Xlsx.Header(summary, SummaryHeaders, units.Count);
        Xlsx.Format(summary, 5, 5, units.Count, Points);
        Xlsx.Format(summary, 7, 6 + Groups.All.Count, units.Count, Points);
        Xlsx.Format(summary, 7 + Groups.All.Count, 7 + Groups.All.Count, units.Count, "+0.00;-0.00;0.00");
        for (var r = 0; r < units.Count; r++)
        {
            var u = units[r];
            var row = r + 2;
            UnitCells(summary, row, u);
            Xlsx.Text(summary.Cell(row, 4), u.ParentId);
            Xlsx.Number(summary.Cell(row, 5), u.Total);
            Xlsx.Text(summary.Cell(row, 6), Ratings.VietnameseName(u.Rating));
            for (var g = 0; g < Groups.All.Count; g++)
            {
                Xlsx.Number(summary.Cell(row, 7 + g), u.Groups.GetValueOrDefault(Groups.All[g]));
            }

            Xlsx.Number(summary.Cell(row, 7 + Groups.All.Count), u.ScoreDelta?.Total);
        }

        foreach (var group in Groups.All)
        {
            var sheet = workbook.Worksheets.Add(IndicatorCatalogue.GroupName(group));
            var codes = Codes(group, rules);
            Xlsx.Header(sheet, GroupHeaders(group, rules), units.Count);
            Xlsx.Format(sheet, 4, 4, units.Count, Points);
            for (var i = 0; i < codes.Count; i++)
            {
                Xlsx.Format(sheet, 5 + (3 * i), 5 + (3 * i), units.Count, Points);
                Xlsx.Format(sheet, 6 + (3 * i), 7 + (3 * i), units.Count, "0");
            }

            for (var r = 0; r < units.Count; r++)
            {
                var u = units[r];
                var row = r + 2;
                UnitCells(sheet, row, u);
                Xlsx.Number(sheet.Cell(row, 4), u.Groups.GetValueOrDefault(group));
                for (var i = 0; i < codes.Count; i++)
                {
                    if (u.Indicators.TryGetValue(codes[i], out var indicator))
                    {
                        Xlsx.Number(sheet.Cell(row, 5 + (3 * i)), indicator.Points);
                        Xlsx.Number(sheet.Cell(row, 6 + (3 * i)), indicator.Numerator);
                        Xlsx.Number(sheet.Cell(row, 7 + (3 * i)), indicator.Denominator);
                    }
                }

                if (codes.Contains(FactorCode) && u.Indicators.TryGetValue(FactorCode, out var weighted))
                {
                    Xlsx.Number(sheet.Cell(row, 5 + (3 * codes.Count)), weighted.Factor);
                }
            }
        }

        return Xlsx.Save(workbook);
    }

    private static void UnitCells(IXLWorksheet sheet, int row, UnitScoreDocument u)
    {
        Xlsx.Text(sheet.Cell(row, 1), u.UnitId);
        Xlsx.Text(sheet.Cell(row, 2), u.Name);
        Xlsx.Text(sheet.Cell(row, 3), Xlsx.LevelName(u.Level));
    }
}
