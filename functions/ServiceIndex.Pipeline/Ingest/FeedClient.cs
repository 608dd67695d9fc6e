using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// Reads the procedure system's change feed (<c>GET {base}/changes?after=&amp;limit=</c>, <c>X-Api-Key</c>).
/// A typed <see cref="HttpClient"/>: retries, backoff with jitter, <c>Retry-After</c>, timeouts and the
/// circuit breaker are the resilience handler's (see <c>PipelineServiceCollectionExtensions</c>).
/// </summary>
public sealed partial class FeedClient(HttpClient http, ILogger<FeedClient> logger)
{
    /// <summary>Reads the page after <paramref name="after"/> (null: from the start of history).</summary>
    /// <exception cref="FeedRequestException">The feed refused the request, or every retry failed.</exception>
    public async Task<FeedPage> GetPageAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var uri = string.Create(CultureInfo.InvariantCulture, $"changes?limit={limit}") +
                  (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(uri, UriKind.Relative), HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException)
        {
            LogFailed(logger, after, ex.Message);
            throw new FeedRequestException($"The feed could not be read after retries: {ex.Message}", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                LogRefused(logger, (int)response.StatusCode, after);
                throw new FeedRequestException(response.StatusCode,
                    $"The feed answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(text)}");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return FeedPage.TryParse(body, out var error)
                ?? throw new FeedRequestException(HttpStatusCode.OK, error!);
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed refused the request with {Status} (after cursor {Cursor})")]
    private static partial void LogRefused(ILogger logger, int status, string? cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed could not be read after retries (after cursor {Cursor}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string? cursor, string reason);
}
