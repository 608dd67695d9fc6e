using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.NationalPortal;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Simulator;

/// <summary>
/// A stand-in for the national portal's published scores (<c>national-portal.md</c> §2), served beside the feed:
/// <c>POST /api/v1/reporting/evaluation/service-results</c> (the 34 provinces) and <c>…/dvc-progress-tree</c> (our
/// province's units), both answering HTTP 201 <c>{"code":"OK","data":…}</c>. Our province's row — the hierarchy's root,
/// <see cref="DepartmentId"/> — is what the portal would compute from the simulated history: Core's scorer over the dossiers
/// synced to the portal only (<see cref="PortalScoring"/>), as of the moment asked. The 33 others are drawn from the seed
/// (each bar 60–98 % of its maximum), the same for the same seed and period.
/// </summary>
public sealed class StandInPortal
{
    private readonly ChangeFeed _feed;
    private readonly Lock _gate = new();
    private readonly VersionedState _state = new();
    private long _position;
    private long _requests;
    private int _failuresLeft;

    internal StandInPortal(ChangeFeed feed)
    {
        _feed = feed;
        var root = feed.History.Hierarchy.Root;
        var named = PortalProvinces.Named(root.Name);
        DepartmentId = feed.Options.PortalDepartmentId ?? (named ?? PortalProvinces.DaNang).DepartmentId;
        var replaced = PortalProvinces.All.FirstOrDefault(p => p.DepartmentId == DepartmentId);
        Name = named?.Name ?? $"UBND {char.ToLower(root.Name[0], CultureInfo.GetCultureInfo("vi-VN"))}{root.Name[1..]}";
        Others = [.. PortalProvinces.All.Where(p => p != (named ?? replaced))];
    }

    /// <summary>Our province's <c>departmentId</c> (set <c>NationalPortal:ProvinceId</c> to it).</summary>
    public string DepartmentId { get; }

    /// <summary>Our province's name in the table.</summary>
    public string Name { get; }

    /// <summary>The other provinces of the table (33 when our root is one of the 34 or stands in for one).</summary>
    public IReadOnlyList<PortalProvince> Others { get; }

    /// <summary>Requests received (faulted ones included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>When set, every request answers this status (a portal that is down); null (default): answer normally.</summary>
    public int? FailWith { get; set; }

