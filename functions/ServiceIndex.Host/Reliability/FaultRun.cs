using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Api;
using ServiceIndex.Pipeline.Storage;
using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Reliability;

/// <summary>What one run injected, did and found.</summary>
internal sealed record FaultRunResult(
    int Seed,
    long Deliveries,
    long Throttled,
    long ServerErrors,
    long SlowResponses,
    long TruncatedBodies,
    int Duplicates,
    int OutOfOrder,
    int Malformed,
    IReadOnlyDictionary<StorageFaultKind, long> StorageFaults,
    int Kills,
    long RecordsApplied,
    int DeadLetters,
    int PoisonRedriven,
    int PoisonLeft,
    int Compared,
    int Mismatches,
    int Lost,
    int Unexpected,
    TimeSpan Elapsed,
    string? Failure)
{
    public bool Passed => Failure is null && Mismatches == 0 && Lost == 0 && Unexpected == 0 && DeadLetters == Malformed && PoisonLeft == 0;
}

/// <summary>
/// One campaign run: the simulator serves a faulty history over HTTP; a real <c>serviceindex run</c> process
/// with injected storage faults pulls and applies it, killed and restarted at the plan's moments; the poison
/// queue is re-driven as an operator would; then every unit's scores for every period are compared with the
/// Core's offline score of the clean history of the same seed, and every record with its newest version.
/// </summary>
internal static class FaultRun
{
    public const string AdminKey = "campaign-admin-key";

    public static async Task<FaultRunResult> ExecuteAsync(FaultPlan plan, string connectionString, string hostDll, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var feed = await SimulatorServer.StartAsync(plan.Feed, cancellationToken: cancellationToken).ConfigureAwait(false);
        var truth = await CleanRecordsAsync(plan.Feed, cancellationToken).ConfigureAwait(false);
        var injected = feed.Feed.History.Faults;
        var prefix = string.Create(CultureInfo.InvariantCulture, $"f{plan.Seed}x{Random.Shared.Next(1000, 9999)}");
        await using var observer = RunObserver.Create(connectionString, prefix);
        var storageFaults = Enum.GetValues<StorageFaultKind>().ToDictionary(k => k, _ => 0L);
        var kills = 0;
        var poisonRedriven = 0;
        string? failure = null;
        var validVersions = truth.Count;

        HostChild? child = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            child = Start(plan, hostDll, connectionString, prefix, feed, restart: 0);
            foreach (var kill in plan.Kills)
            {
                await WaitForAsync(observer, s => s.CaughtUp || (kill.Stage == KillStage.Pull
                    ? s.ItemsPulled >= kill.Fraction * feed.Feed.Count
                    : s.RecordsApplied >= kill.Fraction * validVersions), deadline.Token).ConfigureAwait(false);
                await child.KillAsync().ConfigureAwait(false);
                Add(storageFaults, child.StorageFaults);
                await child.DisposeAsync().ConfigureAwait(false);
                kills++;
                child = Start(plan, hostDll, connectionString, prefix, feed, restart: kills);
            }

            // Until caught up with nothing queued and nothing in the poison queue: the operator re-drives poison.
            while (true)
            {
                var status = await TryStatusAsync(observer, deadline.Token).ConfigureAwait(false);
                if (status is not null && status.PoisonMessages > 0)
                {
                    poisonRedriven += await observer.Poison.RedriveAsync(10_000, deadline.Token).ConfigureAwait(false);
                    continue;
                }

                if (status is { CaughtUp: true, QueuedMessages: 0, PoisonMessages: 0 })
                {
                    break;
                }

                if (child.HasExited)
                {
                    failure = $"the host exited on its own:\n{child.Tail}";
                    break;
                }

                await Task.Delay(1000, deadline.Token).ConfigureAwait(false); // a status read costs a dozen storage requests
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"not caught up within {timeout.TotalSeconds:0} s:\n{child?.Tail}";
        }
        finally
        {
            if (child is not null)
            {
                await child.KillAsync().ConfigureAwait(false);
                Add(storageFaults, child.StorageFaults);
                await child.DisposeAsync().ConfigureAwait(false);
            }
        }

        var end = await observer.Status.GetAsync(cancellationToken).ConfigureAwait(false);
        var (compared, mismatches, firstMismatch) = await CompareScoresAsync(observer, plan.Feed, truth, cancellationToken).ConfigureAwait(false);
        var (lost, unexpected, firstLost) = await CompareRecordsAsync(observer, truth, cancellationToken).ConfigureAwait(false);
        var deadLetters = (await observer.DeadLetters.ListAsync(max: int.MaxValue, cancellationToken: cancellationToken).ConfigureAwait(false)).Count;
        var malformed = injected.Count(f => f.Kind == FaultKind.Malformed);
        failure ??= firstMismatch ?? firstLost ?? (deadLetters != malformed ? $"{deadLetters} dead letters for {malformed} malformed records" : null);
        if (failure is null)
        {
            await observer.DeleteAllAsync(cancellationToken).ConfigureAwait(false);
        }

        var served = feed.Feed.ServedFaults;
        return new FaultRunResult(plan.Seed, feed.Feed.Count, served.Throttled, served.ServerErrors, served.Slow, served.Truncated,
            injected.Count(f => f.Kind == FaultKind.Duplicate), injected.Count(f => f.Kind == FaultKind.OutOfOrder), malformed,
            storageFaults, kills, end.RecordsApplied, deadLetters, poisonRedriven, end.PoisonMessages, compared, mismatches, lost, unexpected,
            clock.Elapsed, failure);
    }

