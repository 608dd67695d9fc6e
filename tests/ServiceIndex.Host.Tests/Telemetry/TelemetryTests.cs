using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ServiceIndex.Http.Telemetry;
using ServiceIndex.Pipeline.Diagnostics;

namespace ServiceIndex.Host.Tests.Telemetry;

/// <summary>
/// Traces and metrics of the running host (docs/operations.md). Alone, after the parallel tests: activity sources and
/// meter names are process-wide, so another host running in the same test process would add its spans and instruments.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (alone)";
}

[Collection(TelemetryCollection.Name)]
public sealed partial class TelemetryTests(TelemetryHost host) : IClassFixture<TelemetryHost>
{
    [Fact]
    public void Metrics_listed_in_operations_md_are_served_with_their_units_and_move()
    {
        var (status, contentType, text) = host.Metrics;
        Assert.Equal(HttpStatusCode.OK, status); // the host listens on 127.0.0.1 only: no credentials asked
        Assert.StartsWith("text/plain; version=0.0.4", contentType, StringComparison.Ordinal);

        var documented = DocumentedMetrics();
        Assert.True(documented.Count >= 19, $"operations.md lists {documented.Count} metrics");
        foreach (var (name, unit, kind, prometheus) in documented)
        {
            Assert.Equal(prometheus, PrometheusMetrics.NameOf(name, unit) + (kind == "counter" ? "_total" : ""));
            Assert.Contains($"# TYPE {prometheus} {kind}\n", text, StringComparison.Ordinal);
        }

        Assert.True(Sample(text, "serviceindex_feed_items_total") > 0, "records read");
        Assert.True(Sample(text, "serviceindex_records_applied_total") > 0, "records applied");
        Assert.True(Sample(text, "serviceindex_feed_pages_total") > 0, "pages");
        Assert.Equal(0, Sample(text, "serviceindex_feed_lag_seconds")); // caught up: at the head
        Assert.True(Sample(text, "serviceindex_refresh_duration_seconds_count") > 0, "refreshes");
        Assert.True(Sample(text, "serviceindex_refresh_scores_written_total") > 0, "scores written");
        Assert.True(Sample(text, "serviceindex_freshness_seconds_count") > 0, "freshness measured");
        Assert.True(Sample(text, "serviceindex_apply_lag_seconds_count") > 0, "apply lag measured");
        foreach (var service in new[] { "table", "blob", "queue" })
        {
            Assert.True(Sample(text, $"serviceindex_storage_transactions_total{{service=\"{service}\"}}") > 0, service);
        }

        Assert.Matches(StatusRouteDuration(), text);
    }

    [Fact]
    public void The_dashboards_hour_adds_up_to_the_same_counters_as_metrics()
    {
        var text = host.Metrics.Text;
        var points = host.Operations.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(15, host.Operations.GetProperty("intervalSeconds").GetInt32());
        Assert.Equal(Sample(text, "serviceindex_records_applied_total"), points.Sum(p => p.GetProperty("recordsApplied").GetInt64()));
        Assert.Equal(Sample(text, "serviceindex_feed_items_total"), points.Sum(p => p.GetProperty("recordsRead").GetInt64()));
        Assert.Equal(Sample(text, "serviceindex_records_rejected_total"), points.Sum(p => p.GetProperty("deadLettered").GetInt64()));
        Assert.Equal(0, points[^1].GetProperty("feedLagSeconds").GetDouble());
    }

