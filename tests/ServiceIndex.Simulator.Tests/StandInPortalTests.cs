using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ServiceIndex.Simulator.Tests;

/// <summary>The stand-in national portal served beside the feed, over HTTP (<c>national-portal.md</c> §2).</summary>
public sealed class StandInPortalTests
{
    private const string ServiceResults = "api/v1/reporting/evaluation/service-results";
    private const string ProgressTree = "api/v1/reporting/evaluation/dvc-progress-tree";

    private static readonly string DaNang = Path.Combine(AppContext.BaseDirectory, "hierarchies", "da-nang-2025.json");

    private static Task<SimulatorServer> StartAsync(int seed = 766, string? hierarchy = null) =>
        SimulatorServer.StartAsync(Histories.Small(6_000, new DateOnly(2023, 4, 1), new DateOnly(2023, 4, 30)) with { Seed = seed, HierarchyFile = hierarchy },
            new FakeTimeProvider(Histories.Now));

    private static async Task<JsonElement> PostAsync(SimulatorServer server, string path, object body)
    {
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal("OK", json.GetProperty("code").GetString());
        return json.GetProperty("data");
    }

    private static object Month(int year, int month, string? root = null) => root is null
        ? new { timeType = "month", year, month, departmentType = "ADMINISTRATIVE_UNIT" }
        : new { timeType = "month", year, month, departmentType = "ADMINISTRATIVE_UNIT", rootDepartmentId = root };

    [Fact]
    public async Task Service_results_list_the_34_provinces_with_six_bars_and_ours_once()
    {
        await using var server = await StartAsync();
        var rows = (await PostAsync(server, ServiceResults, Month(2023, 4))).EnumerateArray().ToList();

        Assert.Equal(34, rows.Count);
        Assert.Equal(34, rows.Select(r => r.GetProperty("departmentId").GetString()).Distinct().Count());
        Assert.Single(rows, r => r.GetProperty("departmentId").GetString() == server.Portal.DepartmentId);
        Assert.Contains(rows, r => r.GetProperty("departmentName").GetString() == "UBND thành phố Hồ Chí Minh");
        Assert.All(rows, r => Assert.Equal(["CKMB", "CLGQ", "MDHL", "MDSH", "TDGQ", "TTTT"],
            r.GetProperty("groupScores").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Our_row_is_the_root_of_the_loaded_hierarchy_named_as_the_portal_names_it()
    {
        await using var server = await StartAsync(hierarchy: DaNang);
        var rows = (await PostAsync(server, ServiceResults, Month(2023, 4))).EnumerateArray().ToList();

        var ours = Assert.Single(rows, r => r.GetProperty("departmentId").GetString() == server.Portal.DepartmentId);
        Assert.Equal("UBND thành phố Đà Nẵng", ours.GetProperty("departmentName").GetString());
        Assert.Equal(PortalProvinces.DaNang.DepartmentId, server.Portal.DepartmentId);
    }

    [Fact]
    public async Task The_other_provinces_are_the_same_for_the_same_seed_and_differ_for_another()
    {
        await using var a = await StartAsync(766);
        await using var b = await StartAsync(766);
        await using var c = await StartAsync(767);

        string Others(JsonElement data, string self) => string.Join('|', data.EnumerateArray()
            .Where(r => r.GetProperty("departmentId").GetString() != self).Select(r => r.GetRawText()));
        var first = Others(await PostAsync(a, ServiceResults, Month(2023, 4)), a.Portal.DepartmentId);
        Assert.Equal(first, Others(await PostAsync(b, ServiceResults, Month(2023, 4)), b.Portal.DepartmentId));
        Assert.NotEqual(first, Others(await PostAsync(c, ServiceResults, Month(2023, 4)), c.Portal.DepartmentId));
    }

    [Fact]
    public async Task The_progress_tree_has_our_root_and_each_of_its_direct_units()
    {
        await using var server = await StartAsync();
        var tree = await PostAsync(server, ProgressTree, Month(2023, 4, server.Portal.DepartmentId));
        var hierarchy = server.Feed.History.Hierarchy;

        Assert.Equal(server.Portal.DepartmentId, tree.GetProperty("parent").GetProperty("departmentId").GetString());
        Assert.Equal(hierarchy.Units.Count(u => u.ParentId == hierarchy.Root.Id), tree.GetProperty("children").GetArrayLength());
        var parent = tree.GetProperty("parent");
        Assert.True(parent.GetProperty("totalReceived").GetInt64() > 0);
        Assert.True(tree.GetProperty("children").EnumerateArray().Sum(c => c.GetProperty("totalReceived").GetInt64()) <= parent.GetProperty("totalReceived").GetInt64(),
            "the province's subtree holds every child's dossiers");
        Assert.Equal(20m, parent.GetProperty("maxScore").GetDecimal());
    }

    [Fact]
    public async Task A_request_that_is_not_a_period_is_refused_and_an_injected_fault_answers_its_status()
    {
        await using var server = await StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        using (var bad = await client.PostAsJsonAsync(ServiceResults, new { timeType = "week", year = 2023 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        server.Portal.FailWith = 500;
        using (var failed = await client.PostAsJsonAsync(ServiceResults, Month(2023, 4)))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        server.Portal.FailWith = null;
        server.Portal.FailNext(1);
        using (var once = await client.PostAsJsonAsync(ServiceResults, Month(2023, 4)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, once.StatusCode);
        }

        using var then = await client.PostAsJsonAsync(ServiceResults, Month(2023, 4));
        Assert.Equal(HttpStatusCode.Created, then.StatusCode);
        Assert.Equal(4, server.Portal.Requests);
    }
}
