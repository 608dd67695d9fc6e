using System.Globalization;
using System.Net;
using System.Text;
using ClosedXML.Excel;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One unit's row of the leadership report: the six bars of the national portal, a rank per bar, the total and its change.</summary>
/// <param name="Change">Total minus the previous period's (null when there is none).</param>
public sealed record LeadershipRow(int Rank, string UnitId, string Name, IReadOnlyDictionary<string, decimal> Bars, IReadOnlyDictionary<string, int> BarRanks,
    decimal Total, decimal? Change, string Rating);

/// <summary>The leadership report of one level over one period (<c>GET /api/reports/leadership</c>).</summary>
public sealed record LeadershipReport(PeriodInfo Period, string AsOf, string Level, IReadOnlyDictionary<string, decimal> BarMax, IReadOnlyList<LeadershipRow> Rows);

/// <summary>
/// <c>GET /api/reports/leadership?period=P&amp;level=L&amp;format=xlsx|html</c>: one landscape page for leaders — the units of
/// one level ranked by total, with the six bars of the national portal, the rank in each, and the change since the previous
/// period — as a workbook (frozen header, filters, print titles, one A4 landscape page) or a printable HTML page.
/// </summary>
public sealed class LeadershipReportHandler(ScoresHandler scores, TimeProvider time)
{
    public static readonly IReadOnlyDictionary<string, string> BarNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Core.Scoring.Bars.Transparency] = "Công khai, minh bạch",
        [Core.Scoring.Bars.Progress] = "Tiến độ giải quyết",
        [Core.Scoring.Bars.OnlinePublicServices] = "Dịch vụ trực tuyến",
        [Core.Scoring.Bars.OnlinePayment] = "Thanh toán trực tuyến",
        [Core.Scoring.Bars.Digitisation] = "Số hóa hồ sơ",
        [Core.Scoring.Bars.Satisfaction] = "Mức độ hài lòng",
    };

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public async Task<ApiResult<LeadershipReport>> GetAsync(string? period, string? level, string? format, CancellationToken cancellationToken)
    {
        if (!QueryInput.TryPeriod(period, time, out var p, out var problem) || !QueryInput.TryRequiredLevel(level, out var l, out problem))
        {
            return problem;
        }

        if (!string.IsNullOrEmpty(format) && format is not ("xlsx" or "html"))
        {
            return ApiProblem.BadRequest("Invalid format", $"'{(format.Length > 20 ? format[..20] : format)}' is not a valid format; expected one of xlsx, html.");
        }

        var document = await scores.DocumentAsync(p, cancellationToken).ConfigureAwait(false);
        return document is null ? ScoresHandler.NotScored(p.Label) : Build(document, l, scores.Rules);
    }

    /// <summary>The report of <paramref name="level"/>'s units in <paramref name="document"/>, ranked as <c>/api/rankings</c> ranks them.</summary>
    public static LeadershipReport Build(ScoreDocument document, string level, IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(rules);
        var ranked = RankingsHandler.Rank(document, level);
        var byId = document.Units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var bars = ranked.Units.ToDictionary(u => u.UnitId, u => BarsOf(byId[u.UnitId], rules), StringComparer.Ordinal);
        var rows = ranked.Units.Select(u => new LeadershipRow(u.Rank, u.UnitId, u.Name, bars[u.UnitId],
            Core.Scoring.Bars.All.ToDictionary(b => b, b => RankingsHandler.CompetitionRank(bars[u.UnitId][b], [.. bars.Values.Select(x => x[b])]), StringComparer.Ordinal),
            u.Total, u.ScoreDelta?.Total, u.Rating)).ToList();
        var max = Core.Scoring.Bars.All.ToDictionary(b => b, b => IndexRules.Codes.Where(c => rules[c].Bar == b).Sum(c => rules[c].Max), StringComparer.Ordinal);
        return new LeadershipReport(document.Period, document.AsOf, level, max, rows);
    }

    private static Dictionary<string, decimal> BarsOf(UnitScoreDocument unit, IndexRules rules) =>
        Core.Scoring.Bars.All.ToDictionary(b => b, b => Output.Round(unit.Indicators.Where(i => rules[i.Key].Bar == b).Sum(i => i.Value.Points)), StringComparer.Ordinal);

    public static string FileName(LeadershipReport report, string extension)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"bao-cao-lanh-dao-{report.Period.Label.Replace("..", "_", StringComparison.Ordinal)}-{report.Level}.{extension}";
    }

    private static string Title(LeadershipReport report) =>
        $"Chỉ số phục vụ người dân, doanh nghiệp — {Xlsx.LevelName(report.Level)} — kỳ {report.Period.Label} ({Day(report.Period.From)}–{Day(report.Period.To)})";

    private static string Freshness(LeadershipReport report) =>
        $"Số liệu tính đến {(Rfc3339.TryParse(report.AsOf, out var asOf) ? VietnamTime.ToVietnam(asOf).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture) : report.AsOf)} (giờ Việt Nam), " +
        "từ hồ sơ của hệ thống giải quyết TTHC; thay đổi so với kỳ trước cùng loại. Xếp hạng: điểm bằng nhau cùng hạng.";

    private static string Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static List<string> Headers(LeadershipReport report) =>
        ["Hạng", "Đơn vị", .. Core.Scoring.Bars.All.SelectMany(b => new[] { $"{BarNames[b]} (/{report.BarMax[b].ToString("0.##", Vietnamese)})", "Hạng" }),
         "Tổng điểm (/100)", "Thay đổi so với kỳ trước"];

    /// <summary>One sheet, one A4 landscape page: header frozen and filterable, repeated on every printed page, the freshness note below.</summary>
    public static byte[] RenderXlsx(LeadershipReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Báo cáo lãnh đạo");
        var headers = Headers(report);
        Xlsx.Header(sheet, headers, report.Rows.Count);
        for (var r = 0; r < report.Rows.Count; r++)
        {
            var row = report.Rows[r];
            var c = 1;
            Xlsx.Number(sheet.Cell(r + 2, c++), row.Rank);
            Xlsx.Text(sheet.Cell(r + 2, c++), row.Name);
            foreach (var bar in Core.Scoring.Bars.All)
            {
                Xlsx.Number(sheet.Cell(r + 2, c++), row.Bars[bar]);
                Xlsx.Number(sheet.Cell(r + 2, c++), row.BarRanks[bar]);
            }

            Xlsx.Number(sheet.Cell(r + 2, c++), row.Total);
            Xlsx.Number(sheet.Cell(r + 2, c), row.Change);
        }

        sheet.Column(2).Width = 40;
        Xlsx.Format(sheet, headers.Count - 1, headers.Count - 1, report.Rows.Count, "0.00");
        Xlsx.Format(sheet, headers.Count, headers.Count, report.Rows.Count, "+0.00;−0.00;0");
        for (var b = 0; b < Core.Scoring.Bars.All.Count; b++)
        {
            Xlsx.Format(sheet, 3 + (2 * b), 3 + (2 * b), report.Rows.Count, "0.00");
        }

        var note = sheet.Cell(report.Rows.Count + 3, 1);
        Xlsx.Text(note, Freshness(report));
        note.Style.Font.Italic = true;
        var setup = sheet.PageSetup;
        setup.PageOrientation = XLPageOrientation.Landscape;
        setup.PaperSize = XLPaperSize.A4Paper;
        setup.FitToPages(1, 1);
        setup.SetRowsToRepeatAtTop(1, 1);
        setup.Header.Center.AddText(Title(report));
        setup.Footer.Center.AddText(Freshness(report));
        return Xlsx.Save(workbook);
    }

    /// <summary>A printable page (A4 landscape, <c>report.css</c>), no script: the dashboard's "In báo cáo" opens it.</summary>
    public static string RenderHtml(LeadershipReport report, string? highlightUnitId = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>").Append(E(Title(report)))
            .Append("</title><link rel=\"stylesheet\" href=\"../../report.css\"></head><body><h1>").Append(E(Title(report))).Append("</h1>")
            .Append("<table class=\"leadership\"><thead><tr>");
        foreach (var h in Headers(report))
        {
            html.Append("<th scope=\"col\">").Append(E(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in report.Rows)
        {
            html.Append(row.UnitId == highlightUnitId ? "<tr class=\"selected\">" : "<tr>")
                .Append("<td class=\"num\">").Append(row.Rank).Append("</td><th scope=\"row\">").Append(E(row.Name)).Append("</th>");
            foreach (var bar in Core.Scoring.Bars.All)
            {
                html.Append("<td class=\"num\">").Append(row.Bars[bar].ToString("0.00", Vietnamese)).Append("</td><td class=\"num rank\">")
                    .Append(row.BarRanks[bar]).Append("</td>");
            }

            html.Append("<td class=\"num total\">").Append(row.Total.ToString("0.00", Vietnamese)).Append("</td><td class=\"num\">")
                .Append(row.Change is { } c ? (c > 0 ? "+" : c < 0 ? "−" : "") + Math.Abs(c).ToString("0.00", Vietnamese) : "—").Append("</td></tr>");
        }

        html.Append("</tbody></table><p class=\"note\">").Append(E(Freshness(report))).Append("</p></body></html>");
        return html.ToString();
    }
}
