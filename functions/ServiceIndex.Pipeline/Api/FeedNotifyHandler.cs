using Microsoft.Extensions.Options;
using ServiceIndex.Pipeline.Options;

namespace ServiceIndex.Pipeline.Api;

/// <summary>The answer of <c>POST /api/feed/notify</c>: a pull was asked for (it runs at once, or right after the one running).</summary>
public sealed record FeedNotifyResponse(bool PullRequested);

/// <summary>
/// <c>POST /api/feed/notify</c>: the procedure system's push. The caller proves itself with
/// <c>X-Webhook-Key</c> (<see cref="FeedOptions.WebhookKey"/>, compared in constant time); the host then
/// asks for a pull (<paramref name="requestPull"/>: a coalescing signal locally, a queue message in Azure),
/// so any number of notifications while a pull runs cost one more pull.
/// </summary>
public sealed class FeedNotifyHandler(IOptions<FeedOptions> options)
{
    public const string Header = "X-Webhook-Key";

    public async Task<ApiResult<FeedNotifyResponse>> NotifyAsync(string? presentedKey, Func<CancellationToken, Task> requestPull,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestPull);
        switch (AdminCredentials.Check(presentedKey, options.Value.WebhookKey))
        {
            case AdminAccess.Missing:
                return new ApiProblem(401, "Webhook key required", $"Send the configured key in {Header}.");
            case AdminAccess.Wrong:
                return new ApiProblem(403, "Wrong webhook key",
                    string.IsNullOrEmpty(options.Value.WebhookKey) ? "No webhook key is configured (Feed:WebhookKey): notifications are off." : $"The {Header} is not the configured one.");
        }

        await requestPull(cancellationToken).ConfigureAwait(false);
        return new FeedNotifyResponse(true);
    }
}
