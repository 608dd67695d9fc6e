using System.Net;

namespace ServiceIndex.Host.Tests.Api;

/// <summary>Every bad input is a 400 problem that says what was wrong — never a 500.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class ErrorPathTests(ApiHost host)
{
    [Theory]
    [InlineData("api/scores?period=2024-13", "month 13")]
    [InlineData("api/scores?period=2024-Q5", "quarter 5")]
    [InlineData("api/scores?period=last-week", "'last-week' is not a period")]
    [InlineData("api/scores?period=2024-05-07..2024-04-17", "ends before it starts")]
    [InlineData("api/scores?period=2024-02-30..2024-03-01", "does not exist")]
    [InlineData("api/rankings?period=24&level=district", "'24' is not a period")]
    [InlineData("api/late-dossiers?period=2024-00", "month 0")]
    [InlineData("api/target?period=May", "'May' is not a period")]
    [InlineData("api/scores?level=city", "'city' is not a level")]
    [InlineData("api/rankings?level=ward", "'ward' is not a level")]
    [InlineData("api/rankings", "level is missing")]
    [InlineData("api/scores?unitId=atlantis", "'atlantis'")]
    [InlineData("api/late-dossiers?unitId=atlantis", "'atlantis'")]
    [InlineData("api/due-soon?unitId=atlantis", "'atlantis'")]
    [InlineData("api/trend?unitId=atlantis", "'atlantis'")]
    [InlineData("api/due-soon?days=0", "days must be a whole number from 1 to 60")]
    [InlineData("api/due-soon?days=61", "days must be a whole number from 1 to 60")]
    [InlineData("api/due-soon?days=three", "got 'three'")]
    [InlineData("api/late-dossiers?limit=1001", "limit must be a whole number from 1 to 1000")]
    [InlineData("api/late-dossiers?limit=-1", "limit must be")]
    [InlineData("api/late-dossiers?offset=x", "offset must be")]
    [InlineData("api/late-dossiers?sort=name", "'name' is not a valid sort")]
    [InlineData("api/late-dossiers?order=up", "'up' is not a valid order")]
    [InlineData("api/late-dossiers?format=pdf", "'pdf' is not a valid format; expected one of json, csv, xlsx")]
    [InlineData("api/dead-letters?limit=0", "limit must be")]
    [InlineData("api/trend?months=61", "months must be")]
    public async Task Bad_input_is_a_400_problem_naming_what_was_wrong(string url, string detail)
    {
        using var response = await host.GetAsync(url);

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await host.GetAsync("api/no-such-thing");

        await Problems.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_without_detail_or_stack_trace()
    {
        using var response = await host.GetAsync("api/test/throws");
        var body = await response.Content.ReadAsStringAsync();

        var problem = await Problems.AssertAsync(response, HttpStatusCode.InternalServerError);
        Assert.False(problem.TryGetProperty("detail", out _));
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }
}