    /// <summary>The next <paramref name="count"/> requests answer 503 (a portal that recovers).</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    /// <summary>The portal's routes (paths as on the real portal, after <c>NationalPortal:BaseUrl</c>).</summary>
    internal void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/reporting/evaluation/service-results", context => HandleAsync(context, tree: false));
        endpoints.MapPost("/api/v1/reporting/evaluation/dvc-progress-tree", context => HandleAsync(context, tree: true));
    }

    /// <summary>The stand-in's body for one request, or null with a reason when the request is not one the portal accepts.</summary>
    internal byte[]? Answer(JsonElement request, bool tree, out string? error)
    {
        if (!TryPeriod(request, out var period, out error))
        {
            return null;
        }

        if (tree && (!request.TryGetProperty("rootDepartmentId", out var root) || root.GetString() != DepartmentId))
        {
            error = "rootDepartmentId is not a province this stand-in publishes units of.";
            return null;
        }

        var now = _feed.TimeProvider.GetUtcNow();
        var live = Live();
        var scores = PortalScoring.Score(period, now, live, syncedOnly: true, IndexRules.Default);
        var body = new ArrayBufferWriter<byte>(8192);
        using (var w = new Utf8JsonWriter(body, ChangeRecordWriter.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("code", "OK");
            if (tree)
            {
                var previous = ScoreDelta.PreviousOf(period) is { } p
                    ? PortalScoring.Score(p, now, live, syncedOnly: true, IndexRules.Default).ToDictionary(s => s.Unit.Id, StringComparer.Ordinal)
                    : [];
                WriteTree(w, scores, previous);
            }
            else
            {
                WriteTable(w, scores, period);
            }

            w.WriteEndObject();
        }

        return body.WrittenSpan.ToArray();
    }

    private async Task HandleAsync(HttpContext context, bool tree)
    {
        Interlocked.Increment(ref _requests);
        var response = context.Response;
        var status = FailWith;
        if (status is null && Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            status = StatusCodes.Status503ServiceUnavailable;
        }
        else
        {
            Interlocked.CompareExchange(ref _failuresLeft, 0, -1);
        }

        if (status is { } failed)
        {
            await WriteAsync(response, failed, Encoding.UTF8.GetBytes("""{"code":"ERROR","message":"Injected fault."}"""), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        byte[]? answer;
        string? error;
        try
        {
            using var request = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            answer = Answer(request.RootElement, tree, out error);
        }
        catch (JsonException)
        {
            (answer, error) = (null, "The body is not JSON.");
        }

        if (answer is null)
        {
            var problem = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["code"] = "BAD_REQUEST", ["message"] = error! });
            await WriteAsync(response, StatusCodes.Status400BadRequest, problem, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await WriteAsync(response, StatusCodes.Status201Created, answer, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpResponse response, int status, byte[] body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The live records of the feed so far (read incrementally: only deliveries appended since the last request are parsed).</summary>
    private List<ChangeRecord> Live()
    {
        lock (_gate)
        {
            _position = _feed.ForEachRecord(_position, line =>
            {
                if (ChangeRecordParser.Parse(line).Record is { } record)
                {
                    _state.Offer(record, out _);
                }
            });
            return [.. _state.Live];
        }
    }

    private void WriteTable(Utf8JsonWriter w, IReadOnlyList<UnitScore> scores, Period period)
    {
        var root = scores.Single(s => s.Unit.Id == _feed.History.Hierarchy.Root.Id);
        w.WriteStartArray("data");
        var rows = Others.Select(p => (p.DepartmentId, p.Name, Codes: (IReadOnlyDictionary<string, decimal>)Drawn(p, period)))
            .Append((DepartmentId, Name, Codes: PortalGroups.ByCode(root, IndexRules.Default)))
            .OrderBy(r => r.DepartmentId, StringComparer.Ordinal);
        foreach (var (id, name, codes) in rows)
        {
            w.WriteStartObject();
            w.WriteString("departmentId", id);
            w.WriteString("departmentName", name);
            w.WriteNumber("totalScore", Output.Round(codes.Values.Sum()));
            w.WriteStartObject("groupScores");
            foreach (var code in PortalGroups.Codes)
            {
                w.WriteNumber(code, Output.Round(codes[code]));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteTree(Utf8JsonWriter w, IReadOnlyList<UnitScore> scores, Dictionary<string, UnitScore> previous)
    {
        var rootId = _feed.History.Hierarchy.Root.Id;
        w.WriteStartObject("data");
        w.WritePropertyName("parent");
        WriteNode(w, scores.Single(s => s.Unit.Id == rootId), DepartmentId, Name, previous);
        w.WriteStartArray("children");
        foreach (var child in scores.Where(s => s.Unit.ParentId == rootId).OrderBy(s => s.Unit.Id, StringComparer.Ordinal))
        {
            WriteNode(w, child, PortalProvinces.IdOf("unit:" + child.Unit.Id), child.Unit.Name, previous);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter w, UnitScore score, string id, string name, Dictionary<string, UnitScore> previous)
    {
        var parts = ProgressParts.Of(score.Tally);
        var p1 = score.Indicators.Single(i => i.Code == "P1");
        var points = Output.Round(p1.Points);
        w.WriteStartObject();
        w.WriteString("departmentId", id);
        w.WriteString("departmentName", name);
        w.WriteNumber("totalReceived", parts.Received);
        w.WriteNumber("totalOnTime", parts.OnTime);
        w.WriteNumber("totalOverdue", parts.Overdue);
        w.WriteNumber("totalCompleted", parts.Completed);
        w.WriteNull("avgProcessingDays"); // not computed by the stand-in
        var scope = score.Tally[Counter.ProgressScope];
        if (scope > 0)
        {
            w.WriteNumber("ratio", Output.Round(100m * score.Tally[Counter.ProgressNotOverdue] / scope));
        }
        else
        {
            w.WriteNull("ratio");
        }

        w.WriteNumber("score", points);
        w.WriteNumber("maxScore", IndexRules.Default["P1"].Max);
        if (previous.TryGetValue(score.Unit.Id, out var before))
        {
            w.WriteNumber("scoreDelta", points - Output.Round(before.Indicators.Single(i => i.Code == "P1").Points));
        }
        else
        {
            w.WriteNull("scoreDelta");
        }

        w.WriteEndObject();
    }

    /// <summary>Another province's six bars: 60–98 % of each maximum, from the seed, the province and the period.</summary>
    private Dictionary<string, decimal> Drawn(PortalProvince province, Period period)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_feed.Options.Seed}|{province.Code}|{period.Label}")));
        var random = new Random(BitConverter.ToInt32(hash, 0));
        var rules = IndexRules.Default;
        return PortalGroups.Codes.ToDictionary(c => c, c =>
        {
            var max = IndexRules.Codes.Where(i => rules[i].Bar == PortalGroups.BarOf[c]).Sum(i => rules[i].Max);
            return Output.Round(max * (0.60m + (0.38m * (decimal)random.NextDouble())));
        }, StringComparer.Ordinal);
    }

    private static bool TryPeriod(JsonElement request, out Period period, out string? error)
    {
        period = null!;
        error = "Expected {timeType: year|quarter|month, year, quarter|month, departmentType}.";
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("timeType", out var type) ||
            !request.TryGetProperty("year", out var y) || !y.TryGetInt32(out var year) || year is < 2000 or > 2100)
        {
            return false;
        }

        int Part(string name, int max) => request.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) && n >= 1 && n <= max ? n : 0;
        switch (type.GetString())
        {
            case "year":
                period = Period.Year(year);
                break;
            case "quarter" when Part("quarter", 4) is var q and > 0:
                period = Period.Quarter(year, q);
                break;
            case "month" when Part("month", 12) is var m and > 0:
                period = Period.Month(year, m);
                break;
            default:
                return false;
        }

        error = null;
        return true;
    }
}