    [Fact]
    public async Task One_applied_change_is_one_connected_trace_from_its_feed_page_through_apply_to_refresh()
    {
        var spans = (await host.StopAsync()).Where(s => s.TraceId != default).ToList();
        var ours = spans.Where(s => s.Source.Name == PipelineTelemetry.SourceName).ToList();
        var applies = ours.Where(s => s.DisplayName == PipelineTelemetry.ApplySpan).ToList();
        Assert.NotEmpty(applies);

        // Every apply belongs to the trace of the page its items came from: a feed.page root linked to its pull run.
        foreach (var apply in applies)
        {
            var page = Assert.Single(ours, s => s.TraceId == apply.TraceId && s.DisplayName == PipelineTelemetry.PageSpan);
            Assert.Equal(page.SpanId, apply.ParentSpanId);
            Assert.Equal(default, page.ParentSpanId);
            var run = Assert.Single(page.Links).Context;
            Assert.Contains(ours, s => s.DisplayName == PipelineTelemetry.PullSpan && s.SpanId == run.SpanId);
        }

        // A refresh continues the trace of the first apply it includes: pull, apply and refresh in one connected trace.
        var refresh = ours.First(s => s.DisplayName == PipelineTelemetry.RefreshSpan && s.ParentSpanId != default);
        var trace = spans.Where(s => s.TraceId == refresh.TraceId).ToList();
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => s.ParentSpanId != default), s => Assert.Contains(s.ParentSpanId, ids));
        Assert.Single(trace, s => s.ParentSpanId == default);
        foreach (var name in new[] { PipelineTelemetry.PageSpan, PipelineTelemetry.ArchiveSpan, PipelineTelemetry.EnqueueSpan,
                     PipelineTelemetry.ApplySpan, PipelineTelemetry.RefreshSpan })
        {
            Assert.Contains(trace, s => s.Source.Name == PipelineTelemetry.SourceName && s.DisplayName == name);
        }

        Assert.Contains(trace, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal)); // the SDK's own storage spans
    }

    [Fact]
    public async Task Metrics_ask_for_the_admin_key_when_the_host_listens_beyond_loopback()
    {
        var builder = Api.ApiHost.NewBuilder(new Dictionary<string, string?>
        {
            ["Urls"] = "http://0.0.0.0:0",
            ["Storage:ConnectionString"] = host.Azurite.ConnectionString,
            ["Storage:NamePrefix"] = host.Azurite.NewPrefix(),
            ["Feed:BaseUrl"] = "http://127.0.0.1:9/",
            ["Feed:ApiKey"] = "unused",
            ["Admin:ApiKey"] = TelemetryHost.AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await using var app = Hosting.LocalHost.ComposeWeb(builder); // the web part only: no pull, no workers
        await app.StartAsync();
        var address = new Uri(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = address };

        using var anonymous = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative)) { Headers = { { "X-Api-Key", "wrong" } } };
        using var refused = await http.SendAsync(wrongKey);
        using var withKey = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative)) { Headers = { { "X-Api-Key", TelemetryHost.AdminKey } } };
        using var admitted = await http.SendAsync(withKey);
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Contains("# TYPE serviceindex_records_applied_total counter", await admitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    public void Loopback_is_every_listening_address_on_this_machine_only(string address, bool loopback)
    {
        var server = new Microsoft.AspNetCore.Hosting.Server.Features.ServerAddressesFeature();
        server.Addresses.Add(address);
        var features = new Microsoft.AspNetCore.Http.Features.FeatureCollection();
        features.Set<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>(server);
        Assert.Equal(loopback, ServiceIndexTelemetry.OnlyLoopback(new FakeServer(features)));
    }

    [Theory]
    [InlineData("serviceindex.feed.lag", "s", "serviceindex_feed_lag_seconds")]
    [InlineData("serviceindex.records.applied", "{record}", "serviceindex_records_applied")]
    [InlineData("http.server.request.duration", "s", "http_server_request_duration_seconds")]
    [InlineData("process.memory", "By", "process_memory_bytes")]
    [InlineData("queue.wait_seconds", "s", "queue_wait_seconds")]
    [InlineData("9lives-x", "", "_9lives_x")]
    public void Prometheus_names_follow_the_OpenTelemetry_compatibility_rules(string name, string unit, string expected) =>
        Assert.Equal(expected, PrometheusMetrics.NameOf(name, unit));

    private sealed class FakeServer(Microsoft.AspNetCore.Http.Features.IFeatureCollection features) : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features => features;

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static List<(string Name, string Unit, string Kind, string Prometheus)> DocumentedMetrics()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "operations.md");
        return [.. File.ReadLines(path).Select(line => MetricRow().Match(line)).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value))];
    }

    private static double Sample(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No sample {series} in /metrics:\n{text}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\| `([a-z_.]+)` \| `([^`]+)` \| (counter|gauge|histogram) \| `([a-z_]+)` \|")]
    private static partial Regex MetricRow();

    [GeneratedRegex(@"http_server_request_duration_seconds_count\{[^}]*http_route=""/api/status""[^}]*\} [1-9]")]
    private static partial Regex StatusRouteDuration();
}
