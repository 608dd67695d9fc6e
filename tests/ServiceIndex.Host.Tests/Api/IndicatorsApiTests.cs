using System.Net;
using System.Text.Json;
using ServiceIndex.Core.Scoring;

namespace ServiceIndex.Host.Tests.Api;

/// <summary><c>GET /api/indicators</c>: the catalogue the dashboard and the exports name and scale everything from.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class IndicatorsApiTests(ApiHost host)
{
    [Fact]
    public async Task The_catalogue_lists_every_indicator_with_its_group_bar_name_max_and_threshold()
    {
        var served = await host.GetAsync<JsonElement>("api/indicators");

        var indicators = served.GetProperty("indicators").EnumerateArray().ToList();
        Assert.Equal(IndexRules.Codes, indicators.Select(i => i.GetProperty("code").GetString()));
        foreach (var (json, expected) in indicators.Zip(IndicatorCatalogue.Default.Indicators))
        {
            Assert.Equal(expected.Group, json.GetProperty("group").GetString());
            Assert.Equal(expected.Bar, json.GetProperty("bar").GetString());
            Assert.Equal(expected.Name, json.GetProperty("name").GetString());
            Assert.Equal(expected.Max, json.GetProperty("max").GetDecimal());
            Assert.Equal(expected.Threshold, json.GetProperty("threshold").GetDecimal());
        }
    }

    [Fact]
    public async Task The_catalogue_gives_the_groups_and_bars_with_their_maxima_and_the_total()
    {
        var served = await host.GetAsync<JsonElement>("api/indicators");

        Assert.Equal(100m, served.GetProperty("maxTotal").GetDecimal());
        Assert.Equal(Groups.All, served.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()));
        Assert.Equal(["Công khai, minh bạch", "Tiến độ giải quyết", "Dịch vụ trực tuyến, thanh toán", "Số hóa hồ sơ", "Mức độ hài lòng"],
            served.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal([18m, 20m, 12m, 10m, 22m, 18m], served.GetProperty("bars").EnumerateArray().Select(b => b.GetProperty("max").GetDecimal()));
    }

    [Fact]
    public async Task The_catalogues_maxima_are_those_the_score_document_carries()
    {
        var catalogue = await host.GetAsync<JsonElement>("api/indicators");
        var scores = await host.GetAsync<ScoreDocument>($"api/scores?period={host.PreviousMonth.Label}&unitId=qna");

        var maxima = catalogue.GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!, i => i.GetProperty("max").GetDecimal());
        Assert.All(scores.Units.Single().Indicators, pair => Assert.Equal(maxima[pair.Key], pair.Value.Max));
    }

    [Fact]
    public async Task The_catalogue_carries_a_strong_etag_and_revalidates_to_304()
    {
        using var first = await host.Http.GetAsync("api/indicators");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.ETag!.IsWeak);

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/indicators");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag);
        using var second = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }
}
