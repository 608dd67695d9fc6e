using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ServiceIndex.Core.NationalPortal;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Pipeline.NationalPortal;

/// <summary>One province's row of <c>service-results</c>: the portal's total and its six bars by code.</summary>
public sealed record PortalRow(string DepartmentId, string DepartmentName, decimal TotalScore, IReadOnlyDictionary<string, decimal> GroupScores);

/// <summary>One unit of <c>dvc-progress-tree</c> (the fields the portal publishes; null where it leaves one out).</summary>
public sealed record PortalTreeNode(
    string? DepartmentId,
    string? DepartmentName,
    long? TotalReceived,
    long? TotalOnTime,
    long? TotalOverdue,
    long? TotalCompleted,
    decimal? AvgProcessingDays,
    decimal? Ratio,
    decimal? Score,
    decimal? MaxScore,
    decimal? ScoreDelta);

/// <summary>The progress tree of our province for one period: the province (<c>parent</c>) and its direct units (<c>children</c>).</summary>
public sealed record PortalTree(PortalTreeNode Parent, IReadOnlyList<PortalTreeNode> Children);

/// <summary>The portal could not be read, or answered something other than its published shape.</summary>
public sealed class PortalReadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the national portal's published scores (<c>national-portal.md</c> §2): <c>POST {BaseUrl}/api/v1/reporting/evaluation/…</c>
/// with <c>{timeType, year, quarter|month, departmentType}</c>. A typed <see cref="HttpClient"/>: retries with exponential backoff and
/// jitter, <c>Retry-After</c>, timeouts and a circuit breaker are the resilience handler's (<see cref="NationalPortalServiceCollectionExtensions"/>).
/// </summary>
public sealed class PortalClient(HttpClient http)
{
    private const string ServiceResults = "api/v1/reporting/evaluation/service-results";
    private const string ProgressTree = "api/v1/reporting/evaluation/dvc-progress-tree";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    /// <summary>Every province's published scores for <paramref name="period"/> (a year, quarter or month).</summary>
    public async Task<IReadOnlyList<PortalRow>> GetServiceResultsAsync(Period period, CancellationToken cancellationToken)
    {
        var data = await PostAsync(ServiceResults, Request(period, null), cancellationToken).ConfigureAwait(false);

        // The specification's shape is an array; the peer crawler saw {overview, evaluation: [...]} (src/qd766/national_summary.py): both are read.
        var rows = data.ValueKind == JsonValueKind.Array ? data
            : data.ValueKind == JsonValueKind.Object && data.TryGetProperty("evaluation", out var evaluation) && evaluation.ValueKind == JsonValueKind.Array ? evaluation
            : throw new PortalReadException("service-results: data is neither an array of provinces nor {evaluation: [...]}.");
        var result = new List<PortalRow>();
        foreach (var row in rows.EnumerateArray())
        {
            var id = Text(row, "departmentId");
            var name = Text(row, "departmentName");
            if (id is null || name is null || !row.TryGetProperty("groupScores", out var groups) || groups.ValueKind != JsonValueKind.Object)
            {
                throw new PortalReadException(string.Create(CultureInfo.InvariantCulture, $"service-results: row {result.Count} lacks departmentId, departmentName or groupScores."));
            }

            var byCode = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var code in PortalGroups.Codes)
            {
                byCode[code] = Number(groups, code) ?? throw new PortalReadException($"service-results: {name} has no number for {code}.");
            }

            result.Add(new PortalRow(id, name, Number(row, "totalScore") ?? byCode.Values.Sum(), byCode));
        }

        return result.Count > 0 ? result : throw new PortalReadException("service-results: the table is empty.");
    }

    /// <summary>The progress tree of the province <paramref name="rootDepartmentId"/> for <paramref name="period"/>.</summary>
    public async Task<PortalTree> GetProgressTreeAsync(Period period, string rootDepartmentId, CancellationToken cancellationToken)
    {
        var data = await PostAsync(ProgressTree, Request(period, rootDepartmentId), cancellationToken).ConfigureAwait(false);
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("parent", out var parent) || parent.ValueKind != JsonValueKind.Object)
        {
            throw new PortalReadException("dvc-progress-tree: data has no parent.");
        }

        var children = data.TryGetProperty("children", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Select(n => n.Deserialize<PortalTreeNode>(Json)!).ToList()
            : [];
        return new PortalTree(parent.Deserialize<PortalTreeNode>(Json)!, children);
    }

    private static Dictionary<string, object> Request(Period period, string? root)
    {
        var body = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["timeType"] = period.Kind switch { PeriodKind.Year => "year", PeriodKind.Quarter => "quarter", _ => "month" },
            ["year"] = period.From.Year,
        };
        if (period.Kind == PeriodKind.Quarter)
        {
            body["quarter"] = ((period.From.Month - 1) / 3) + 1;
        }
        else if (period.Kind == PeriodKind.Month)
        {
            body["month"] = period.From.Month;
        }

        body["departmentType"] = "ADMINISTRATIVE_UNIT";
        if (root is not null)
        {
            body["rootDepartmentId"] = root;
        }

        return body;
    }

    private async Task<JsonElement> PostAsync(string path, Dictionary<string, object> body, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException)
        {
            throw new PortalReadException($"{path}: not reachable after retries ({ex.Message})", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new PortalReadException(string.Create(CultureInfo.InvariantCulture, $"{path}: HTTP {(int)response.StatusCode} after retries."));
            }

            try
            {
                using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || Text(root, "code") != "OK" || !root.TryGetProperty("data", out var data))
                {
                    throw new PortalReadException($"{path}: the answer is not {{\"code\":\"OK\",\"data\":…}}.");
                }

                return data.Clone();
            }
            catch (JsonException ex)
            {
                throw new PortalReadException($"{path}: the answer is not JSON ({ex.Message}).", ex);
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.ToString() : null;

    private static decimal? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && (value.ValueKind == JsonValueKind.Number ? value.TryGetDecimal(out var n)
            : value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out n))
            ? n : null;
}
