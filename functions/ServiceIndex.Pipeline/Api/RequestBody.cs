using System.Globalization;

namespace ServiceIndex.Pipeline.Api;

/// <summary>Reads a request body up to a limit (413 beyond it), for hosts that hand the handlers bytes.</summary>
public static class RequestBody
{
    public static async Task<ApiResult<byte[]>> ReadAsync(Stream body, long? contentLength, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (contentLength > limit)
        {
            return TooLarge(limit);
        }

        using var buffer = new MemoryStream(contentLength is { } n and > 0 ? (int)n : 4096);
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ApiProblem TooLarge(int limit) =>
        ApiProblem.TooLarge(string.Create(CultureInfo.InvariantCulture, $"The body is larger than the {limit / 1024:#,0} KiB this endpoint accepts."));
}
