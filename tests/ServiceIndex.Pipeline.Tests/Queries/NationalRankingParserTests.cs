using System.Text;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Pipeline.Tests.Queries;

public sealed class NationalRankingParserTests
{
    private const string Header = "province,transparency,progress,onlineServices,digitisation,satisfaction";

    private static NationalRankingParser.Result Csv(string text) => NationalRankingParser.Parse(Encoding.UTF8.GetBytes(text), json: false, IndexRules.Default);

    private static NationalRankingParser.Result Json(string text) => NationalRankingParser.Parse(Encoding.UTF8.GetBytes(text), json: true, IndexRules.Default);

    [Fact]
    public void A_CSV_table_is_read_with_totals_and_shared_ranks_in_any_column_order()
    {
        var result = Csv("satisfaction,province,transparency,progress,onlineServices,digitisation,isSelf,total\n" +
                         "17,Đà Nẵng,17,19,20,19,,92\n16,Quảng Nam,16,18,20,22,TRUE,92\n10,Kon Tum,10,10,10,10,0,50\n");

        Assert.Empty(result.Errors);
        Assert.Equal(["Quảng Nam", "Đà Nẵng", "Kon Tum"], result.Provinces!.Select(p => p.Province));
        Assert.Equal([1, 1, 3], result.Provinces!.Select(p => p.Rank));
        Assert.Equal(92m, result.Provinces![0].Total);
        Assert.True(result.Provinces![0].IsSelf);
        Assert.Equal(22m, result.Provinces![0].Groups[Groups.Digitisation]);
    }

    [Fact]
    public void Semicolon_separated_tables_with_decimal_commas_are_read_as_spreadsheets_write_them()
    {
        var result = Csv("province;transparency;progress;onlineServices;digitisation;satisfaction\r\nHuế;16,25;19,5;20;18,75;17\r\n");

        Assert.Empty(result.Errors);
        Assert.Equal(91.5m, result.Provinces!.Single().Total);
    }

    [Fact]
    public void Quoted_names_may_hold_commas_quotes_and_line_breaks_and_later_lines_keep_their_numbers()
    {
        var result = Csv($"{Header}\n\"Tỉnh \"\"A\"\", phía bắc\",1,1,1,1,1\n\"Tỉnh\nB\",1,1,1,1,1\nC,1,x,1,1,1\n");

        // The second name holds a line break: valid CSV, but not a province name.
        Assert.Equal([(3, 1, "province"), (5, 3, "progress")], result.Errors.Select(e => (e.Line, e.Column, e.Field)));
    }

    [Fact]
    public void Every_bad_value_is_reported_with_its_line_and_column()
    {
        var result = Csv($"{Header}\n,1,1,1,1,1\nA,-1,1,1,1,1\nB,1,21,1,1,1\nC,1,1,1,1,1.2.3\nD,1,1,1,1\n");

        Assert.Equal([(2, 1), (3, 2), (4, 3), (5, 6), (6, 6)], result.Errors.Select(e => (e.Line, e.Column)));
        Assert.Contains("empty", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("outside 0 to 20", result.Errors[2].Message, StringComparison.Ordinal);
        Assert.Null(result.Provinces);
    }

    [Fact]
    public void A_total_that_does_not_match_the_groups_is_refused()
    {
        var result = Csv($"{Header},total\nA,1,1,1,1,1,7\n");

        Assert.Equal((2, 7, "total"), (result.Errors.Single().Line, result.Errors.Single().Column, result.Errors.Single().Field));
    }

    [Fact]
    public void The_same_province_twice_is_refused_even_written_differently()
    {
        var result = Csv($"{Header}\nTỉnh Quảng Nam,1,1,1,1,1\n quảng  nam ,1,1,1,1,1\n");

        Assert.Contains("appears twice (first on line 2)", result.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(NationalRankingParser.NameKey("Quảng Nam"), NationalRankingParser.NameKey("TỈNH  QUẢNG NAM"));
    }

    [Fact]
    public void Invalid_UTF8_is_refused_with_its_place()
    {
        var bytes = Encoding.UTF8.GetBytes($"{Header}\nA,1,1,1,1,1\n").Concat(new byte[] { 0x42, 0xC3, 0x28 }).ToArray();

        var error = NationalRankingParser.Parse(bytes, json: false, IndexRules.Default).Errors.Single();

        Assert.Equal((3, 2), (error.Line, error.Column));
    }

    [Fact]
    public void A_JSON_table_is_read_and_its_errors_point_at_the_value()
    {
        const string good = """{"period":"2024","provinces":[{"province":"A","isSelf":true,"groups":{"transparency":1,"progress":2,"onlineServices":3,"digitisation":4,"satisfaction":5},"total":15,"rank":1}]}""";
        const string bad = "{\"period\":\"2024\",\"provinces\":[\n {\"province\":\"Ấ\",\"groups\":{\"transparency\":1,\"progress\":\"2\",\"onlineServices\":3,\"digitisation\":4,\"satisfaction\":5}},\n {\"province\":\"B\",\"color\":\"red\",\"groups\":{}}]}";

        var ok = Json(good);
        var errors = Json(bad).Errors;

        Assert.Equal("2024", ok.Period);
        Assert.Equal(15m, ok.Provinces!.Single().Total);
        var places = errors.Select(e => (e.Line, e.Column, e.Field)).ToList();
        Assert.Equal((2, 56, "provinces[0].groups.progress"), places[0]);
        Assert.Contains((3, 41, "provinces[1].groups.transparency"), places);
        Assert.Contains((3, 26, "provinces[1].color"), places);
    }

    [Theory]
    [InlineData("[1,2]", "Expected a JSON object")]
    [InlineData("{\"period\":\"2024\"}", "no \"provinces\" array")]
    [InlineData("{\"provinces\":[{\"province\":\"A\"", "Not valid JSON")]
    [InlineData("{\"provinces\":{}}", "provinces must be an array")]
    public void Malformed_JSON_is_explained(string json, string message)
    {
        Assert.Contains(message, Json(json).Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_a_hundred_provinces_are_refused()
    {
        var rows = string.Concat(Enumerable.Range(1, 101).Select(i => $"P{i},1,1,1,1,1\n"));

        Assert.Contains("At most 100", Csv($"{Header}\n{rows}").Errors.Single().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  {\"a\":1}", true)]
    [InlineData("\uFEFF{\"a\":1}", true)]
    [InlineData("province,transparency", false)]
    [InlineData("", false)]
    public void JSON_is_recognised_by_its_first_character(string body, bool json)
    {
        Assert.Equal(json, NationalRankingParser.LooksLikeJson(Encoding.UTF8.GetBytes(body)));
    }
}
