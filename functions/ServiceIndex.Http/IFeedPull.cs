namespace ServiceIndex.Http;

/// <summary>
/// What <c>POST /api/feed/notify</c> does once the webhook key is right: the local host wakes its pull timer; the
/// Functions app, where no timer of its own can be woken, runs one pull at once with a short budget.
/// </summary>
public interface IFeedPull
{
    Task RequestAsync(CancellationToken cancellationToken);
}
