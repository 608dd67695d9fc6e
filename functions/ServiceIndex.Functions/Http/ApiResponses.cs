using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ServiceIndex.Pipeline.Queries;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ServiceIndex.Functions.Http;

/// <summary>
/// Handler results answered as the local host answers them (functions/ServiceIndex.Host/Apis): JSON,
/// or RFC 7807 problems. A GET's body carries the same strong ETag (SHA-256 of the bytes, first 16,
/// base64url) and <c>Cache-Control: no-cache</c>; <c>If-None-Match</c> gets 304.
/// </summary>
internal static class ApiResponses
{
    public static IResult Get<T>(ApiResult<T> result, HttpRequest request) =>
        result.Match(value => Tagged(JsonSerializer.SerializeToUtf8Bytes(value, Json(request)), "application/json; charset=utf-8", request), Problem);

    public static IResult Ok<T>(ApiResult<T> result) => result.Match<IResult>(value => TypedResults.Ok(value), Problem);

    public static IResult Accepted<T>(ApiResult<T> result) => result.Match<IResult>(value => TypedResults.Accepted((string?)null, value), Problem);

    public static IResult Tagged(byte[] body, string contentType, HttpRequest request, string? fileName = null)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        var tag = new EntityTagHeaderValue($"\"{Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 16))}\"");
        return TypedResults.File(body, contentType, fileName, entityTag: tag); // answers If-None-Match with 304
    }

    public static IResult Problem(ApiProblem problem)
    {
        var details = new ProblemDetails { Status = problem.Status, Title = problem.Title, Detail = problem.Detail };
        foreach (var (key, value) in problem.Extensions ?? new Dictionary<string, object?>())
        {
            details.Extensions[key] = value;
        }

        return TypedResults.Problem(details);
    }

    private static JsonSerializerOptions Json(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
}
