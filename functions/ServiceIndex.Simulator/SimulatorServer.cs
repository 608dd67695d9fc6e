using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceIndex.Simulator;

/// <summary>
/// The simulated procedure system as a real HTTP server (Kestrel) serving <c>GET /changes</c>, and a stand-in of the national
/// portal's published scores (<see cref="StandInPortal"/>).
/// Dispose it to stop.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorServer(WebApplication app, ChangeFeed feed, Uri baseUrl, StandInPortal portal)
    {
        _app = app;
        Feed = feed;
        BaseUrl = baseUrl;
        Portal = portal;
        if (feed.Options.NotifyUrl is { } notify && feed.Options.LiveRatePerSecond > 0)
        {
            Notifier = new LiveNotifier(feed, new Uri(notify), feed.Options.NotifyKey);
        }
    }

    /// <summary>Calls <see cref="SimulatorOptions.NotifyUrl"/> on live appends; null when not configured.</summary>
    public LiveNotifier? Notifier { get; }

    /// <summary>The bound base URL (with the real port when started on port 0), ending in <c>/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The stand-in national portal served beside the feed (its base URL is <see cref="BaseUrl"/>).</summary>
    public StandInPortal Portal { get; }

    /// <summary>The feed being served.</summary>
    public ChangeFeed Feed { get; }

    /// <summary>Generates the history and starts serving it on <paramref name="url"/> with the system clock.</summary>
    public static Task<SimulatorServer> StartAsync(SimulatorOptions options, string url = "http://127.0.0.1:0",
        CancellationToken cancellationToken = default) =>
        StartAsync(options, TimeProvider.System, url, cancellationToken);

    /// <summary>Generates the history and starts serving it on <paramref name="url"/>.</summary>
    /// <param name="options">What to simulate.</param>
    /// <param name="timeProvider">Clock of live activity and slow responses (a fake one in tests).</param>
    /// <param name="url">Listen address; port 0 picks a free port.</param>
    /// <param name="cancellationToken">Stops generation and start-up.</param>
    public static async Task<SimulatorServer> StartAsync(SimulatorOptions options, TimeProvider timeProvider,
        string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var feed = await Task.Run(() => ChangeFeed.Create(options, timeProvider, cancellationToken), cancellationToken)
            .ConfigureAwait(false);

        // The empty builder reads no appsettings or environment: embedded in the host, the simulator
        // must not pick up the host's Kestrel endpoints or logging configuration.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(url);
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.MapSimulatorFeed(feed);
        var portal = new StandInPortal(feed);
        portal.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Urls.First();
        return new SimulatorServer(app, feed, new Uri(address.EndsWith('/') ? address : address + "/"), portal);
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Notifier is not null)
        {
            await Notifier.DisposeAsync().ConfigureAwait(false);
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
