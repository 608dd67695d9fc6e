using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace ServiceIndex.Http;

/// <summary>
/// Strong ETags on every GET of the API and the OpenAPI document, in one place: the response is
/// produced into a buffer, its bytes are hashed (SHA-256, first 16 bytes, base64url, quoted), and a
/// request whose <c>If-None-Match</c> holds that tag gets <c>304 Not Modified</c> without a body.
/// Every such answer says <c>Cache-Control: no-cache</c>: caches may keep it but must revalidate.
/// A HEAD gets the same status and headers (Content-Length included) and no body.
/// </summary>
public static class ETags
{
    public static IApplicationBuilder UseETags(this IApplicationBuilder app, params PathString[] paths)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseWhen(
            context => (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) && paths.Any(p => context.Request.Path.StartsWithSegments(p)),
            branch => branch.Use(TagAsync));
    }

    /// <summary>The tag of a body: strong (byte-for-byte), quoted.</summary>
    public static string TagOf(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return $"\"{Base64Url.EncodeToString(hash[..16])}\"";
    }

    /// <summary>True when an <c>If-None-Match</c> value lists <paramref name="tag"/> (weak comparison, as RFC 9110 asks for it) or is <c>*</c>.</summary>
    public static bool Matches(string? ifNoneMatch, string tag)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch) || !EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags))
        {
            return false;
        }

        var mine = new EntityTagHeaderValue(tag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(mine, useStrongComparison: false));
    }

    /// <summary>
    /// Answers a body whose tag is already known (serialised once and kept, see <see cref="SerializedOk{T}"/>) without the
    /// buffering of <see cref="TagAsync"/>: <c>304</c> when <c>If-None-Match</c> matches, else the bytes straight to the client.
    /// Large cached documents are then never copied per request (copies of more than 85 kB land on the large object heap).
    /// </summary>
    public static async Task WriteTaggedAsync(HttpContext context, ReadOnlyMemory<byte> body, string tag, string contentType)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        var original = context.Items.TryGetValue(OriginalBody, out var held) ? held as IHttpResponseBodyFeature : null;
        if (original is null)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.Headers.ETag = tag; // the middleware trusts it instead of hashing again
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Items[Written] = true;
        context.Features.Set(original);
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = tag;
        if (Matches(context.Request.Headers.IfNoneMatch, tag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await original.Stream.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static readonly object OriginalBody = new();
    private static readonly object Written = new();

    /// <summary>Runs <paramref name="next"/> into a buffer, then answers its body with the tag (or 304); the middleware of both hosts.</summary>
    public static async Task TagAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var response = context.Response;
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        context.Items[OriginalBody] = original;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(original);
            context.Items.Remove(OriginalBody);
        }

        if (context.Items.ContainsKey(Written))
        {
            return; // answered by WriteTaggedAsync
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        response.Headers.CacheControl = "no-cache";
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            // An endpoint that knows its body's tag (SerializedOk) has set it already.
            var tag = response.Headers.ETag.Count == 1 && response.Headers.ETag[0] is { Length: > 2 } known ? known : TagOf(body.Span);
            response.Headers.ETag = tag;
            if (Matches(context.Request.Headers.IfNoneMatch, tag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                response.Headers.ContentDisposition = default;
                return;
            }
        }

        if (body.Length > 0)
        {
            response.ContentLength = body.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await original.Stream.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
