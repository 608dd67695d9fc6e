namespace ServiceIndex.Http;

/// <summary>
/// Security headers on every response of both hosts (dashboard, static files, API, errors):
/// a Content-Security-Policy without inline scripts or styles, <c>nosniff</c>, no framing and no
/// referrer. The headers are written when the response starts, so they are present whatever
/// produced it (static files, endpoints, 304s, 404s) and whatever an endpoint put in
/// <see cref="HttpContext.Items"/> before (the Scalar nonce).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The dashboard's policy: everything from our own origin, nothing inline. The dashboard is built
    /// for it: one module script (<c>app.js</c>), one stylesheet, DOM built with createElement (no
    /// inline handlers, no style attributes), SVG drawn in the page, API calls to the same origin.
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>The Scalar API reference (<c>MapScalarApiReference()</c>, default route <c>/scalar</c>).</summary>
    public static readonly PathString ScalarPath = new("/scalar");

    /// <summary>
    /// Where Scalar.AspNetCore puts the per-request nonce it generates with <c>options.WithNonce()</c>
    /// (<c>ScalarOptions.NonceHttpContextItemKey</c>; spelled out so this file does not depend on the package).
    /// </summary>
    public const string ScalarNonceItemKey = "Scalar.Nonce";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            Apply(context);
            return next(context);
        });
    }

    /// <summary>Sets the headers on <paramref name="context"/>'s response when it starts (the Functions app calls this for each answer).</summary>
    public static void Apply(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(ScalarPath)
                ? ScalarPolicy(http.Items.TryGetValue(ScalarNonceItemKey, out var nonce) ? nonce as string : null)
                : DashboardPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        }, context);
    }

    /// <summary>
    /// The policy of the Scalar API reference only (a page for developers showing our own OpenAPI
    /// document). Scalar cannot run under the dashboard's policy:
    /// <list type="bullet">
    /// <item>Its HTML ends with an inline <c>&lt;script type="module"&gt;</c> calling <c>initialize(…)</c> with the
    /// configuration as JSON. Its text changes with the options, so a hash would break silently. With
    /// <c>MapScalarApiReference(o =&gt; o.WithNonce())</c> Scalar puts a fresh nonce on its script tags and in
    /// <c>HttpContext.Items</c>; we allow exactly that nonce. Without it, scripts need 'unsafe-inline' —
    /// on these pages only.</item>
    /// <item>Its bundle (Vue + Tailwind) injects <c>&lt;style&gt;</c> elements and style attributes at run time:
    /// style-src needs 'unsafe-inline' (styles cannot run code; the worst a style injection can do here is
    /// restyle a documentation page).</item>
    /// <item>Fonts: Scalar fetches its default fonts from fonts.scalar.com; they are blocked on purpose (no
    /// third-party requests) and the page falls back to system fonts; <c>WithDefaultFonts(false)</c> avoids
    /// the attempt.</item>
    /// </list>
    /// Framing, base URI, form targets and connections stay as strict as the dashboard's.
    /// </summary>
    public static string ScalarPolicy(string? nonce) =>
        "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
        (!IsNonce(nonce) ? "script-src 'self' 'unsafe-inline'; " : $"script-src 'self' 'nonce-{nonce}'; ") +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>A nonce goes into a header: base64 or base64url characters only, else it is ignored.</summary>
    private static bool IsNonce([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 128 &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '-' or '_');
}
