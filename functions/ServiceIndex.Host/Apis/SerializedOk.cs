using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ServiceIndex.Host.Apis;

/// <summary>
/// <c>200 OK</c> with a JSON body serialised once per value object: the bytes and their ETag are kept beside
/// the object (a weak table, so they go when it goes). The scores and rankings handlers return the same
/// object for the same question until the period is read again, so under load a request costs a lookup
/// and a copy. OpenAPI sees it as <c>200</c> with <typeparamref name="T"/>, like <c>Ok&lt;T&gt;</c>.
/// </summary>
internal sealed class SerializedOk<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
    where T : class
{
    private static readonly ConditionalWeakTable<object, Serialized> Bodies = new();

    public T Value { get; } = value;

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => StatusCodes.Status200OK;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var body = Bodies.GetValue(Value, v =>
        {
            var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(v, typeof(T), options);
            return new Serialized(bytes, ETags.TagOf(bytes));
        });
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.Headers.ETag = body.ETag; // the ETag middleware trusts it instead of hashing again
        httpContext.Response.ContentLength = body.Bytes.Length;
        await httpContext.Response.Body.WriteAsync(body.Bytes, httpContext.RequestAborted).ConfigureAwait(false);
    }

    private sealed record Serialized(byte[] Bytes, string ETag);
}
