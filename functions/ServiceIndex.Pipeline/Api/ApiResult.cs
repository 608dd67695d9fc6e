namespace ServiceIndex.Pipeline.Api;

/// <summary>
/// What went wrong with a request, as an RFC 7807 problem: the HTTP status, a short title and a
/// detail that says exactly what was wrong. Hosts turn it into <c>application/problem+json</c>.
/// </summary>
/// <param name="Status">HTTP status code (400, 404, 409, 413, …).</param>
/// <param name="Title">Short, stable summary of the kind of problem.</param>
/// <param name="Detail">What was wrong with this request.</param>
/// <param name="Extensions">Extra members of the problem document (for example <c>errors</c>), or null.</param>
public sealed record ApiProblem(int Status, string Title, string? Detail = null, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static ApiProblem BadRequest(string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(400, title, detail, extensions);

    public static ApiProblem NotFound(string title, string detail) => new(404, title, detail);

    public static ApiProblem Conflict(string title, string detail) => new(409, title, detail);

    public static ApiProblem TooLarge(string detail) => new(413, "Request body too large", detail);

    public static ApiProblem UnsupportedMediaType(string detail) => new(415, "Unsupported media type", detail);
}

/// <summary>
/// The outcome of a query or command handler: either a value (HTTP 200, or what the host maps a
/// success to) or an <see cref="ApiProblem"/>. Handlers never throw for a bad request.
/// </summary>
public sealed class ApiResult<T>
{
    private readonly T? _value;

    private ApiResult(T? value, ApiProblem? problem)
    {
        _value = value;
        Problem = problem;
    }

    /// <summary>The problem, or null on success.</summary>
    public ApiProblem? Problem { get; }

    public bool IsOk => Problem is null;

    /// <summary>The value; throws when the result is a problem.</summary>
    public T Value => Problem is null ? _value! : throw new InvalidOperationException($"The result is a problem: {Problem.Title}.");

    public static ApiResult<T> Ok(T value) => new(value, null);

    public static ApiResult<T> Fail(ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(default, problem);
    }

    public static implicit operator ApiResult<T>(T value) => Ok(value);

    public static implicit operator ApiResult<T>(ApiProblem problem) => Fail(problem);

    /// <summary>Maps the value or the problem, as hosts do when they turn a result into an HTTP response.</summary>
    public TResult Match<TResult>(Func<T, TResult> ok, Func<ApiProblem, TResult> problem)
    {
        ArgumentNullException.ThrowIfNull(ok);
        ArgumentNullException.ThrowIfNull(problem);
        return Problem is null ? ok(_value!) : problem(Problem);
    }

    public ApiResult<TOther> Map<TOther>(Func<T, TOther> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Problem is null ? ApiResult<TOther>.Ok(map(_value!)) : ApiResult<TOther>.Fail(Problem);
    }
}
