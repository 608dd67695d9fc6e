using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ServiceIndex.Http;

/// <summary>
/// <c>200 OK</c> with a JSON body serialised once per value object: the bytes and their ETag are kept beside
/// the object (a weak table, so they go when it goes). The scores and rankings handlers return the same
/// object for the same question until the period is read again, so under load a request costs a lookup
/// and a copy. OpenAPI sees it as <c>200</c> with <typeparamref name="T"/>, like <c>Ok&lt;T&gt;</c>.
/// </summary>
public sealed class SerializedOk<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
    where T : class
{
    private static readonly ConditionalWeakTable<object, Lazy<Serialized>> Bodies = new();

    public T Value { get; } = value;

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => StatusCodes.Status200OK;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }

    /// <summary>Serialises <paramref name="value"/> now (in the background), so that the first request for it does not wait.</summary>
    public static void Prepare(T value, JsonSerializerOptions options) =>
        _ = Bodies.GetValue(value, v => new Lazy<Serialized>(() => Serialize(v, options))).Value;

    private static Serialized Serialize(object value, JsonSerializerOptions options)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeof(T), options);
        return new Serialized(bytes, ETags.TagOf(bytes));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        // Lazy: requests arriving together for a new object share one serialisation instead of each doing it.
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = Bodies.GetValue(Value, v => new Lazy<Serialized>(() => Serialize(v, options))).Value;
        await ETags.WriteTaggedAsync(httpContext, body.Bytes, body.ETag, "application/json; charset=utf-8").ConfigureAwait(false);
    }

    private sealed record Serialized(byte[] Bytes, string ETag);
}
