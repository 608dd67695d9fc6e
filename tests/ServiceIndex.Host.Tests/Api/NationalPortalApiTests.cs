using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceIndex.Core.NationalPortal;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.NationalPortal;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>
/// The national portal's published scores read from the simulator's stand-in over HTTP (<c>national-portal.md</c> §2), stored as the
/// national table the target page uses, and reconciled with our own figures.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class NationalPortalApiTests(PortalHost host)
{
    private NationalRankingStore Rankings => host.Services.GetRequiredService<NationalRankingStore>();

    private PortalReadJob Job => host.Services.GetRequiredService<PortalReadJob>();

    [Fact]
    public async Task The_reader_stores_the_34_provinces_of_the_stand_in_with_our_province_marked_isSelf()
    {
        foreach (var label in new[] { host.CurrentMonth.Label, Period.QuarterOf(host.CurrentMonth.From).Label, Period.YearOf(host.CurrentMonth.From).Label })
        {
            var table = await Rankings.GetAsync(label, CancellationToken.None);
            Assert.NotNull(table);
            Assert.Equal(NationalRankingStore.PortalSource, table.Source);
            Assert.Equal(34, table.Provinces.Count);
            var self = Assert.Single(table.Provinces, p => p.IsSelf);
            Assert.Equal(host.Simulator.Portal.DepartmentId, self.DepartmentId);
            Assert.All(table.Provinces, p => Assert.Equal(PortalGroups.Codes.Order(), p.Bars!.Keys.Order()));
        }
    }

    [Fact]
    public async Task Each_province_has_our_five_groups_from_the_six_bars_with_online_services_the_sum_of_the_two_online_bars()
    {
        var table = (await Rankings.GetAsync(host.CurrentMonth.Label, CancellationToken.None))!;
        foreach (var province in table.Provinces)
        {
            var bars = province.Bars!;
            Assert.Equal(bars["CKMB"], province.Groups[Groups.Transparency]);
            Assert.Equal(bars["TDGQ"], province.Groups[Groups.Progress]);
            Assert.Equal(bars["CLGQ"] + bars["TTTT"], province.Groups[Groups.OnlineServices]);
            Assert.Equal(bars["MDSH"], province.Groups[Groups.Digitisation]);
            Assert.Equal(bars["MDHL"], province.Groups[Groups.Satisfaction]);
            Assert.Equal(bars.Values.Sum(), province.Total);
        }
    }

    [Fact]
    public async Task The_target_page_has_the_20th_province_and_the_gap_with_no_admin_upload()
    {
        var target = await host.GetJsonAsync($"api/target?period={host.CurrentMonth.Label}");

        Assert.True(target.GetProperty("rankingImported").GetBoolean());
        Assert.Equal(host.CurrentMonth.Label, target.GetProperty("rankingPeriod").GetString());
        Assert.Equal(34, target.GetProperty("provinces").GetInt32());
        Assert.Equal(JsonValueKind.Number, target.GetProperty("twentiethTotal").ValueKind);
        Assert.All(target.GetProperty("groups").EnumerateArray(), g => Assert.Equal(JsonValueKind.Number, g.GetProperty("gap").ValueKind));
    }

    [Fact]
    public async Task Reconciliation_explains_the_gap_by_the_dossiers_never_synced_and_counts_them_exactly()
    {
        var month = host.CurrentMonth;
        var book = new PeriodScoreBook(month, DateTimeOffset.MaxValue);
        foreach (var record in host.Records)
        {
            book.Apply(record);
        }

        var root = book.Score().Single(s => s.Unit.ParentId is null);
        var unsynced = root.Tally[Counter.Received] - root.Tally[Counter.ReceivedSynced];
        Assert.True(unsynced > 0, "the simulated month has dossiers never synced to the portal");

        var reconciliation = await host.GetJsonAsync($"api/reconciliation?period={month.Label}");
        var province = reconciliation.GetProperty("units").EnumerateArray().First();
        Assert.Equal(root.Unit.Id, province.GetProperty("unitId").GetString());
        Assert.Equal(unsynced, province.GetProperty("unsyncedDossiers").GetInt64());
        var figures = province.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("figure").GetString()!);
        var received = figures["progress.received"];
        Assert.Equal(unsynced, received.GetProperty("difference").GetDecimal());
        Assert.Equal("unsynced", received.GetProperty("cause").GetString());
        Assert.Contains(unsynced.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN")), received.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0m, figures[Groups.Transparency].GetProperty("difference").GetDecimal()); // T4: the portal sees every dossier it has as synced
        foreach (var figure in figures.Values)
        {
            // The stand-in publishes what Core computes over the synced dossiers: ours restricted to them matches exactly, so every
            // difference there is, is the unsynced dossiers'.
            Assert.Equal(figure.GetProperty("portal").GetDecimal(), figure.GetProperty("oursSyncedOnly").GetDecimal());
            var within = Math.Abs(figure.GetProperty("difference").GetDecimal()) <= Reconciliation.Tolerance;
            Assert.Equal(within ? "none" : "unsynced", figure.GetProperty("cause").GetString());
        }
    }

    [Fact]
    public async Task Reconciliation_lists_each_unit_of_the_progress_tree_matched_to_ours()
    {
        var reconciliation = await host.GetJsonAsync($"api/reconciliation?period={host.CurrentMonth.Label}");
        var units = reconciliation.GetProperty("units").EnumerateArray().ToList();
        var children = host.Simulator.Feed.History.Hierarchy.Units.Count(u => u.ParentId == host.Simulator.Feed.History.Hierarchy.Root.Id);

        Assert.Equal(1 + children, units.Count);
        Assert.All(units.Skip(1), u => Assert.Contains(u.GetProperty("figures").EnumerateArray(), f => f.GetProperty("figure").GetString() == "progress.score"));
        var one = units[1].GetProperty("unitId").GetString();
        var only = await host.GetJsonAsync($"api/reconciliation?period={host.CurrentMonth.Label}&unitId={one}");
        Assert.Equal(one, Assert.Single(only.GetProperty("units").EnumerateArray()).GetProperty("unitId").GetString());
    }

    [Fact]
    public async Task Reconciliation_downloads_as_a_workbook_with_one_row_per_unit_and_figure()
    {
        var json = await host.GetJsonAsync($"api/reconciliation?period={host.CurrentMonth.Label}");
        var figures = json.GetProperty("units").EnumerateArray().Sum(u => u.GetProperty("figures").GetArrayLength());

        using var response = await host.Http.GetAsync(new Uri($"api/reconciliation?period={host.CurrentMonth.Label}&format=xlsx", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var workbook = new ClosedXML.Excel.XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(ReconciliationXlsx.Sheet);
        Assert.Equal(1 + figures, sheet.LastRowUsed()!.RowNumber());
        Assert.Equal("Cổng quốc gia", sheet.Cell(1, 6).GetString());
    }

    [Fact]
    public async Task Reconciliation_of_a_period_the_portal_has_not_published_is_404()
    {
        using var response = await host.Http.GetAsync(new Uri("api/reconciliation?period=2019", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_failing_portal_keeps_the_previous_table_retries_each_request_and_the_status_says_so()
    {
        var before = (await Rankings.GetAsync(host.CurrentMonth.Label, CancellationToken.None))!;
        var requests = host.Simulator.Portal.Requests;
        host.Simulator.Portal.FailWith = 500;
        PortalReadResult result;
        try
        {
            result = await Job.RunAsync(CancellationToken.None);
        }
        finally
        {
            host.Simulator.Portal.FailWith = null;
        }

        Assert.False(result.Ok);
        Assert.Equal(3 * (1 + PortalHost.MaxRetries), host.Simulator.Portal.Requests - requests); // three periods, each retried, no tree asked
        var after = (await Rankings.GetAsync(host.CurrentMonth.Label, CancellationToken.None))!;
        Assert.Equal(before.ImportedAt, after.ImportedAt);
        Assert.Equal(34, after.Provinces.Count);
        var status = (await host.GetJsonAsync("api/status")).GetProperty("nationalPortal");
        Assert.Contains("HTTP 500", status.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.All(status.GetProperty("periods").EnumerateArray(), p => Assert.False(p.GetProperty("ok").GetBoolean()));
        Assert.NotEqual(status.GetProperty("lastReadAt").GetString(), status.GetProperty("lastSuccessAt").GetString());

        Assert.True((await Job.RunAsync(CancellationToken.None)).Ok); // and the next read succeeds again
    }

    [Fact]
    public async Task A_portal_that_fails_twice_is_read_by_the_retries()
    {
        var requests = host.Simulator.Portal.Requests;
        host.Simulator.Portal.FailNext(2);

        var result = await Job.RunAsync(CancellationToken.None);

        Assert.True(result.Ok);
        Assert.Equal(2 + (3 * 2), host.Simulator.Portal.Requests - requests); // two failures, then the table and the tree of three periods
        var status = (await host.GetJsonAsync("api/status")).GetProperty("nationalPortal");
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastError").ValueKind);
        Assert.Equal(status.GetProperty("lastReadAt").GetString(), status.GetProperty("lastSuccessAt").GetString());
    }
}
