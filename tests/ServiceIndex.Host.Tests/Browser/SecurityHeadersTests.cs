using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Http;

namespace ServiceIndex.Host.Tests.Browser;

/// <summary>
/// <c>UseSecurityHeaders()</c> on a real Kestrel port, in front of the real dashboard files (the
/// host's <c>wwwroot</c> copied to the test output), an API-like endpoint and a Scalar-like page.
/// The browser test proves the dashboard runs under the policy; this one pins the headers.
/// </summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private const string StrictPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private WebApplication? _app;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/api/ping", () => TypedResults.Ok(new { ok = true }));
        app.MapGet("/api/missing", () => TypedResults.Problem(title: "No scores", statusCode: 404));
        // What Scalar.AspNetCore does with WithNonce(): a nonce in HttpContext.Items, an inline module script carrying it.
        app.MapGet("/scalar/", (HttpContext ctx) =>
        {
            ctx.Items[SecurityHeaders.ScalarNonceItemKey] = "Zm9vYmFyLW5vbmNlLTEyMw";
            return TypedResults.Content("<!doctype html><script type=\"module\" nonce=\"Zm9vYmFyLW5vbmNlLTEyMw\">initialize()</script>", "text/html");
        });
        app.MapGet("/scalar/plain", () => TypedResults.Content("<!doctype html><script type=\"module\">initialize()</script>", "text/html"));
        app.MapGet("/scalar/evil", (HttpContext ctx) =>
        {
            ctx.Items[SecurityHeaders.ScalarNonceItemKey] = "x'; script-src *";
            return TypedResults.Content("<!doctype html>", "text/html");
        });
        app.MapGet("/scalarish", () => TypedResults.Content("<!doctype html>", "text/html"));
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/", HttpStatusCode.OK, "text/html")]
    [InlineData("/index.html", HttpStatusCode.OK, "text/html")]
    [InlineData("/app.js", HttpStatusCode.OK, "text/javascript")]
    [InlineData("/modules/api.js", HttpStatusCode.OK, "text/javascript")]
    [InlineData("/styles.css", HttpStatusCode.OK, "text/css")]
    [InlineData("/favicon.svg", HttpStatusCode.OK, "image/svg+xml")]
    [InlineData("/api/ping", HttpStatusCode.OK, "application/json")]
    [InlineData("/api/missing", HttpStatusCode.NotFound, "application/problem+json")]
    [InlineData("/no-such-file.js", HttpStatusCode.NotFound, null)]
    [InlineData("/scalarish", HttpStatusCode.OK, "text/html")]
    public async Task Every_response_outside_scalar_carries_the_strict_policy_and_the_other_headers(string path, HttpStatusCode status, string? mediaType)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        if (mediaType is not null)
        {
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(StrictPolicy, Single(response, "Content-Security-Policy"));
        AssertCommonHeaders(response);
    }

    [Fact]
    public async Task A_revalidated_static_file_304_keeps_the_headers()
    {
        using var first = await _http.GetAsync(new Uri("/app.js", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(StrictPolicy, Single(second, "Content-Security-Policy"));
        AssertCommonHeaders(second);
    }

    [Fact]
    public async Task The_dashboard_html_has_no_inline_script_or_style_that_the_policy_would_block()
    {
        var html = await _http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\sstyle\s*=", html);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
    }

    [Fact]
    public async Task Scalar_with_a_nonce_may_run_exactly_that_inline_script_and_nothing_else_inline()
    {
        using var response = await _http.GetAsync(new Uri("/scalar/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Directives(Single(response, "Content-Security-Policy"));
        Assert.Equal("'self' 'nonce-Zm9vYmFyLW5vbmNlLTEyMw'", csp["script-src"]);
        Assert.Equal("'self' 'unsafe-inline'", csp["style-src"]);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("'self'", csp["connect-src"]);
        Assert.Equal("'self'", csp["default-src"]);
        Assert.Equal("'self'", csp["base-uri"]);
        Assert.Equal("'self'", csp["form-action"]);
        AssertCommonHeaders(response);
    }

    [Fact]
    public async Task Scalar_without_a_nonce_falls_back_to_inline_scripts_on_its_own_pages_only()
    {
        using var plain = await _http.GetAsync(new Uri("/scalar/plain", UriKind.Relative));
        using var evil = await _http.GetAsync(new Uri("/scalar/evil", UriKind.Relative));

        Assert.Equal("'self' 'unsafe-inline'", Directives(Single(plain, "Content-Security-Policy"))["script-src"]);
        AssertCommonHeaders(plain);
        // A value that is not a nonce never reaches the header (no directive injection).
        var evilPolicy = Single(evil, "Content-Security-Policy");
        Assert.DoesNotContain("*", evilPolicy, StringComparison.Ordinal);
        Assert.Equal("'self' 'unsafe-inline'", Directives(evilPolicy)["script-src"]);
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
    }

    private static string Single(HttpResponseMessage response, string name)
    {
        Assert.True(response.Headers.TryGetValues(name, out var values), $"{name} is missing on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");
        return Assert.Single(values);
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
}