    /// <summary>The configuration of the child host: the campaign's storage and feed, the plan's faults and tuning.</summary>
    private static HostChild Start(FaultPlan plan, string hostDll, string connectionString, string prefix, SimulatorServer feed, int restart)
    {
        string[] configuration =
        [
            "--Urls=http://127.0.0.1:0",
            $"--Storage:ConnectionString={connectionString}",
            $"--Storage:NamePrefix={prefix}",
            Invariant($"--Storage:Faults:Rate={plan.StorageFaultRate}"),
            Invariant($"--Storage:Faults:Seed={(plan.Seed * 31) + restart}"),
            Invariant($"--Storage:Faults:ClientRetries={plan.StorageClientRetries}"),
            "--Storage:Faults:ClientRetryDelay=00:00:00.200",
            $"--Feed:BaseUrl={feed.BaseUrl}",
            $"--Feed:ApiKey={plan.Feed.ApiKey}",
            Invariant($"--Feed:PageSize={plan.PageSize}"),
            Invariant($"--Feed:AttemptTimeout={FaultPlan.FeedAttemptTimeout}"),
            "--Feed:RetryBaseDelay=00:00:00.100",
            $"--Admin:ApiKey={AdminKey}",
            Invariant($"--Pipeline:BucketCount={RunObserver.BucketCount}"),
            "--Pipeline:PullSchedule=* * * * * *",
            "--Pipeline:RefreshSchedule=*/2 * * * * *",
            "--Pipeline:QueueVisibilityTimeout=00:00:03",
            Invariant($"--Pipeline:MaxDequeueCount={plan.MaxDequeueCount}"),
            Invariant($"--Pipeline:BatchSize={plan.BatchSize}"),
            Invariant($"--LocalHost:ApplyWorkers={plan.ApplyWorkers}"),
            "--Logging:LogLevel:ServiceIndex.Pipeline.Storage=Warning",
            "--LocalHost:QuietConsole=false", // the run counts the injected faults from the child's log lines
        ];
        return HostChild.Start(hostDll, configuration);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static async Task WaitForAsync(RunObserver observer, Func<PipelineStatus, bool> until, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await TryStatusAsync(observer, cancellationToken).ConfigureAwait(false) is { } status && until(status))
            {
                return;
            }

            await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<PipelineStatus?> TryStatusAsync(RunObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            return await observer.Status.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException)
        {
            return null; // the child is still creating the tables
        }
    }

    /// <summary>The ground truth: the simulator's history of the same seed without record faults, parsed as the Core parses it.</summary>
    private static async Task<List<ChangeRecord>> CleanRecordsAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await SimulatorHistory.WriteJsonLinesAsync(stream, options with { RecordFaults = RecordFaultOptions.None }, cancellationToken)
            .ConfigureAwait(false);
        var records = new List<ChangeRecord>();
        foreach (var line in Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            records.Add(ChangeRecordParser.Parse(Encoding.UTF8.GetBytes(line)).Record
                        ?? throw new InvalidOperationException("The clean history holds a malformed record."));
        }

