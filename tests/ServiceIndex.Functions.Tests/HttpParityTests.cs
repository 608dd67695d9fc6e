using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceIndex.Functions.Tests.Infrastructure;

namespace ServiceIndex.Functions.Tests;

/// <summary>
/// Every HTTP function answers what the local host answers for the same request on the same storage: status, the headers a
/// client acts on (content type and disposition, ETag, Cache-Control, Content-Length, WWW-Authenticate, the security headers)
/// and the body byte for byte — except a problem's <c>traceId</c> (each request has its own) and an Excel workbook's
/// package parts outside <c>xl/</c> (the document properties carry the creation time under a random part name), whose
/// workbook parts are compared instead.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class HttpParityTests(FunctionsApp app)
{
    private static readonly string[] ComparedHeaders =
    [
        "Content-Type", "Content-Disposition", "ETag", "Cache-Control", "Content-Length", "WWW-Authenticate", "Retry-After",
        "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
    ];

    private string P => Uri.EscapeDataString(app.PreviousMonth.Label);

    public static TheoryData<string> Reads =>
    [
        "api/units", "api/indicators", "api/scores?period={P}", "api/scores?period={P}&level=district", "api/scores?period=2024-13",
        "api/scores?period={P}&format=xlsx", "api/rankings?period={P}&level=commune", "api/rankings?period={P}",
        "api/late-dossiers?period={P}&limit=20", "api/late-dossiers?period={P}&format=csv", "api/late-dossiers?period={P}&format=xlsx",
        "api/late-dossiers?period={P}&limit=0", "api/due-soon?days=30", "api/due-soon?days=99",
        "api/procedures?period={P}", "api/procedures?period={P}&group=nope", "api/handling-times?period={P}",
        "api/compare?period={P}&unitId={U1}&unitId={U2}", "api/compare?period={P}&unitId={U1}",
        "api/target?period={P}", "api/forecast?period={P}", "api/trajectory?period={P}", "api/reports/leadership?period={P}&level=district&format=xlsx",
        "api/reports/leadership?period={P}&level=commune&format=html", "api/reconciliation?period={P}", "api/reconciliation?period=2024-01-01..2024-01-02",
        "api/trend?months=3", "api/trend?months=0", "api/status", "api/dead-letters?limit=5", "api/dead-letters?limit=x",
    ];

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_function_answers_get_head_and_if_none_match_as_the_local_host(string template)
    {
        var path = await ResolveAsync(template);
        var (function, local) = await BothAsync(HttpMethod.Get, path);
        await AssertSameAsync(function, local, path);

        var head = await BothAsync(HttpMethod.Head, path);
        await AssertSameAsync(head.Function, head.Local, $"HEAD {path}");
        Assert.Equal(function.StatusCode, head.Function.StatusCode);
        Assert.Empty(await head.Function.Content.ReadAsByteArrayAsync());

        if (function.Headers.ETag is { } tag && !IsWorkbook(function))
        {
            var again = await BothAsync(HttpMethod.Get, path, r => r.Headers.IfNoneMatch.Add(tag));
            Assert.Equal(HttpStatusCode.NotModified, again.Function.StatusCode);
            await AssertSameAsync(again.Function, again.Local, $"{path} If-None-Match");
        }
    }

    public static TheoryData<string, string, string?, string?> Commands => new()
    {
        { "POST", "api/admin/recompute", null, null },
        { "POST", "api/admin/recompute", "wrong-key", null },
        { "POST", "api/admin/replay", null, null },
        { "POST", "api/admin/replay", "wrong-key", null },
        { "POST", "api/admin/replay?day=not-a-day", FunctionsApp.AdminKey, null },
        { "POST", "api/admin/redrive-poison", null, null },
        { "POST", "api/admin/redrive-poison", "wrong-key", null },
        { "PUT", "api/admin/national-ranking?period=2024", null, "province,transparency\nX,1\n" },
        { "PUT", "api/admin/national-ranking?period=2024", FunctionsApp.AdminKey, "province,transparency\nX,not-a-number\n" },
        { "PUT", "api/admin/national-ranking?period=2024", FunctionsApp.AdminKey, new string('x', 2 * 1024 * 1024) },
        { "POST", "api/feed/notify", null, null },
        { "POST", "api/feed/notify", "wrong-key", null },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Admin_and_feed_function_refuses_and_validates_as_the_local_host(string method, string path, string? key, string? csv)
    {
        var (function, local) = await BothAsync(new HttpMethod(method), path, r => Prepare(r, path, key, csv));
        await AssertSameAsync(function, local, $"{method} {path}");
        Assert.True((int)function.StatusCode >= 400, $"{method} {path} answered {(int)function.StatusCode}");
    }

    [Fact]
    public async Task Admin_key_is_accepted_by_the_functions_as_by_the_local_host()
    {
        using var function = await SendAsync(app.Server.Http, HttpMethod.Post, "api/admin/replay", r => r.Headers.Add("X-Api-Key", FunctionsApp.AdminKey));
        Assert.Equal(HttpStatusCode.Accepted, function.StatusCode);
        var notify = await BothAsync(HttpMethod.Post, "api/feed/notify", r => r.Headers.Add("X-Webhook-Key", FunctionsApp.WebhookKey));
        await AssertSameAsync(notify.Function, notify.Local, "POST api/feed/notify");
        Assert.Equal(HttpStatusCode.Accepted, notify.Function.StatusCode);
    }

    public static TheoryData<string, string> NationalSync => new()
    {
        { "api/dvcqg/auth", """{"username":"sync-module","password":"wrong"}""" },
        { "api/dvcqg/auth", "not json" },
        { "api/dvcqg", """{"session":"forged","madonvi":"x","service":"DongBoHoSoMC","isUpdating":"False","data":[]}""" },
        { "api/dvcqg", "[1, 2" },
    };

    [Theory]
    [MemberData(nameof(NationalSync))]
    public async Task National_sync_function_refuses_as_the_local_host_with_a_non_zero_error_code(string path, string body)
    {
        var (function, local) = await BothAsync(HttpMethod.Post, path, r => r.Content = new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertSameAsync(function, local, $"POST {path}");
        Assert.Equal(HttpStatusCode.OK, function.StatusCode); // the protocol answers in error_code, as the portal does
        Assert.NotEqual(0, JsonDocument.Parse(await function.Content.ReadAsStringAsync()).RootElement.GetProperty("error_code").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("app.js")]
    [InlineData("styles.css")]
    [InlineData("favicon.svg")]
    [InlineData("modules/api.js")]
    public async Task Dashboard_functions_serve_the_local_host_files(string path)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            var (function, local) = await BothAsync(method, path);
            Assert.Equal(HttpStatusCode.OK, function.StatusCode);
            Assert.Equal(local.StatusCode, function.StatusCode);
            Assert.Equal(local.Content.Headers.ContentType?.MediaType, function.Content.Headers.ContentType?.MediaType);
            Assert.Equal(local.Content.Headers.ContentLength, function.Content.Headers.ContentLength);
            Assert.Equal(await local.Content.ReadAsByteArrayAsync(), await function.Content.ReadAsByteArrayAsync());
            Assert.Equal(Header(local, "Content-Security-Policy"), Header(function, "Content-Security-Policy"));
            Assert.Equal(Header(local, "X-Frame-Options"), Header(function, "X-Frame-Options"));
        }
    }

    [Fact]
    public async Task Operations_history_has_the_same_shape_in_both_hosts()
    {
        var (function, local) = await BothAsync(HttpMethod.Get, "api/operations");
        foreach (var response in new[] { function, local })
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(15, body.RootElement.GetProperty("intervalSeconds").GetInt32());
            Assert.Equal(System.Text.Json.JsonValueKind.Array, body.RootElement.GetProperty("points").ValueKind);
        }
    }

    [Fact]
    public async Task Every_http_function_is_exercised_by_these_tests()
    {
        foreach (var template in Reads)
        {
            await BothAsync(HttpMethod.Get, await ResolveAsync(template));
        }

        foreach (var path in new[] { "", "modules/api.js" })
        {
            await BothAsync(HttpMethod.Get, path);
        }

        // Each host answers its own last hour: called for coverage, its shape checked by Operations_history_has_the_same_shape_in_both_hosts.
        await BothAsync(HttpMethod.Get, "api/operations");

        foreach (var command in Commands)
        {
            var (method, path) = ((string)command[0], (string)command[1]);
            await BothAsync(new HttpMethod(method), path);
        }

        foreach (var push in NationalSync)
        {
            await BothAsync(HttpMethod.Post, (string)push[0], r => r.Content = new StringContent((string)push[1], Encoding.UTF8, "application/json"));
        }

        var http = FunctionsMetadata.Read().Where(f => f.IsHttp).Select(f => f.Name).Order(StringComparer.Ordinal);
        Assert.Equal(http, app.Server.Called.Order(StringComparer.Ordinal));
    }

    private static void Prepare(HttpRequestMessage request, string path, string? key, string? body)
    {
        if (key is not null)
        {
            request.Headers.Add(path.Contains("feed", StringComparison.Ordinal) ? "X-Webhook-Key" : "X-Api-Key", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "text/csv");
        }
    }

    private async Task<string> ResolveAsync(string template)
    {
        if (!template.Contains("{U", StringComparison.Ordinal))
        {
            return template.Replace("{P}", P, StringComparison.Ordinal);
        }

        using var units = await app.Local.GetAsync(new Uri("api/units", UriKind.Relative));
        var ids = JsonDocument.Parse(await units.Content.ReadAsStringAsync()).RootElement.GetProperty("units").EnumerateArray()
            .Where(u => u.GetProperty("level").GetString() != "province").Select(u => u.GetProperty("unitId").GetString()!).Take(2).ToList();
        return template.Replace("{P}", P, StringComparison.Ordinal).Replace("{U1}", ids[0], StringComparison.Ordinal).Replace("{U2}", ids[1], StringComparison.Ordinal);
    }

    private async Task<(HttpResponseMessage Function, HttpResponseMessage Local)> BothAsync(HttpMethod method, string path, Action<HttpRequestMessage>? configure = null) =>
        (await SendAsync(app.Server.Http, method, path, configure), await SendAsync(app.Local, method, path, configure));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Action<HttpRequestMessage>? configure)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        configure?.Invoke(request);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task AssertSameAsync(HttpResponseMessage function, HttpResponseMessage local, string what)
    {
        var (f, l) = (await function.Content.ReadAsByteArrayAsync(), await local.Content.ReadAsByteArrayAsync());
        Assert.True(local.StatusCode == function.StatusCode,
            $"{what}: the function answered {(int)function.StatusCode} {Encoding.UTF8.GetString(f)}, the local host {(int)local.StatusCode} {Encoding.UTF8.GetString(l)}");
        var workbook = IsWorkbook(local);
        foreach (var name in ComparedHeaders.Where(n => !workbook || n is not ("ETag" or "Content-Length")))
        {
            Assert.True(Header(local, name) == Header(function, name), $"{what}: {name} is '{Header(function, name)}' in the function, '{Header(local, name)}' in the local host");
        }

        if (workbook && l.Length > 0)
        {
            var (fs, ls) = (Sheets(f), Sheets(l));
            Assert.Equal(ls.Keys.Order(StringComparer.Ordinal), fs.Keys.Order(StringComparer.Ordinal));
            foreach (var (entry, text) in ls)
            {
                var at = text.AsSpan().CommonPrefixLength(fs[entry]);
                Assert.True(text == fs[entry], $"{what}: {entry} differs at {at}: '{Around(fs[entry], at)}' in the function, '{Around(text, at)}' in the local host");
            }
        }
        else if (local.Content.Headers.ContentType?.MediaType == "application/problem+json" && l.Length > 0)
        {
            Assert.Equal(WithoutTraceId(l), WithoutTraceId(f));
        }
        else
        {
            Assert.True(l.AsSpan().SequenceEqual(f), $"{what}: the bodies differ:\n{Encoding.UTF8.GetString(f)}\n{Encoding.UTF8.GetString(l)}");
        }
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 60), Math.Min(120, text.Length - Math.Max(0, at - 60)));

    private static bool IsWorkbook(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType?.Contains("spreadsheetml", StringComparison.Ordinal) == true;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static string WithoutTraceId(byte[] body)
    {
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.True(problem.Remove("traceId"), "a problem carries its traceId");
        return problem.ToJsonString();
    }

    private static Dictionary<string, string> Sheets(byte[] workbook)
    {
        using var zip = new ZipArchive(new MemoryStream(workbook));
        return zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal))
            .ToDictionary(e => e.FullName, e => new StreamReader(e.Open()).ReadToEnd(), StringComparer.Ordinal);
    }
}
