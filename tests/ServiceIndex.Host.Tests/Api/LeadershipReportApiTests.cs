using System.Net;
using ClosedXML.Excel;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Host.Tests.Api;

[Collection(ApiHostCollection.Name)]
public sealed class LeadershipReportApiTests(ApiHost host)
{
    [Fact]
    public async Task The_report_ranks_a_levels_units_with_the_six_bars_that_sum_to_the_total()
    {
        var period = host.PreviousMonth.Label;
        var report = await host.GetAsync<LeadershipReport>($"api/reports/leadership?period={period}&level=district");
        var rankings = await host.GetAsync<RankingsResponse>($"api/rankings?period={period}&level=district");

        Assert.Equal(rankings.Units.Select(u => (u.Rank, u.UnitId, u.Total)), report.Rows.Select(r => (r.Rank, r.UnitId, r.Total)));
        Assert.Equal(Bars.All, report.BarMax.Keys);
        Assert.Equal(100m, report.BarMax.Values.Sum());
        foreach (var row in report.Rows)
        {
            Assert.InRange(row.Bars.Values.Sum() - row.Total, -0.05m, 0.05m); // each bar rounded to 2 decimals
            Assert.All(Bars.All, b => Assert.Equal(1 + report.Rows.Count(o => o.Bars[b] > row.Bars[b]), row.BarRanks[b]));
        }
    }

    [Fact]
    public async Task The_workbook_is_one_landscape_page_with_print_titles_and_reads_back_as_the_report()
    {
        var period = host.PreviousMonth.Label;
        var report = await host.GetAsync<LeadershipReport>($"api/reports/leadership?period={period}&level=commune");
        using var response = await host.GetAsync($"api/reports/leadership?period={period}&level=commune&format=xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheets.Single();
        Assert.Equal(XLPageOrientation.Landscape, sheet.PageSetup.PageOrientation);
        Assert.Equal(XLPaperSize.A4Paper, sheet.PageSetup.PaperSize);
        Assert.Equal((1, 1), (sheet.PageSetup.PagesWide, sheet.PageSetup.PagesTall));
        Assert.Equal((1, 1), (sheet.PageSetup.FirstRowToRepeatAtTop, sheet.PageSetup.LastRowToRepeatAtTop));
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.Equal("Tổng điểm (/100)", sheet.Cell(1, 15).GetString());
        for (var i = 0; i < report.Rows.Count; i++)
        {
            var row = report.Rows[i];
            Assert.Equal(row.Rank, sheet.Cell(i + 2, 1).GetValue<int>());
            Assert.Equal(row.Name, sheet.Cell(i + 2, 2).GetString());
            Assert.Equal(row.Bars[Bars.Progress], sheet.Cell(i + 2, 5).GetValue<decimal>());
            Assert.Equal(row.BarRanks[Bars.Progress], sheet.Cell(i + 2, 6).GetValue<int>());
            Assert.Equal(row.Total, sheet.Cell(i + 2, 15).GetValue<decimal>());
        }

        Assert.StartsWith("Số liệu tính đến ", sheet.Cell(report.Rows.Count + 3, 1).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_html_page_prints_under_its_own_stylesheet_with_the_chosen_unit_highlighted()
    {
        var period = host.PreviousMonth.Label;
        var report = await host.GetAsync<LeadershipReport>($"api/reports/leadership?period={period}&level=district");
        var chosen = report.Rows[^1];
        using var response = await host.GetAsync($"api/reports/leadership?period={period}&level=district&format=html&unitId={chosen.UnitId}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<link rel=\"stylesheet\" href=\"../../report.css\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains($"<tr class=\"selected\"><td class=\"num\">{chosen.Rank}</td><th scope=\"row\">{System.Net.WebUtility.HtmlEncode(chosen.Name)}</th>", html, StringComparison.Ordinal);
        Assert.Equal(report.Rows.Count, html.Split("<tr", StringSplitOptions.None).Length - 2); // rows plus the header row
        using var css = await host.GetAsync("report.css");
        Assert.Contains("size: A4 landscape", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/reports/leadership?period=2024-05", "level is missing")]
    [InlineData("api/reports/leadership?level=district&format=pdf", "'pdf' is not a valid format; expected one of xlsx, html")]
    public async Task Bad_input_is_a_400_problem(string url, string detail)
    {
        using var response = await host.GetAsync(url);

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, detail);
    }
}
