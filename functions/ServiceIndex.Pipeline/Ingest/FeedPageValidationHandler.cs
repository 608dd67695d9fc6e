namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// Sits inside the resilience handler, next to the network: reads a successful response's body
/// completely and checks that it is a whole page. A body cut short or unparsable becomes a
/// <see cref="FeedPageInvalidException"/>, which the retry strategy handles like a transient failure.
/// </summary>
internal sealed class FeedPageValidationHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var page = FeedPage.TryParse(body, out var error);
            if (page is null)
            {
                throw new FeedPageInvalidException(error!);
            }

            return response;
        }
        catch (IOException ex)
        {
            response.Dispose();
            throw new FeedPageInvalidException($"The page body could not be read whole: {ex.Message}", ex);
        }
        catch (FeedPageInvalidException)
        {
            response.Dispose();
            throw;
        }
    }
}
