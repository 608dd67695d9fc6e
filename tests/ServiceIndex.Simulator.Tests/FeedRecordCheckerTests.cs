using System.Text.Json;

namespace ServiceIndex.Simulator.Tests;

/// <summary>The checker the history tests rely on must itself reject what feed.md rejects.</summary>
public sealed class FeedRecordCheckerTests
{
    private const string Received = "2024-04-01T08:00:00+07:00";

    private static string Dossier(string extra) =>
        $$$"""
        {"kind":"dossier","id":"D1","version":2,"changedAt":"2024-04-20T08:00:00+07:00","deleted":false,"data":{
        "code":"D1","unitId":"u","procedureId":"p","channel":"online","receivedAt":"{{{Received}}}","dueAt":null,"completedAt":null,
        "status":"processing","syncedToNationalPortal":true,"componentsDigitized":true,"resultDigitized":false,
        "reusedDigitalData":false,"feeRequired":true,"paidOnline":false,"rating":null,"linkedToCitizenStore":false,
        "usedPopulationData":false{{{extra}}}}}
        """;

    [Theory]
    [InlineData("")]
    [InlineData(""","feeWaived":true,"supplements":[]""")]
    [InlineData(""","supplements":[{"requestedAt":"2024-04-02T08:00:00+07:00","resumedAt":null}]""")]
    [InlineData(""","supplements":[{"requestedAt":"2024-04-02T08:00:00+07:00"}]""")]
    [InlineData(""","supplements":[{"requestedAt":"2024-04-02T08:00:00+07:00","resumedAt":"2024-04-05T08:00:00+07:00"},{"requestedAt":"2024-04-05T08:00:00+07:00","resumedAt":null}]""")]
    public void A_dossier_with_ordered_supplements_is_valid(string extra)
    {
        Assert.Null(FeedRecordChecker.CheckLine(Dossier(extra)));
    }

    [Theory]
    [InlineData(""","feeWaived":"yes" """)]
    [InlineData(""","supplements":{}""")]
    [InlineData(""","supplements":[{"resumedAt":null}]""")]
    [InlineData(""","supplements":[{"requestedAt":"2024-03-31T08:00:00+07:00","resumedAt":null}]""")]
    [InlineData(""","supplements":[{"requestedAt":"2024-04-02T08:00:00+07:00","resumedAt":"2024-04-02T07:00:00+07:00"}]""")]
    [InlineData(""","supplements":[{"requestedAt":"2024-04-02T08:00:00+07:00","resumedAt":null},{"requestedAt":"2024-04-03T08:00:00+07:00","resumedAt":null}]""")]
    [InlineData(""","supplements":[{"requestedAt":"2024-04-02T08:00:00+07:00","resumedAt":"2024-04-05T08:00:00+07:00"},{"requestedAt":"2024-04-04T08:00:00+07:00","resumedAt":null}]""")]
    public void A_dossier_breaking_a_supplement_or_waiver_rule_is_rejected(string extra)
    {
        Assert.NotNull(FeedRecordChecker.CheckLine(Dossier(extra)));
    }

    [Fact]
    public void A_procedure_whose_paperResult_is_not_a_boolean_is_rejected()
    {
        var procedure = """
            {"kind":"procedure","id":"p","version":1,"changedAt":"2024-04-01T08:00:00+07:00","data":{"name":"n","field":"f",
            "unitIds":["u"],"publishedOnTime":true,"onlineLevel":"full","feeRequired":true,"onlinePaymentEnabled":true,
            "announcedOnTime":true,"publishedComplete":true,"paperResult":"no"}}
            """;

        Assert.Equal("procedure paperResult", FeedRecordChecker.CheckLine(procedure));
        Assert.Null(FeedRecordChecker.CheckLine(procedure.Replace("\"no\"", "false", StringComparison.Ordinal)));
    }
}
