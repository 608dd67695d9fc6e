using System.Net;
using System.Text;
using System.Text.Json;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Host.Tests.Api;

[Collection(ApiHostCollection.Name)]
public sealed class AdminApiTests(ApiHost host)
{
    private const string Header = "province,transparency,progress,onlineServices,digitisation,satisfaction";

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "api/admin/recompute" },
        { "POST", "api/admin/replay" },
        { "POST", "api/admin/replay?day=2026-11-18" },
        { "POST", "api/admin/redrive-poison" },
        { "PUT", "api/admin/national-ranking?period=2024" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Admin_endpoints_answer_401_without_credentials_and_403_with_wrong_ones(string method, string url)
    {
        using var none = await host.AdminAsync(new HttpMethod(method), url, Csv($"{Header}\nA,1,1,1,1,1\n"), key: null);
        using var wrong = await host.AdminAsync(new HttpMethod(method), url, Csv($"{Header}\nA,1,1,1,1,1\n"), key: "not-the-key");

        await Problems.AssertAsync(none, HttpStatusCode.Unauthorized, "X-Api-Key");
        Assert.Contains("X-Api-Key", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await Problems.AssertAsync(wrong, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Recompute_with_the_key_reports_no_differences()
    {
        using var response = await host.AdminAsync(HttpMethod.Post, "api/admin/recompute");
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("differences").GetInt32());
        Assert.True(report.GetProperty("records").GetInt64() > 0);
    }

    [Fact]
    public async Task Replay_applies_the_archive_again_and_changes_nothing()
    {
        var before = await host.GetAsync<ScoreDocument>($"api/scores?period={host.PreviousMonth.Label}");

        using var response = await host.AdminAsync(HttpMethod.Post, "api/admin/replay");
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var after = await host.GetAsync<ScoreDocument>($"api/scores?period={host.PreviousMonth.Label}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(report.GetProperty("blobs").GetInt32() > 0);
        Assert.Equal(0, report.GetProperty("applied").GetInt32());
        Assert.Equal(JsonSerializer.Serialize(before.Units, ScoreJson.Options), JsonSerializer.Serialize(after.Units, ScoreJson.Options));
    }

    [Fact]
    public async Task A_valid_CSV_ranking_is_stored_and_answered_parsed_with_totals_and_ranks()
    {
        var csv = $"\uFEFF{Header},isSelf\r\nĐà Nẵng,17.5,19.9,20.1,19,17.2,\r\n\"Quảng Nam\",15.25,18,16.5,14.75,16,x\r\nHà Nội,17,19,21,20,16.7,no\r\n";

        using var response = await host.AdminAsync(HttpMethod.Put, "api/admin/national-ranking?period=2019", Csv(csv));
        var table = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2019", table.GetProperty("period").GetString());
        var provinces = table.GetProperty("provinces").EnumerateArray().ToList();
        Assert.Equal(["Hà Nội", "Đà Nẵng", "Quảng Nam"], provinces.Select(p => p.GetProperty("province").GetString()));
        Assert.Equal([93.7m, 93.7m, 80.5m], provinces.Select(p => p.GetProperty("total").GetDecimal()));
        Assert.Equal([1, 1, 3], provinces.Select(p => p.GetProperty("rank").GetInt32()));
        Assert.True(provinces[2].GetProperty("isSelf").GetBoolean());

        // The answer is itself a valid JSON import.
        using var again = await host.AdminAsync(HttpMethod.Put, "api/admin/national-ranking",
            new StringContent(table.GetRawText(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task An_invalid_CSV_ranking_is_a_400_naming_the_line_and_column_of_every_bad_value()
    {
        var csv = $"{Header}\nĐà Nẵng,17.5,19.9,20.1,19,17.2\nHuế,16,1x,20,19,17\nHà Nội,19.5,19,21,20,16.7\nHuế,16,19,20,19\n";

        using var response = await host.AdminAsync(HttpMethod.Put, "api/admin/national-ranking?period=2019", Csv(csv));
        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "Line 3, column 3 (progress): '1x' is not a number");
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetInt32(), e.GetProperty("message").GetString()!)).ToList();

        Assert.Equal([(3, 3), (4, 2), (5, 6)], errors.Select(e => (e.Item1, e.Item2)));
        Assert.Contains("outside 0 to 18", errors[1].Item3, StringComparison.Ordinal);
        Assert.Contains("Expected 6 values", errors[2].Item3, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("province,transparency,progress,online,digitisation,satisfaction\nA,1,1,1,1,1\n", "Line 1, column 4 (online): Unknown column")]
    [InlineData("province,transparency,progress,onlineServices,digitisation\nA,1,1,1,1\n", "no column 'satisfaction'")]
    [InlineData("", "The CSV is empty")]
    [InlineData("province,transparency,progress,onlineServices,digitisation,satisfaction,isSelf\nA,1,1,1,1,1,yes\nB,1,1,1,1,1,true\n", "Line 3, column 1 (isSelf): Only one province")]
    [InlineData("province,transparency,progress,onlineServices,digitisation,satisfaction\nA,1,1,1,1,1\na,2,2,2,2,2\n", "appears twice (first on line 2)")]
    public async Task Malformed_CSV_tables_are_refused_with_the_place_of_the_problem(string csv, string detail)
    {
        using var response = await host.AdminAsync(HttpMethod.Put, "api/admin/national-ranking?period=2019", Csv(csv));

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, detail);
    }

    [Theory]
    [InlineData("{\"period\":\"2019\",\"provinces\":[{\"province\":\"A\",\"groups\":{\"transparency\":1,\"progress\":1}", "Line 1, column")]
    [InlineData("{\"period\":\"2019\",\n \"provinces\": [\n  {\"province\": \"A\", \"groups\": {\"transparency\": 19, \"progress\": 1, \"onlineServices\": 1, \"digitisation\": 1, \"satisfaction\": 1}}]}",
        "Line 3, column 48 (provinces[0].groups.transparency): transparency is 19, outside 0 to 18")]
    [InlineData("{\"period\":\"2019\",\"provinces\":[{\"province\":\"A\",\"groups\":{\"transparancy\":1}}]}", "Unknown group 'transparancy'")]
    [InlineData("{\"provinces\":[{\"province\":\"A\",\"groups\":{\"transparency\":1,\"progress\":1,\"onlineServices\":1,\"digitisation\":1,\"satisfaction\":1}}]}",
        "The period is missing")]
    [InlineData("{\"period\":\"2019-01-01..2019-01-31\",\"provinces\":[{\"province\":\"A\",\"groups\":{\"transparency\":1,\"progress\":1,\"onlineServices\":1,\"digitisation\":1,\"satisfaction\":1}}]}",
        "not a day range")]
    public async Task Malformed_JSON_tables_are_refused_with_the_place_of_the_problem(string json, string detail)
    {
        using var response = await host.AdminAsync(HttpMethod.Put, "api/admin/national-ranking",
            new StringContent(json, Encoding.UTF8, "application/json"));

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_and_an_unknown_media_type_a_415()
    {
        using var large = await host.AdminAsync(HttpMethod.Put, "api/admin/national-ranking?period=2019",
            new ByteArrayContent(new byte[(5 * 1024 * 1024) + 1]) { Headers = { ContentType = new("text/csv") } });
        using var xml = await host.AdminAsync(HttpMethod.Put, "api/admin/national-ranking?period=2019",
            new StringContent("<ranking/>", Encoding.UTF8, "application/xml"));

        await Problems.AssertAsync(large, HttpStatusCode.RequestEntityTooLarge, "KiB");
        await Problems.AssertAsync(xml, HttpStatusCode.UnsupportedMediaType, "text/csv");
    }

    private static StringContent Csv(string text) => new(text, new UTF8Encoding(false), "text/csv");
}
