using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Http;

/// <summary>Turns a handler's <see cref="ApiResult{T}"/> into typed HTTP results (so OpenAPI knows every response).</summary>
public static class ApiResults
{
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this ApiResult<T> result) =>
        result.Match<Results<Ok<T>, ProblemHttpResult>>(v => TypedResults.Ok(v), p => Problem(p));

    /// <summary>Like <see cref="ToOk{T}"/>, serialising each value object once (for handlers that return the same object for the same question).</summary>
    public static Results<SerializedOk<T>, ProblemHttpResult> ToSerializedOk<T>(this ApiResult<T> result)
        where T : class =>
        result.Match<Results<SerializedOk<T>, ProblemHttpResult>>(v => new SerializedOk<T>(v), p => Problem(p));

    public static Results<Accepted<T>, ProblemHttpResult> ToAccepted<T>(this ApiResult<T> result) =>
        result.Match<Results<Accepted<T>, ProblemHttpResult>>(v => TypedResults.Accepted((string?)null, v), p => Problem(p));

    public static ProblemHttpResult Problem(ApiProblem problem)
    {
        var details = new ProblemDetails { Status = problem.Status, Title = problem.Title, Detail = problem.Detail };
        foreach (var (key, value) in problem.Extensions ?? new Dictionary<string, object?>())
        {
            details.Extensions[key] = value;
        }

        return TypedResults.Problem(details);
    }
}
