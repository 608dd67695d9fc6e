using System.Text.Json;
using ServiceIndex.Infra.Tests.Infrastructure;

namespace ServiceIndex.Infra.Tests;

/// <summary>The alert rules and the workbook of docs/operations.md (infra-bicep/core/operations.bicep).</summary>
[Collection(CompiledInfrastructureCollection.Name)]
public sealed class OperationsTests(CompiledInfrastructure infrastructure)
{
    private const string ScheduledQueryRule = "Microsoft.Insights/scheduledQueryRules";

    [Fact]
    public void One_log_alert_per_runbook_alert_each_on_a_documented_metric_or_the_invocations()
    {
        var module = infrastructure.Main.ModuleDeclaring(ScheduledQueryRule);
        var rules = module.Variable("rules").EnumerateArray().ToList();
        Assert.Equal(["feed-lag", "dead-letter-growth", "poison-messages", "function-failures", "refresh-staleness"],
            rules.Select(r => r.GetProperty("name").GetString()));

        var runbook = File.ReadAllText(Path.Combine(infrastructure.RepositoryPath, "docs", "operations.md"));
        foreach (var rule in rules)
        {
            var name = rule.GetProperty("name").GetString()!;
            Assert.Contains($"### Alert: {name}", runbook, StringComparison.Ordinal); // what it means and what to do
            Assert.Contains($"docs/operations.md#alert-{name}", rule.GetProperty("description").GetString(), StringComparison.Ordinal);
            var query = rule.GetProperty("query").GetString()!;
            var metric = System.Text.RegularExpressions.Regex.Match(query, "\"(serviceindex\\.[a-z_.]+)\"");
            Assert.True(metric.Success ? runbook.Contains($"`{metric.Groups[1].Value}`", StringComparison.Ordinal) : query.StartsWith("requests", StringComparison.Ordinal),
                $"{name}: {query}");
            Assert.Contains($"summarize {rule.GetProperty("measure").GetString()} =", query, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Alerts_watch_application_insights_and_notify_the_action_group_parameter()
    {
        var alerts = Assert.Single(infrastructure.All(ScheduledQueryRule));
        var scope = Assert.Single(alerts.Properties.GetProperty("scopes").EnumerateArray()).GetString();
        Assert.Contains("Microsoft.Insights/components", scope, StringComparison.Ordinal);
        Assert.Equal("[variables('actionGroups')]", alerts.Properties.GetProperty("actions").GetProperty("actionGroups").GetString());
        Assert.Equal(JsonValueKind.True, alerts.Properties.GetProperty("autoMitigate").ValueKind);

        var main = infrastructure.Main.Root.GetProperty("parameters");
        Assert.Equal("", main.GetProperty("alertActionGroupId").GetProperty("defaultValue").GetString());
        Assert.Equal("[parameters('alertActionGroupId')]", alerts.Template.Argument("actionGroupId")!.Value.GetString());
    }

    [Fact]
    public void The_workbook_charts_lag_throughput_dead_letters_queue_and_refresh_from_application_insights()
    {
        var workbook = Assert.Single(infrastructure.All("Microsoft.Insights/workbooks"));
        Assert.Contains("Microsoft.Insights/components", workbook.Properties.GetProperty("sourceId").GetString(), StringComparison.Ordinal);
        var charts = workbook.Template.Variable("charts").EnumerateArray().Select(c => c.GetProperty("query").GetString()!).ToList();
        foreach (var metric in new[] { "serviceindex.feed.lag", "serviceindex.records.applied", "serviceindex.records.rejected",
                     "serviceindex.queue.depth", "serviceindex.poison.messages", "serviceindex.refresh.duration", "serviceindex.freshness",
                     "http.server.request.duration", "serviceindex.storage.transactions" })
        {
            Assert.Contains(charts, q => q.Contains($"\"{metric}\"", StringComparison.Ordinal));
        }
    }
}
