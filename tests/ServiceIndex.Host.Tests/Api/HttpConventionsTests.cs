using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>ETags and caching, CORS, the OpenAPI document and the API reference page.</summary>
[Collection(ApiHostCollection.Name)]
public sealed partial class HttpConventionsTests(ApiHost host)
{
    public static TheoryData<string> Gets => new()
    {
        "api/units",
        "api/scores?unitId=qna",
        "api/rankings?level=district",
        "api/late-dossiers?limit=5",
        "api/late-dossiers?format=csv",
        "api/due-soon?days=10",
        "api/target",
        "api/trend?unitId=qna",
        "api/dead-letters",
        "openapi/v1.json",
    };

    /// <remarks>
    /// The pipeline keeps refreshing behind the API (every 2 s here), and the current period's content moves with
    /// it: between the two requests the content may legitimately change, and then the answer is a 200 with a new
    /// ETag. So each attempt must be either a 304 with the same ETag or a 200 with another one, and a 304 must come.
    /// </remarks>
    [Theory]
    [MemberData(nameof(Gets))]
    public async Task Every_GET_has_a_strong_ETag_and_If_None_Match_gives_304(string url)
    {
        var notModified = false;
        for (var attempt = 0; attempt < 5 && !notModified; attempt++)
        {
            using var first = await host.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var tag = first.Headers.ETag;
            Assert.NotNull(tag);
            Assert.False(tag.IsWeak);
            Assert.True(first.Headers.CacheControl?.NoCache, "Cache-Control: no-cache");

            using var again = await host.GetAsync(url, r => r.Headers.IfNoneMatch.Add(tag));
            if (again.StatusCode == HttpStatusCode.NotModified)
            {
                Assert.Equal(tag, again.Headers.ETag);
                Assert.Empty(await again.Content.ReadAsByteArrayAsync());
                notModified = true;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
                Assert.NotEqual(tag, again.Headers.ETag); // a 200 to a matching ETag is only right when the content changed
            }
        }

        using var other = await host.GetAsync(url, r => r.Headers.TryAddWithoutValidation("If-None-Match", "\"something-else\""));
        Assert.True(notModified, "If-None-Match with the current ETag answered 304 in one of 5 attempts");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_ETag_changes_with_the_content()
    {
        using var april = await host.GetAsync($"api/scores?period={host.PreviousMonth.Label}&unitId=qna");
        using var may = await host.GetAsync($"api/scores?period={host.CurrentMonth.Label}&unitId=qna");

        Assert.NotEqual(april.Headers.ETag, may.Headers.ETag);
    }

    [Fact]
    public async Task A_preflight_from_a_configured_origin_is_allowed_and_from_another_is_not()
    {
        using var allowed = await PreflightAsync("api/late-dossiers", ApiHost.AllowedOrigin, "GET", null);
        using var admin = await PreflightAsync("api/admin/national-ranking", ApiHost.AllowedOrigin, "PUT", "x-api-key,content-type");
        using var refused = await PreflightAsync("api/late-dossiers", "https://evil.example", "GET", null);
        using var simple = await host.GetAsync("api/units", r => r.Headers.Add("Origin", ApiHost.AllowedOrigin));
        using var simpleRefused = await host.GetAsync("api/units", r => r.Headers.Add("Origin", "https://evil.example"));

        Assert.Equal(ApiHost.AllowedOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("x-api-key", admin.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(ApiHost.AllowedOrigin, simple.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("ETag", simple.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(simpleRefused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_its_parameters_and_responses()
    {
        var document = await host.GetJsonAsync("openapi/v1.json");
        var paths = document.GetProperty("paths");

        Assert.Equal("ServiceIndex API", document.GetProperty("info").GetProperty("title").GetString());
        foreach (var path in new[]
                 {
                     "/api/units", "/api/scores", "/api/rankings", "/api/late-dossiers", "/api/due-soon", "/api/target", "/api/status",
                     "/api/dead-letters", "/api/trend", "/api/forecast", "/api/trajectory", "/api/reports/leadership", "/api/admin/recompute", "/api/admin/replay", "/api/admin/national-ranking", "/api/reconciliation",
                 })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }

        var scores = paths.GetProperty("/api/scores").GetProperty("get");
        Assert.True(scores.GetProperty("responses").TryGetProperty("400", out var bad));
        Assert.True(bad.GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Contains("2024-Q2", Parameter(scores, "period").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(["province", "agency", "district", "commune"],
            Parameter(scores, "level").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.True(Parameter(paths.GetProperty("/api/rankings").GetProperty("get"), "level").GetProperty("required").GetBoolean());
        Assert.True(paths.GetProperty("/api/late-dossiers").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content")
            .TryGetProperty("text/csv", out _));
        var import = paths.GetProperty("/api/admin/national-ranking").GetProperty("put").GetProperty("requestBody").GetProperty("content");
        Assert.True(import.TryGetProperty("text/csv", out _) && import.TryGetProperty("application/json", out _));
        var recompute = paths.GetProperty("/api/admin/recompute").GetProperty("post");
        Assert.True(recompute.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(recompute.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_API_reference_is_served_from_the_host_without_a_CDN()
    {
        using var page = await host.GetAsync("scalar/");
        var html = await page.Content.ReadAsStringAsync();
        var scripts = ScriptSources().Matches(html).Select(m => m.Groups["src"].Value).ToList();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, src => Assert.DoesNotContain("//", src, StringComparison.Ordinal));
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        foreach (var src in scripts)
        {
            using var script = await host.GetAsync($"scalar/{src}");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
    }

    private static JsonElement Parameter(JsonElement operation, string name) =>
        operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    private Task<HttpResponseMessage> PreflightAsync(string path, string origin, string method, string? headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri(path, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return host.Http.SendAsync(request);
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"")]
    private static partial Regex ScriptSources();
}
