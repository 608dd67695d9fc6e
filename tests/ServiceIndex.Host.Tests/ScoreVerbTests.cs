using System.Text.Json;

namespace ServiceIndex.Host.Tests;

/// <summary>The <c>score</c> verb of interfaces.md, through the real executable.</summary>
public sealed class ScoreVerbTests
{
    private const string Province =
        """
        {"kind":"unit","id":"qna","version":1,"changedAt":"2024-01-01T00:00:00+07:00","data":{"name":"Tỉnh Quảng Nam","level":"province","parentId":null}}
        {"kind":"unit","id":"dl","version":1,"changedAt":"2024-01-01T00:00:00+07:00","data":{"name":"UBND huyện Đại Lộc","level":"district","parentId":"qna"}}
        {"kind":"unit","id":"dh","version":1,"changedAt":"2024-01-01T00:00:00+07:00","data":{"name":"UBND xã Đại Hiệp","level":"commune","parentId":"dl","eCertifiedCopy":true}}
        {"kind":"procedure","id":"ks","version":1,"changedAt":"2024-01-01T00:00:00+07:00","data":{"name":"Đăng ký khai sinh","field":"ho-tich","unitIds":["dh"],"announcedOnTime":true,"publishedOnTime":true,"publishedComplete":true,"onlineLevel":"full","feeRequired":false,"onlinePaymentEnabled":false}}
        {"kind":"dossier","id":"a","version":2,"changedAt":"2024-04-12T00:00:00+07:00","data":{"code":"A","unitId":"dh","procedureId":"ks","channel":"online","receivedAt":"2024-04-10T08:00:00+07:00","dueAt":"2024-04-11T17:00:00+07:00","completedAt":"2024-04-12T09:00:00+07:00","status":"completed","syncedToNationalPortal":true,"componentsDigitized":true,"resultDigitized":true,"reusedDigitalData":false,"linkedToCitizenStore":false,"usedPopulationData":false,"feeRequired":false,"paidOnline":false,"rating":null}}
        {"kind":"dossier","id":"a","version":1,"changedAt":"2024-04-10T08:00:00+07:00","data":{"code":"A","unitId":"dh","procedureId":"ks","channel":"online","receivedAt":"2024-04-10T08:00:00+07:00","dueAt":"2024-04-11T17:00:00+07:00","completedAt":null,"status":"processing","syncedToNationalPortal":false,"componentsDigitized":true,"resultDigitized":false,"reusedDigitalData":false,"linkedToCitizenStore":false,"usedPopulationData":false,"feeRequired":false,"paidOnline":false,"rating":null}}
        {"kind":"dossier","id":"b","version":1,"changedAt":"2024-04-10T08:00:00+07:00","data":{"code":"B","unitId":"dh","procedureId":"ks","channel":"direct","receivedAt":"2024-04-10T08:00:00+07:00","dueAt":"2024-04-20T17:00:00+07:00","completedAt":"2024-04-15T09:00:00+07:00","status":"completed","syncedToNationalPortal":true,"componentsDigitized":false,"resultDigitized":false,"reusedDigitalData":false,"linkedToCitizenStore":false,"usedPopulationData":false,"feeRequired":false,"paidOnline":false,"rating":"satisfied"}}
        """;

    private const string BadLines =
        """
        this is not json
        {"kind":"dossier","id":"c","version":0,"changedAt":"2024-04-10T08:00:00+07:00","data":{}}

        """;

