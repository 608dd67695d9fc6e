using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ServiceIndex.Host.Reliability;
using ServiceIndex.Pipeline.Tests.Infrastructure;
using ServiceIndex.Simulator;
using ServiceIndex.Testing;

namespace ServiceIndex.Host.Tests;

/// <summary>
/// The real host, logging everything down to Trace while it backfills through feed and storage faults and answers
/// admin calls with right and wrong keys, never writes a secret: not the admin key, not the feed key, not the
/// storage account key.
/// </summary>
public sealed class SecretsInLogsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string AdminKey = "admin-5ecret-9f8e7d6c5b4a";
    private const string FeedKey = "feed-5ecret-0a1b2c3d4e5f";

    [Fact]
    public async Task A_host_logging_at_trace_through_faults_and_admin_calls_writes_no_key_of_any_kind()
    {
        await using var feed = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            Seed = 9,
            From = new DateOnly(2024, 5, 1),
            To = new DateOnly(2024, 5, 20),
            DossiersPerYear = 8_000,
            LiveRatePerSecond = 0,
            ApiKey = FeedKey,
            HttpFaults = new HttpFaultOptions { ThrottleRate = 0.1, ServerErrorRate = 0.1 },
        }, PinnedClock.Create());
        var port = FreePort();
        string[] configuration =
        [
            $"--Urls=http://127.0.0.1:{port}", PinnedClock.Argument,
            $"--Storage:ConnectionString={azurite.ConnectionString}", $"--Storage:NamePrefix={azurite.NewPrefix()}",
            "--Storage:Faults:Rate=0.02", "--Storage:Faults:ClientRetries=1",
            $"--Feed:BaseUrl={feed.BaseUrl}", $"--Feed:ApiKey={FeedKey}", "--Feed:RetryBaseDelay=00:00:00.050",
            $"--Admin:ApiKey={AdminKey}",
            "--Pipeline:PullSchedule=* * * * * *", "--Pipeline:RefreshSchedule=*/2 * * * * *",
            "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Azure=Trace", "--Logging:LogLevel:Azure.Core=Trace",
            "--Logging:LogLevel:ServiceIndex.Pipeline=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
            "--Logging:LogLevel:System.Net.Http.HttpClient=Trace", "--Logging:LogLevel:Polly=Trace",
            "--LocalHost:QuietConsole=false", // every line on the console, where the test reads them
        ];

        await using var host = HostChild.Start(Cli.HostDll, configuration, keepLines: true);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitForCaughtUpAsync(host, http, TimeSpan.FromMinutes(3));
        foreach (var key in new[] { AdminKey, "wrong-" + AdminKey, AdminKey[..^1] })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "api/admin/national-ranking?period=2024")
            {
                Content = new StringContent("province,transparency\nA,x\n", System.Text.Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("X-Api-Key", key);
            using var response = await http.SendAsync(request);
            Assert.True((int)response.StatusCode is 400 or 403, $"{(int)response.StatusCode}");
        }

        await host.KillAsync();
        List<string> lines;
        lock (host.Lines)
        {
            lines = [.. host.Lines];
        }

        Assert.True(lines.Count > 200, $"only {lines.Count} log lines: is Trace logging on?");
        Assert.Contains(lines, l => l.Contains("Storage fault injected", StringComparison.Ordinal)); // the error paths were logged too
        foreach (var secret in new[] { AdminKey, FeedKey, AzuriteFixture.AccountKey, AzuriteFixture.AccountKey[..16], "AccountKey=" })
        {
            var leak = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a log line holds '{secret[..Math.Min(8, secret.Length)]}…': {leak}");
        }
    }

    private static Task WaitForCaughtUpAsync(HostChild host, HttpClient http, TimeSpan timeout) =>
        Eventually.TrueAsync(async () =>
        {
            Assert.False(host.HasExited, host.Tail);
            using var response = await http.GetAsync(new Uri("api/status", UriKind.Relative));
            return response.IsSuccessStatusCode &&
                JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("caughtUp").GetBoolean();
        }, "the host to catch up", timeout, TimeSpan.FromMilliseconds(500), () => host.Tail);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
