using System.Net;
using System.Text.Json;

namespace ServiceIndex.Host.Tests.Api;

internal static class Problems
{
    /// <summary>Asserts an RFC 7807 answer with <paramref name="status"/> whose detail mentions <paramref name="detailContains"/>; returns the document.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (detailContains is not null)
        {
            Assert.True(problem.TryGetProperty("detail", out var detail), $"No detail in {body}");
            Assert.Contains(detailContains, detail.GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }
}