    [Fact]
    public async Task Score_prints_the_score_document_for_every_unit_with_each_subtree_scored()
    {
        var result = await Cli.RunAsync("score", "--input", Cli.TempFile(Province), "--period", "2024-04", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal("2024-04", root.GetProperty("period").GetProperty("label").GetString());
        Assert.Equal("2024-04-01", root.GetProperty("period").GetProperty("from").GetString());
        Assert.Equal("2024-04-30", root.GetProperty("period").GetProperty("to").GetString());
        Assert.Equal("2024-04-30T23:59:59+07:00", root.GetProperty("asOf").GetString());
        var units = root.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetString()!);
        Assert.Equal(["dh", "dl", "qna"], units.Keys.Order());
        var province = units["qna"];
        Assert.Equal(JsonValueKind.Null, province.GetProperty("parentId").ValueKind);
        Assert.Equal("Tỉnh Quảng Nam", province.GetProperty("name").GetString());

        // P1: one of two handled on time → 20 × 1/2 = 10; T4: both synced → 6.
        var p1 = province.GetProperty("indicators").GetProperty("P1");
        Assert.Equal((1, 2, 10m), (p1.GetProperty("numerator").GetInt64(), p1.GetProperty("denominator").GetInt64(), p1.GetProperty("points").GetDecimal()));
        Assert.Equal(6m, province.GetProperty("indicators").GetProperty("T4").GetProperty("points").GetDecimal());
        Assert.Equal(["digitisation", "onlineServices", "progress", "satisfaction", "transparency"],
            province.GetProperty("groups").EnumerateObject().Select(g => g.Name).Order());
        Assert.Equal(21, province.GetProperty("indicators").EnumerateObject().Count());
        Assert.Equal(units["dh"].GetProperty("total").GetDecimal(), province.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Score_json_carries_the_change_against_the_previous_month_when_the_file_holds_it()
    {
        var file = Cli.TempFile(Province);
        var may = await Cli.RunAsync("score", "--input", file, "--period", "2024-05", "--format", "json");
        var april = await Cli.RunAsync("score", "--input", file, "--period", "2024-04", "--format", "json");
        var mayUnits = JsonDocument.Parse(may.Stdout).RootElement.GetProperty("units").EnumerateArray().ToList();
        var aprilUnits = JsonDocument.Parse(april.Stdout).RootElement.GetProperty("units").EnumerateArray()
            .ToDictionary(u => u.GetProperty("unitId").GetString()!);

        Assert.All(mayUnits, u =>
        {
            var delta = u.GetProperty("scoreDelta");
            var before = aprilUnits[u.GetProperty("unitId").GetString()!];
            Assert.Equal("2024-04", delta.GetProperty("previousPeriod").GetString());
            Assert.Equal(u.GetProperty("total").GetDecimal() - before.GetProperty("total").GetDecimal(), delta.GetProperty("total").GetDecimal());
            Assert.Equal(u.GetProperty("indicators").GetProperty("P1").GetProperty("points").GetDecimal() -
                         before.GetProperty("indicators").GetProperty("P1").GetProperty("points").GetDecimal(),
                delta.GetProperty("indicators").GetProperty("P1").GetDecimal());
        });
        Assert.Contains(mayUnits, u => u.GetProperty("scoreDelta").GetProperty("total").GetDecimal() != 0);

        // March lies before every record of the file: no previous period to compare April with.
        Assert.All(aprilUnits.Values, u => Assert.Equal(JsonValueKind.Null, u.GetProperty("scoreDelta").ValueKind));
    }

    [Fact]
    public async Task Bad_lines_are_reported_with_line_number_and_reason_and_skipped_with_exit_code_0()
    {
        var result = await Cli.RunAsync("score", "--input", Cli.TempFile(Province + "\n" + BadLines), "--period", "2024-04");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("line 8: InvalidJson", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 9: VersionBelowOne at 'version' (dossier/c)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 rejected", result.Stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("units").GetArrayLength());
    }

    [Fact]
    public async Task Strict_mode_exits_non_zero_when_any_line_was_bad()
    {
        var result = await Cli.RunAsync("score", "--input", Cli.TempFile(Province + "\n" + BadLines), "--period", "2024-04", "--strict");
        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task Strict_mode_exits_0_when_every_line_was_good()
    {
        var result = await Cli.RunAsync("score", "--input", Cli.TempFile(Province), "--period", "2024-04", "--strict");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_exits_with_code_1_and_says_why()
    {
        var result = await Cli.RunAsync("score", "--input", "/nonexistent/feed.jsonl", "--period", "2024-04");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_period_is_refused_with_exit_code_2_and_the_accepted_forms()
    {
        var result = await Cli.RunAsync("score", "--input", Cli.TempFile(Province), "--period", "April");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("2023-Q2", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_has_one_row_per_unit_with_identity_total_rating_groups_and_every_indicator()
    {
        var result = await Cli.RunAsync("score", "--input", Cli.TempFile(Province), "--period", "2024-04", "--format", "csv");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("unitId,name,level,parentId,total,rating,transparency,progress,onlineServices,digitisation,satisfaction,T1,T2,T3,T4,P1,O1,O2,O3,M1,M2,M3,D1,D2,D3,D4,D5,D6,D7,S1,S2,S3", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("qna,Tỉnh Quảng Nam,province,,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_of_before_the_period_end_evaluates_open_dossiers_at_that_moment()
    {
        // At 2024-04-11T12:00 dossier a is open and still within its deadline: P1 = 2 of 2.
        var result = await Cli.RunAsync("score", "--input", Cli.TempFile(Province), "--period", "2024-04", "--as-of", "2024-04-11T12:00:00+07:00");
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal("2024-04-11T12:00:00+07:00", doc.RootElement.GetProperty("asOf").GetString());
        var p1 = doc.RootElement.GetProperty("units").EnumerateArray().First().GetProperty("indicators").GetProperty("P1");
        Assert.Equal((2, 2), (p1.GetProperty("numerator").GetInt64(), p1.GetProperty("denominator").GetInt64()));
    }

    /// <summary>The "Supplements" worked example of index-766.md as feed lines (dossiers A–F, all due 2024-04-20 17:00 but F).</summary>
    private static string SupplementsExample()
    {
        const string Head = """{"kind":"dossier","id":"{0}","version":1,"changedAt":"2024-05-03T09:00:00+07:00","data":{"code":"{0}","unitId":"dh","procedureId":"ks","channel":"direct","receivedAt":"{1}","dueAt":"{2}","completedAt":{3},"status":"{4}","syncedToNationalPortal":true,"componentsDigitized":false,"resultDigitized":false,"reusedDigitalData":false,"linkedToCitizenStore":false,"usedPopulationData":false,"feeRequired":false,"paidOnline":false,"rating":null,"supplements":[{5}]}}""";
        static string S(string requested, string? resumed) =>
            "{\"requestedAt\":\"" + requested + "+07:00\",\"resumedAt\":" + (resumed is null ? "null" : "\"" + resumed + "+07:00\"") + "}";
        string Line(string id, string received, string due, string? completed, string status, params string[] supplements) =>
            Head.Replace("{0}", id, StringComparison.Ordinal).Replace("{1}", received + "+07:00", StringComparison.Ordinal)
                .Replace("{2}", due + "+07:00", StringComparison.Ordinal)
                .Replace("{3}", completed is null ? "null" : $"\"{completed}+07:00\"", StringComparison.Ordinal)
                .Replace("{4}", status, StringComparison.Ordinal).Replace("{5}", string.Join(",", supplements), StringComparison.Ordinal);
        const string Due = "2024-04-20T17:00:00";
        var lines = Province.Split('\n').Take(4).ToList();
        lines.Add(Line("A", "2024-04-01T08:00:00", Due, "2024-04-23T08:00:00", "completed", S("2024-04-05T08:00:00", "2024-04-10T08:00:00")));
        lines.Add(Line("B", "2024-04-02T08:00:00", Due, null, "suspended", S("2024-04-18T08:00:00", null)));
        lines.Add(Line("C", "2024-04-03T08:00:00", Due, null, "suspended", S("2024-04-08T08:00:00", "2024-04-10T08:00:00"), S("2024-04-16T08:00:00", null)));
        lines.Add(Line("D", "2024-04-04T08:00:00", Due, null, "suspended"));
        lines.Add(Line("E", "2024-04-05T08:00:00", Due, null, "processing", S("2024-04-10T08:00:00", "2024-04-12T08:00:00")));
        lines.Add(Line("F", "2024-04-25T08:00:00", "2024-05-05T17:00:00", null, "suspended", S("2024-05-03T08:00:00", null)));
        return string.Join("\n", lines);
    }

    [Fact]
    public async Task Score_applies_the_portals_supplement_rule_as_in_the_worked_example()
    {
        var result = await Cli.RunAsync("score", "--input", Cli.TempFile(SupplementsExample()), "--period", "2024-04", "--as-of",
            "2024-06-01T00:00:00+07:00", "--strict");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var commune = doc.RootElement.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitId").GetString() == "dh");
        var p1 = commune.GetProperty("indicators").GetProperty("P1");

        // A (on time net of waiting), B (awaiting on time), F (open at e) of A, B, C, E, F; D is out of scope.
        Assert.Equal((3, 5, 12m), (p1.GetProperty("numerator").GetInt64(), p1.GetProperty("denominator").GetInt64(), p1.GetProperty("points").GetDecimal()));
    }

    [Fact]
    public async Task Score_json_gives_O3_the_factor_of_T4s_ratio_and_no_other_indicator_a_factor()
    {
        var result = await Cli.RunAsync("score", "--input", Cli.TempFile(Province), "--period", "2024-04", "--format", "json");
        using var doc = JsonDocument.Parse(result.Stdout);
        var indicators = doc.RootElement.GetProperty("units").EnumerateArray().First().GetProperty("indicators");
        Assert.Equal(1m, indicators.GetProperty("O3").GetProperty("factor").GetDecimal()); // both dossiers synced
        Assert.Equal(["O3"], indicators.EnumerateObject().Where(i => i.Value.TryGetProperty("factor", out _)).Select(i => i.Name));
    }
}
