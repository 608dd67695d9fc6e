using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Scores;
using ServiceIndex.Pipeline.Storage;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>A clock that reads what the test set, and nothing else.</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The real host's web composition (<see cref="LocalHost.ComposeWeb"/>: pipeline services, API, rate limits) on a real Kestrel
/// port over Azurite, on a pinned clock, with no timers: a small feed on Kestrel serves the hierarchy and catalogue (units and
/// procedures keep coming from the feed), dossiers come only through <c>/api/dvcqg</c>, and <see cref="SettleAsync"/> runs the
/// jobs (pull, apply, refresh) once, as the timers and queue workers would.
/// </summary>
public sealed class NationalSyncHost : IAsyncLifetime
{
    public const string Username = "sync-module";
    public const string Password = "sync-password-0123";

    /// <summary>Now for every test: 20 November 2026, 10:00 Vietnam time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, VietnamTime.Offset);

    private readonly AzuriteFixture _azurite = new();
    private WebApplication? _feed;
    private WebApplication? _app;

    public SettableClock Clock { get; } = new(Start);

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public PipelineStorage Storage => Services.GetRequiredService<PipelineStorage>();

    /// <summary>The Azurite every host of these tests uses (each under its own name prefix).</summary>
    public AzuriteFixture Azurite => _azurite;

    /// <summary>The feed's units and procedures: communes c1…c6 of district d1 of province p, procedures 1.001612 and 2.000001.</summary>
    public IReadOnlyList<ChangeRecord> Catalogue { get; } = [.. CatalogueItems().Select(i => ChangeRecordParser.Parse(Encoding.UTF8.GetBytes(i)).Record!)];

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _feed = await StartFeedAsync();
        var builder = ApiHost.NewBuilder(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Storage:NamePrefix"] = _azurite.NewPrefix(),
            ["Feed:BaseUrl"] = Address(_feed),
            ["Feed:ApiKey"] = "catalogue-key",
            ["Admin:ApiKey"] = "test-admin-key",
            ["Dvcqg:Username"] = Username,
            ["Dvcqg:Password"] = Password,
            ["Dvcqg:SessionLifetime"] = "00:30:00",
            ["Dvcqg:MaxBodyBytes"] = "65536",
            ["Dvcqg:PopulationDatabaseCodes:0"] = "CSDLDC",
            ["RateLimiting:AdminPermitsPerMinute"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:ServiceIndex"] = "Error",
        });
        builder.Services.AddSingleton<TimeProvider>(Clock);
        _app = LocalHost.ComposeWeb(builder);
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(Address(_app)), Timeout = TimeSpan.FromSeconds(60) };
        await SettleAsync();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        foreach (var app in new[] { _app, _feed })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        await _azurite.DisposeAsync();
    }

    /// <summary>What the timers and queue workers do, once: pull the feed, apply every queued message, refresh the scores.</summary>
    public async Task SettleAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await Services.GetRequiredService<PullJob>().RunAsync(null, cts.Token);
        var worker = Services.GetRequiredService<ApplyQueueWorker>();
        while (await worker.ProcessBatchAsync(16, cts.Token) > 0 || (await Storage.Changes.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(50, cts.Token); // a message waiting out its visibility timeout; a bound only turns a hang into a failure
        }

        await Services.GetRequiredService<ScoreRefresher>().RefreshAsync(cts.Token);
    }

    public async Task<JsonElement> PostAsync(string relative, HttpContent content)
    {
        using var response = await Http.PostAsync(new Uri(relative, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /{relative} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task<JsonElement> LoginAsync(string username = Username, string password = Password) =>
        PostAsync("api/dvcqg/auth", JsonContent.Create(new { username, password }));

    public async Task<string> SessionAsync() => (await LoginAsync()).GetProperty("session").GetString()!;

    /// <summary>A <c>DongBoHoSoMC</c> call with a fresh session, as the province's sync module sends it.</summary>
    public async Task<JsonElement> PushAsync(params JsonObject[] dossiers) => await PostAsync("api/dvcqg", Body(await SessionAsync(), dossiers));

    public static StringContent Body(string? session, JsonObject[] dossiers, string service = "DongBoHoSoMC") =>
        new(new JsonObject
        {
            ["session"] = session,
            ["madonvi"] = "000.00.00.H47",
            ["service"] = service,
            ["isUpdating"] = "False",
            ["data"] = new JsonArray([.. dossiers.Select(d => (JsonNode)d.DeepClone())]),
        }.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>Archived blobs and queued messages: what a refused call must leave unchanged.</summary>
    public async Task<(int Blobs, int Queued)> StoredAsync()
    {
        var blobs = 0;
        await foreach (var _ in Storage.Archive.GetBlobsAsync())
        {
            blobs++;
        }

        return (blobs, (await Storage.Changes.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private static IEnumerable<string> CatalogueItems()
    {
        const string at = "2026-01-01T00:00:00+07:00";
        string Unit(string id, string level, string? parent) =>
            $$$"""{"kind":"unit","id":"{{{id}}}","version":1,"changedAt":"{{{at}}}","data":{"name":"Đơn vị {{{id}}}","level":"{{{level}}}","parentId":{{{(parent is null ? "null" : $"\"{parent}\"")}}}}}""";
        string Procedure(string id, bool fee) =>
            $$$"""{"kind":"procedure","id":"{{{id}}}","version":1,"changedAt":"{{{at}}}","data":{"name":"Thủ tục {{{id}}}","field":"ho-tich","unitIds":["c1","c2","c3","c4","c5","c6"],"announcedOnTime":true,"publishedOnTime":true,"publishedComplete":true,"onlineLevel":"full","feeRequired":{{{(fee ? "true" : "false")}}},"onlinePaymentEnabled":true}}""";
        yield return Unit("p", "province", null);
        yield return Unit("d1", "district", "p");
        foreach (var c in new[] { "c1", "c2", "c3", "c4", "c5", "c6" })
        {
            yield return Unit(c, "commune", "d1");
        }

        yield return Procedure("1.001612", fee: false);
        yield return Procedure("2.000001", fee: true);
    }

    /// <summary>The feed of <c>feed.md</c> holding only the catalogue: one page.</summary>
    private static async Task<WebApplication> StartFeedAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var feed = builder.Build();
        var page = $$"""{"items":[{{string.Join(",", CatalogueItems())}}],"next":"end","hasMore":false}""";
        feed.MapGet("/changes", (HttpRequest request) => request.Headers["X-Api-Key"] != "catalogue-key" ? Results.Unauthorized()
            : request.Query["after"] == "end" ? Results.Text("""{"items":[],"next":"end","hasMore":false}""", "application/json")
            : Results.Text(page, "application/json"));
        await feed.StartAsync();
        return feed;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
}
