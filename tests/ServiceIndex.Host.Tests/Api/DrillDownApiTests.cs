using System.Net;
using System.Text.Json;
using ClosedXML.Excel;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>The drill-downs: per procedure, handling times, change against the previous period, comparison, Excel exports.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class DrillDownApiTests(ApiHost host)
{
    private async Task<string> BusiestDistrictAsync(Period month)
    {
        var scores = await host.GetAsync<ScoreDocument>($"api/scores?period={month.Label}&level=district");
        return scores.Units.OrderByDescending(u => u.Indicators["P1"].Denominator).First().UnitId;
    }

    [Fact]
    public async Task Procedure_numerators_and_denominators_sum_to_the_units_indicators()
    {
        var month = host.PreviousMonth;
        var district = await BusiestDistrictAsync(month);
        var unit = (await host.GetAsync<ScoreDocument>($"api/scores?period={month.Label}&unitId={district}")).Units.Single();

        var served = await host.GetJsonAsync($"api/procedures?period={month.Label}&unitId={district}");
        var rows = served.GetProperty("procedures").EnumerateArray().ToList();

        Assert.Equal(district, served.GetProperty("unitId").GetString());
        Assert.True(rows.Count > 3);
        foreach (var code in IndexRules.Codes)
        {
            var parts = rows.Where(r => r.GetProperty("indicators").TryGetProperty(code, out _)).Select(r => r.GetProperty("indicators").GetProperty(code)).ToList();
            Assert.Equal(unit.Indicators[code].Numerator, parts.Sum(p => p.GetProperty("numerator").GetInt64()));
            Assert.Equal(unit.Indicators[code].Denominator, parts.Sum(p => p.GetProperty("denominator").GetInt64()));
        }
    }

    [Fact]
    public async Task Procedures_are_Cores_breakdown_sorted_by_points_lost_and_a_group_keeps_its_indicators()
    {
        var month = host.PreviousMonth;
        var district = await BusiestDistrictAsync(month);
        var book = host.Book(month, host.Now);
        var tree = book.Tree();
        var expected = ProcedureBreakdown.Split(book.State.Live, tree.Subtree(district).ToHashSet(StringComparer.Ordinal), tree, book.Catalogue(), month, book.E, book.Rules)
            .Where(s => s.Indicators.Count > 0)
            .ToDictionary(s => s.ProcedureId ?? "", s => Output.Round(s.PointsLost), StringComparer.Ordinal);

        var all = (await host.GetJsonAsync($"api/procedures?period={month.Label}&unitId={district}")).GetProperty("procedures").EnumerateArray().ToList();
        var progress = (await host.GetJsonAsync($"api/procedures?period={month.Label}&unitId={district}&group=progress")).GetProperty("procedures").EnumerateArray().ToList();

        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal),
            all.Select(r => KeyValuePair.Create(r.GetProperty("procedureId").GetString() ?? "", r.GetProperty("pointsLost").GetDecimal())).OrderBy(e => e.Key, StringComparer.Ordinal));
        var lost = all.Select(r => r.GetProperty("pointsLost").GetDecimal()).ToList();
        Assert.Equal(lost.OrderDescending(), lost);
        Assert.Contains(lost, l => l > 0);
        Assert.All(progress, r => Assert.Equal(["P1"], r.GetProperty("indicators").EnumerateObject().Select(p => p.Name)));
        Assert.All(progress, r => Assert.Equal(r.GetProperty("groups").GetProperty("progress").GetDecimal(), r.GetProperty("pointsLost").GetDecimal()));
    }

    [Fact]
    public async Task Handling_times_are_the_received_to_completed_days_of_the_dossiers_handled_in_the_period()
    {
        var month = host.PreviousMonth;
        var district = await BusiestDistrictAsync(month);
        var book = host.Book(month, host.Now);
        var subtree = book.Tree().Subtree(district).ToHashSet(StringComparer.Ordinal);
        var days = book.State.Live.Select(r => r.Data).OfType<DossierData>().Where(d => subtree.Contains(d.UnitId))
            .Select(d => HandlingTimes.DaysOf(d, month, book.E)).OfType<decimal>().ToList();
        var expected = HandlingTimeDocument.Of(HandlingTimes.Of(days));

        var served = await host.GetJsonAsync($"api/handling-times?period={month.Label}&unitId={district}");
        var unit = served.GetProperty("handlingTime");
        var procedures = served.GetProperty("procedures").EnumerateArray().ToList();
        var children = served.GetProperty("units").EnumerateArray().ToList();

        Assert.True(expected.Handled > 0);
        Assert.Equal(expected, new HandlingTimeDocument(unit.GetProperty("handled").GetInt32(), unit.GetProperty("averageDays").GetDecimal(),
            unit.GetProperty("medianDays").GetDecimal(), unit.GetProperty("p90Days").GetDecimal()));
        Assert.True(expected.MedianDays <= expected.P90Days);
        Assert.Equal(expected.Handled, procedures.Sum(p => p.GetProperty("handlingTime").GetProperty("handled").GetInt32()));
        Assert.Equal(book.Tree().ChildrenOf(district).Order(StringComparer.Ordinal), children.Select(c => c.GetProperty("unitId").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Score_delta_is_the_change_against_the_previous_month_and_null_before_the_first_month_with_data()
    {
        var month = host.PreviousMonth;
        var current = await host.GetAsync<ScoreDocument>($"api/scores?period={month.Label}");
        var previous = await host.GetAsync<ScoreDocument>($"api/scores?period={month.Previous().Label}");
        var first = Period.MonthOf(host.Today.AddDays(-60));
        var firstMonth = await host.GetAsync<ScoreDocument>($"api/scores?period={first.Label}");
        var range = await host.GetAsync<ScoreDocument>($"api/scores?period={ApiHost.Label(Period.Range(host.Today.AddDays(-20), host.Today.AddDays(-5)))}");
        var before = previous.Units.ToDictionary(u => u.UnitId);

        Assert.All(current.Units, u =>
        {
            Assert.Equal(month.Previous().Label, u.ScoreDelta!.PreviousPeriod);
            Assert.Equal(u.Total - before[u.UnitId].Total, u.ScoreDelta.Total);
            Assert.All(Groups.All, g => Assert.Equal(u.Groups[g] - before[u.UnitId].Groups[g], u.ScoreDelta.Groups[g]));
            Assert.All(IndexRules.Codes, c => Assert.Equal(u.Indicators[c].Points - before[u.UnitId].Indicators[c].Points, u.ScoreDelta.Indicators[c]));
        });
        Assert.Contains(current.Units, u => u.ScoreDelta!.Total != 0);
        var ranking = await host.GetJsonAsync($"api/rankings?period={month.Label}&level=district");
        var now = current.Units.ToDictionary(u => u.UnitId);
        Assert.All(ranking.GetProperty("units").EnumerateArray(), r =>
            Assert.Equal(now[r.GetProperty("unitId").GetString()!].ScoreDelta!.Total, r.GetProperty("scoreDelta").GetProperty("total").GetDecimal()));
        Assert.All(firstMonth.Units, u => Assert.Null(u.ScoreDelta));
        Assert.All(range.Units, u => Assert.Null(u.ScoreDelta));
    }

    [Fact]
    public async Task Compare_serves_the_units_score_entries_side_by_side_in_the_order_asked()
    {
        var month = host.PreviousMonth.Label;
        var districts = (await host.GetAsync<ScoreDocument>($"api/scores?period={month}&level=district")).Units.Take(3).ToList();

        var compared = await host.GetAsync<CompareResponse>($"api/compare?period={month}&unitId={districts[2].UnitId}&unitId=qna&unitId={districts[0].UnitId}");
        var province = (await host.GetAsync<ScoreDocument>($"api/scores?period={month}&unitId=qna")).Units.Single();

        Assert.Equal([districts[2].UnitId, "qna", districts[0].UnitId], compared.Units.Select(u => u.UnitId));
        Assert.Equal(JsonSerializer.Serialize(province, ScoreJson.Options), JsonSerializer.Serialize(compared.Units[1], ScoreJson.Options));
        Assert.NotNull(compared.Units[0].ScoreDelta);
    }

    [Theory]
    [InlineData("api/compare?unitId=qna", "Invalid unitId")]
    [InlineData("api/compare?unitId=qna&unitId=qna", "Invalid unitId")]
    [InlineData("api/compare?unitId=qna&unitId=no-such-unit", "Unknown unit")]
    [InlineData("api/compare?period=2024-13&unitId=qna&unitId=qna", "Invalid period")]
    [InlineData("api/procedures?unitId=no-such-unit", "Unknown unit")]
    [InlineData("api/procedures?group=speed", "Invalid group")]
    [InlineData("api/procedures?sort=size", "Invalid sort")]
    [InlineData("api/procedures?period=last-year", "Invalid period")]
    [InlineData("api/handling-times?unitId=no-such-unit", "Unknown unit")]
    [InlineData("api/handling-times?period=2024-Q5", "Invalid period")]
    [InlineData("api/scores?format=pdf", "Invalid format")]
    [InlineData("api/late-dossiers?format=pdf", "Invalid format")]
    public async Task Bad_drill_down_requests_are_400_problem_details(string url, string title)
    {
        using var response = await host.GetAsync(url);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_drill_downs_and_the_Excel_exports()
    {
        var paths = (await host.GetJsonAsync("openapi/v1.json")).GetProperty("paths");
        static JsonElement Parameter(JsonElement operation, string name) =>
            operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
        static IEnumerable<string?> Choices(JsonElement parameter) =>
            parameter.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString());

        var procedures = paths.GetProperty("/api/procedures").GetProperty("get");
        var compare = paths.GetProperty("/api/compare").GetProperty("get");
        var scores = paths.GetProperty("/api/scores").GetProperty("get");
        var late = paths.GetProperty("/api/late-dossiers").GetProperty("get");

        Assert.Equal(["pointsLost", "name", "handled", "medianDays"], Choices(Parameter(procedures, "sort")));
        Assert.Equal(Groups.All, Choices(Parameter(procedures, "group")));
        Assert.True(paths.GetProperty("/api/handling-times").GetProperty("get").GetProperty("responses").TryGetProperty("400", out _));
        Assert.Equal("array", Parameter(compare, "unitId").GetProperty("schema").GetProperty("type").GetString());
        Assert.True(Parameter(compare, "unitId").GetProperty("required").GetBoolean());
        Assert.Equal(["json", "xlsx"], Choices(Parameter(scores, "format")));
        Assert.Equal(["json", "csv", "xlsx"], Choices(Parameter(late, "format")));
        Assert.True(scores.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty(Xlsx.ContentType, out _));
        Assert.True(late.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty(Xlsx.ContentType, out _));
    }

    [Fact]
    public async Task The_score_workbook_has_a_summary_and_one_sheet_per_group_with_the_JSONs_numbers()
    {
        var month = host.PreviousMonth.Label;
        var json = await host.GetAsync<ScoreDocument>($"api/scores?period={month}&level=district");
        using var response = await host.GetAsync($"api/scores?period={month}&level=district&format=xlsx");
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"diem-766-{month}-district.xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(["Tổng hợp", "Công khai, minh bạch", "Tiến độ giải quyết", "Dịch vụ trực tuyến, thanh toán", "Số hóa hồ sơ", "Mức độ hài lòng"],
            workbook.Worksheets.Select(w => w.Name));
        var summary = workbook.Worksheet("Tổng hợp");
        Assert.Equal("Tên đơn vị", summary.Cell(1, 2).GetString());
        Assert.Equal("Tổng điểm", summary.Cell(1, 5).GetString());
        Assert.Equal(json.Units.Count + 1, summary.LastRowUsed().RowNumber());
        for (var i = 0; i < json.Units.Count; i++)
        {
            var u = json.Units[i];
            var row = summary.Row(i + 2);
            Assert.Equal(u.UnitId, row.Cell(1).GetString());
            Assert.Equal(u.Name, row.Cell(2).GetString());
            Assert.Equal("Cấp huyện", row.Cell(3).GetString());
            Assert.Equal(XLDataType.Number, row.Cell(5).DataType);
            Assert.Equal(u.Total, row.Cell(5).GetValue<decimal>());
            Assert.Equal(Ratings.VietnameseName(u.Rating), row.Cell(6).GetString());
            Assert.Equal(u.Groups["progress"], row.Cell(8).GetValue<decimal>());
            Assert.Equal(u.ScoreDelta!.Total, row.Cell(12).GetValue<decimal>());

            var digitisation = workbook.Worksheet("Số hóa hồ sơ").Row(i + 2);
            Assert.Equal(u.Groups["digitisation"], digitisation.Cell(4).GetValue<decimal>());
            Assert.Equal(u.Indicators["D2"].Points, digitisation.Cell(8).GetValue<decimal>());
            Assert.Equal(u.Indicators["D2"].Numerator, digitisation.Cell(9).GetValue<long>());
            Assert.Equal(u.Indicators["D2"].Denominator, digitisation.Cell(10).GetValue<long>());
        }

        Assert.Equal("D2 – Số hóa hồ sơ và kết quả: điểm", workbook.Worksheet("Số hóa hồ sơ").Cell(1, 8).GetString());
    }

    [Fact]
    public async Task The_late_dossier_workbook_holds_every_row_with_days_late_as_numbers()
    {
        var month = host.PreviousMonth.Label;
        var json = await host.GetJsonAsync($"api/late-dossiers?period={month}&limit=1000");
        var items = json.GetProperty("items").EnumerateArray().ToList();
        using var response = await host.GetAsync($"api/late-dossiers?period={month}&format=xlsx");
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet("Hồ sơ trễ hạn");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(LateDossiersXlsx.Headers, sheet.Row(1).Cells(1, LateDossiersXlsx.Headers.Count).Select(c => c.GetString()));
        Assert.NotEmpty(items);
        Assert.Equal(items.Count + 1, sheet.LastRowUsed().RowNumber());
        for (var i = 0; i < items.Count; i++)
        {
            var row = sheet.Row(i + 2);
            Assert.Equal(items[i].GetProperty("dossierId").GetString(), row.Cell(1).GetString());
            Assert.Equal(items[i].GetProperty("unitName").GetString(), row.Cell(4).GetString());
            Assert.Equal(XLDataType.Number, row.Cell(13).DataType);
            Assert.Equal(items[i].GetProperty("daysLate").GetInt32(), row.Cell(13).GetValue<int>());
            var due = Rfc3339.TryParse(items[i].GetProperty("dueAt").GetString()!, out var d) ? VietnamTime.ToVietnam(d).DateTime : default;
            Assert.Equal(due, row.Cell(9).GetDateTime());
        }
    }
}