        return records;
    }

    /// <summary>The first month a dossier or feedback counts in: the newest version of each record, as the ledger holds them.</summary>
    private static DateOnly? FirstCountedMonth(List<ChangeRecord> truth) =>
        truth.GroupBy(r => r.Key)
            .Select(g => g.MaxBy(r => r.Version)!)
            .Where(r => !r.Deleted)
            .SelectMany(MonthContribution.MonthsOf)
            .Select(m => (DateOnly?)m)
            .DefaultIfEmpty(null)
            .Min();

    /// <summary>Every month, quarter and year the history touches.</summary>
    public static IReadOnlyList<Period> PeriodsOf(SimulatorOptions options)
    {
        var periods = new List<Period>();
        for (var day = new DateOnly(options.From.Year, options.From.Month, 1); day <= options.To; day = day.AddMonths(1))
        {
            periods.Add(Period.MonthOf(day));
        }

        periods.AddRange(periods.Select(p => Period.QuarterOf(p.From)).Distinct().ToList());
        periods.AddRange(periods.Where(p => p.Kind == PeriodKind.Month).Select(p => Period.YearOf(p.From)).Distinct().ToList());
        return periods;
    }

    /// <summary>Units × periods compared, how many differ, and the first difference.</summary>
    private static async Task<(int Compared, int Mismatches, string? First)> CompareScoresAsync(RunObserver observer, SimulatorOptions options,
        List<ChangeRecord> truth, CancellationToken cancellationToken)
    {
        int compared = 0, mismatches = 0;
        string? first = null;
        var firstMonth = FirstCountedMonth(truth);
        foreach (var period in PeriodsOf(options))
        {
            var served = await observer.Scores.GetAsync(period, cancellationToken: cancellationToken).ConfigureAwait(false);

            // Scores are stored as of their refresh; a past period is evaluated at its last second either way.
            var asOf = served is not null && Rfc3339.TryParse(served.AsOf, out var t) ? t : period.LastSecond;
            var book = new PeriodScoreBook(period, asOf);
            truth.ForEach(r => book.Apply(r));
            var expected = book.Document();
            var units = served?.Units.ToDictionary(u => u.UnitId, StringComparer.Ordinal) ?? [];
            if (served is null)
            {
                // The pipeline scores months from the first one a dossier or feedback counts in (docs/api.md: earlier periods
                // are 404), so a period the history touches only with units and procedures (a first day on a weekend) has none.
                if (firstMonth is null || period.To < firstMonth.Value)
                {
                    continue;
                }

                first ??= $"{period.Label}: no scores stored";
            }

            foreach (var unit in expected.Units)
            {
                compared++;
                var want = JsonSerializer.Serialize(unit, ScoreJson.Options);
                var have = units.TryGetValue(unit.UnitId, out var u) ? JsonSerializer.Serialize(u, ScoreJson.Options) : "(missing)";
                if (want != have)
                {
                    mismatches++;
                    first ??= $"{period.Label} {unit.UnitId}: expected {want}\n  served {have}";
                }
            }

            var extra = units.Keys.Except(expected.Units.Select(u => u.UnitId), StringComparer.Ordinal).ToList();
            mismatches += extra.Count;
            if (extra.Count > 0)
            {
                first ??= $"{period.Label}: units served that the truth does not have: {string.Join(", ", extra.Take(5))}";
            }
        }

        return (compared, mismatches, first);
    }

    /// <summary>Records of the truth missing from the ledger or at another version (lost), and live records the truth does not have.</summary>
    private static async Task<(int Lost, int Unexpected, string? First)> CompareRecordsAsync(RunObserver observer, List<ChangeRecord> truth,
        CancellationToken cancellationToken)
    {
        var newest = truth.GroupBy(r => r.Key).Select(g => g.MaxBy(r => r.Version)!).Where(r => !r.Deleted)
            .ToDictionary(r => r.Key, r => r.Version);
        var view = await observer.Records.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var live = view.Live.ToDictionary(r => r.Key, r => r.Version);
        var lost = newest.Where(kv => !live.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => kv.Key).ToList();
        var unexpected = live.Keys.Where(k => !newest.ContainsKey(k)).ToList();
        var first = lost.Count > 0
            ? $"{lost.Count} records lost or stale, e.g. {lost[0].Kind} {lost[0].Id} v{newest[lost[0]]} (stored: {(live.TryGetValue(lost[0], out var v) ? $"v{v}" : "none")})"
            : unexpected.Count > 0 ? $"{unexpected.Count} records stored that the truth does not have, e.g. {unexpected[0].Kind} {unexpected[0].Id}" : null;
        return (lost.Count, unexpected.Count, first);
    }

    private static void Add(Dictionary<StorageFaultKind, long> total, IReadOnlyDictionary<StorageFaultKind, long> more)
    {
        foreach (var (kind, n) in more)
        {
            total[kind] += n;
        }
    }
}
