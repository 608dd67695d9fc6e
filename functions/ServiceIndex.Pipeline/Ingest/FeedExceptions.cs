using System.Net;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// A response body that is not a whole feed page (truncated, not JSON, wrong shape). Derives from
/// <see cref="HttpRequestException"/> so that the resilience pipeline retries it like a broken connection.
/// </summary>
public sealed class FeedPageInvalidException : HttpRequestException
{
    public FeedPageInvalidException()
    {
    }

    public FeedPageInvalidException(string message)
        : base(message)
    {
    }

    public FeedPageInvalidException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The feed refused the request for a reason retrying will not fix (400 bad cursor, 401 bad key…), or retries ran out.</summary>
public sealed class FeedRequestException : Exception
{
    public FeedRequestException()
    {
    }

    public FeedRequestException(string message)
        : base(message)
    {
    }

    public FeedRequestException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FeedRequestException(HttpStatusCode statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode? StatusCode { get; }
}
