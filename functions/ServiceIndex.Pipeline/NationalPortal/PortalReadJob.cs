using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceIndex.Core.NationalPortal;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;

namespace ServiceIndex.Pipeline.NationalPortal;

/// <summary>What one read did.</summary>
public sealed record PortalReadResult(bool Ran, bool Ok, IReadOnlyList<PortalPeriodRead> Periods);

/// <summary>
/// The job of the <c>NationalPortal</c> timer (both hosts): reads the portal's published scores for the current month, quarter and
/// year (Vietnam time) and stores each as the national table of its period (<see cref="NationalRankingStore"/>, source
/// <c>portal</c>; our row is <c>departmentId = NationalPortal:ProvinceId</c>), then our province's progress tree of each period,
/// kept per day. A period whose read fails keeps the table stored before; the status (<c>GET /api/status</c>,
/// <c>nationalPortal</c>) says what failed. Precedence: the newest write of a period wins — the reader only ever writes the
/// current periods, so an admin upload of a past year stays, and an upload of a current period stands until the next read.
/// </summary>
public sealed partial class PortalReadJob(
    PortalClient client,
    NationalRankingStore rankings,
    PortalStore store,
    IOptions<NationalPortalOptions> options,
    TimeProvider time,
    ILogger<PortalReadJob> logger)
{
    public async Task<PortalReadResult> RunAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return new PortalReadResult(false, false, []);
        }

        var startedAt = time.GetUtcNow();
        var today = VietnamTime.Today(time);
        var previous = await store.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var reads = new List<PortalPeriodRead>();
        foreach (var period in new[] { Period.MonthOf(today), Period.QuarterOf(today), Period.YearOf(today) })
        {
            reads.Add(await ReadAsync(period, today, o, cancellationToken).ConfigureAwait(false));
        }

        var ok = reads.TrueForAll(r => r.Ok);
        var at = Rfc3339.Format(VietnamTime.ToVietnam(startedAt));
        var error = reads.Where(r => r.Error is not null).Select(r => $"{r.Period}: {r.Error}").FirstOrDefault();
        await store.SaveStatusAsync(new PortalReadStatus(true, o.BaseUrl, o.ProvinceId, at, ok ? at : previous?.LastSuccessAt, error, reads), cancellationToken)
            .ConfigureAwait(false);
        if (ok)
        {
            LogRead(logger, reads.Sum(r => r.Provinces ?? 0), reads.Count);
        }
        else
        {
            LogFailed(logger, error);
        }

        return new PortalReadResult(true, ok, reads);
    }

    private async Task<PortalPeriodRead> ReadAsync(Period period, DateOnly today, NationalPortalOptions o, CancellationToken cancellationToken)
    {
        int provinces;
        try
        {
            var rows = await client.GetServiceResultsAsync(period, cancellationToken).ConfigureAwait(false);
            var stored = await rankings.SaveAsync(period, Table(rows, o.ProvinceId!), cancellationToken, NationalRankingStore.PortalSource).ConfigureAwait(false);
            provinces = stored.Provinces.Count;
        }
        catch (PortalReadException ex)
        {
            return new PortalPeriodRead(period.Label, false, null, null, ex.Message);
        }

        if (!o.ReadProgressTree)
        {
            return new PortalPeriodRead(period.Label, true, provinces, null, null);
        }

        try
        {
            var tree = await client.GetProgressTreeAsync(period, o.ProvinceId!, cancellationToken).ConfigureAwait(false);
            await store.SaveTreeAsync(period, today, time.GetUtcNow(), tree, cancellationToken).ConfigureAwait(false);
            return new PortalPeriodRead(period.Label, true, provinces, tree.Children.Count, null);
        }
        catch (PortalReadException ex)
        {
            return new PortalPeriodRead(period.Label, false, provinces, null, ex.Message);
        }
    }

    /// <summary>The national table of the rows: our five groups from the six bars, ranked by total (equal totals share a rank), ours marked.</summary>
    public static IReadOnlyList<NationalProvince> Table(IReadOnlyList<PortalRow> rows, string provinceId)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var withTotals = rows.Select(r => (Row: r, Groups: PortalGroups.ToGroups(r.GroupScores)))
            .Select(r => (r.Row, r.Groups, Total: r.Groups.Values.Sum()))
            .OrderByDescending(r => r.Total).ThenBy(r => r.Row.DepartmentName, StringComparer.Ordinal).ToList();
        var table = new List<NationalProvince>(withTotals.Count);
        for (var i = 0; i < withTotals.Count; i++)
        {
            var (row, groups, total) = withTotals[i];
            var rank = i > 0 && withTotals[i - 1].Total == total ? table[i - 1].Rank : i + 1;
            table.Add(new NationalProvince(row.DepartmentName, row.DepartmentId == provinceId, groups, total, rank, row.DepartmentId, row.GroupScores, row.TotalScore));
        }

        return table;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "National portal read: {Rows} rows over {Periods} periods")]
    private static partial void LogRead(ILogger logger, int rows, int periods);

    [LoggerMessage(Level = LogLevel.Warning, Message = "National portal read failed; the tables stored before are kept: {Error}")]
    private static partial void LogFailed(ILogger logger, string? error);
}
