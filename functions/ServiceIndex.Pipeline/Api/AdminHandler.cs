using System.Globalization;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>What <c>POST /api/admin/recompute</c> found and did.</summary>
public sealed record RecomputeReport(
    string Status,
    long Records,
    int Differences,
    int Repaired,
    int UnverifiedBuckets,
    int UnreadableRecords,
    int SnapshotsWritten,
    string? ClosedYear,
    bool YearWasAlreadyClosed,
    RefreshResult? Refresh);

/// <summary>What <c>POST /api/admin/replay</c> did.</summary>
public sealed record ReplayReport(int Blobs, int Items, int Applied, int Duplicates, int Stale, int Rejected, RefreshResult? Refresh);

/// <summary>What <c>POST /api/admin/redrive-poison</c> did: work messages moved from <c>changes-poison</c> back to <c>changes</c>.</summary>
public sealed record RedriveReport(int Moved);

/// <summary>
/// The admin commands (<c>POST /api/admin/recompute</c>, <c>POST /api/admin/replay</c>,
/// <c>PUT /api/admin/national-ranking</c>). Hosts check credentials first (<see cref="AdminCredentials"/>).
/// Both rebuilding commands run to the end before answering and are idempotent, so a client that gave up
/// waiting can simply ask again.
/// </summary>
public sealed class AdminHandler(
    RecomputeJob recompute,
    ReplayJob replay,
    ScoreRefresher refresher,
    NationalRankingStore rankings,
    PeriodScores scores,
    LedgerRecordCache records,
    StatusHandler status,
    TrendHandler trend,
    PoisonQueue? poison = null)
{
    public async Task<ApiResult<RecomputeReport>> RecomputeAsync(CancellationToken cancellationToken)
    {
        var r = await recompute.RunAsync(new RecomputeRequest(), cancellationToken).ConfigureAwait(false);
        if (r.Status == RecomputeStatus.Skipped)
        {
            return ApiProblem.Conflict("Recompute already running", "Another recompute holds the lease; it will finish on its own. Try again in a minute.");
        }

        await ForgetAsync(cancellationToken).ConfigureAwait(false);
        return new RecomputeReport("completed", r.Records, r.Differences, r.Repaired, r.UnverifiedBuckets, r.UnreadableRecords, r.SnapshotsWritten,
            r.ClosedYear, r.YearWasAlreadyClosed, r.Refresh);
    }

    public Task<ApiResult<ReplayReport>> ReplayAsync(CancellationToken cancellationToken) => ReplayAsync(day: null, cancellationToken);

    /// <param name="day">The <c>day</c> query parameter (<c>yyyy-MM-dd</c>): only the pages received that day. Null or empty: every page.</param>
    public async Task<ApiResult<ReplayReport>> ReplayAsync(string? day, CancellationToken cancellationToken)
    {
        DateOnly? only = null;
        if (!string.IsNullOrEmpty(day))
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return ApiProblem.BadRequest("Invalid day", $"day must be a date yyyy-MM-dd (the day pages were received, Vietnam time); got '{day}'.");
            }

            only = parsed;
        }

        var r = await replay.RunAsync(only, cancellationToken).ConfigureAwait(false);
        var refresh = await refresher.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await ForgetAsync(cancellationToken).ConfigureAwait(false);
        return new ReplayReport(r.Blobs, r.Applied.Items, r.Applied.Applied, r.Applied.Duplicates, r.Applied.Stale, r.Applied.Rejected, refresh);
    }

    /// <summary>Moves every work message of the poison queue back to <c>changes</c>, where the apply workers take them again.</summary>
    public async Task<ApiResult<RedriveReport>> RedrivePoisonAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poison);
        return new RedriveReport(await poison.RedriveAsync(int.MaxValue, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Imports the national ranking of a period (CSV or JSON), replacing any earlier import of that period.
    /// </summary>
    /// <param name="period">The <c>period</c> query parameter (a year, quarter or month); may be left out when the JSON body names it.</param>
    /// <param name="contentType">The request's Content-Type: JSON (<c>application/json</c>), CSV (<c>text/csv</c>), or plain text / none (guessed from the body).</param>
    public async Task<ApiResult<NationalRankingDocument>> ImportNationalRankingAsync(string? period, string? contentType, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        var media = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        bool json;
        if (media is "application/json" || (media?.EndsWith("+json", StringComparison.Ordinal) ?? false))
        {
            json = true;
        }
        else if (media is "text/csv" or "application/csv")
        {
            json = false;
        }
        else if (string.IsNullOrEmpty(media) || media is "text/plain" or "application/octet-stream")
        {
            json = NationalRankingParser.LooksLikeJson(body.Span);
        }
        else
        {
            return ApiProblem.UnsupportedMediaType($"'{QueryInput.Shorten(contentType!)}' is not accepted; send text/csv or application/json.");
        }

        var parsed = NationalRankingParser.Parse(body.Span, json, refresher.Rules);
        if (parsed.Errors.Count > 0)
        {
            var first = parsed.Errors[0];
            var field = first.Field is null ? "" : $" ({first.Field})";
            var more = parsed.Errors.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({parsed.Errors.Count - 1} more in 'errors')") : "";
            var detail = string.Create(CultureInfo.InvariantCulture, $"Line {first.Line}, column {first.Column}{field}: {first.Message}{more}");
            return ApiProblem.BadRequest("Invalid national ranking", detail,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["errors"] = parsed.Errors });
        }

        var label = string.IsNullOrWhiteSpace(period) ? parsed.Period : period;
        if (string.IsNullOrWhiteSpace(label))
        {
            return ApiProblem.BadRequest("Invalid period", "The period is missing: add ?period=2024 (or name it in the JSON body).");
        }

        if (!Period.TryParse(label, out var p, out var error))
        {
            return ApiProblem.BadRequest("Invalid period", error);
        }

        if (!LedgerPeriods.IsStandard(p))
        {
            return ApiProblem.BadRequest("Invalid period", $"National rankings are imported for a year, quarter or month, not a day range ('{p.Label}').");
        }

        if (parsed.Period is { } named && !string.IsNullOrWhiteSpace(period) &&
            (!Period.TryParse(named, out var bodyPeriod, out _) || bodyPeriod.Label != p.Label))
        {
            return ApiProblem.BadRequest("Invalid period", $"The query names period {p.Label} but the body names '{QueryInput.Shorten(named)}'.");
        }

        return await rankings.SaveAsync(p, parsed.Provinces!, cancellationToken).ConfigureAwait(false);
    }

    private async Task ForgetAsync(CancellationToken cancellationToken)
    {
        scores.Clear();
        status.Clear();
        trend.Clear();
        await records.RefreshAsync(cancellationToken).ConfigureAwait(false);
    }
}
