using System.Globalization;
using System.Text;
using ServiceIndex.Host.Hosting;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Host.Reliability;

/// <summary>What <c>serviceindex faults</c> runs.</summary>
/// <param name="Seeds">Runs, one per seed.</param>
/// <param name="FirstSeed">Seed of the first run; the others follow.</param>
/// <param name="Changes">Feed changes per run, roughly.</param>
/// <param name="KillShare">Share of runs whose host is killed (1–3 times) and restarted.</param>
/// <param name="RunTimeout">A run that has not caught up by then fails.</param>
/// <param name="HostDll">The <c>serviceindex.dll</c> the runs start as child processes.</param>
/// <param name="ConnectionString">Storage to use; null starts an in-memory Azurite on free ports.</param>
/// <param name="Parallel">Runs at once (each has its own simulator, host process and storage prefix).</param>
internal sealed record FaultCampaignOptions(
    int Seeds,
    int FirstSeed,
    int Changes,
    double KillShare,
    TimeSpan RunTimeout,
    string HostDll,
    string? ConnectionString,
    int Parallel = 1);

/// <summary>Totals of a campaign.</summary>
internal sealed record FaultCampaignSummary(IReadOnlyList<FaultRunResult> Runs)
{
    public int Failed => Runs.Count(r => !r.Passed);
    public long Mismatches => Runs.Sum(r => (long)r.Mismatches);
    public long Lost => Runs.Sum(r => (long)r.Lost);
}

/// <summary>
/// The fault campaign: N seeded runs of <see cref="FaultRun"/> one after another, a line per run and a
/// summary table (runs, faults by kind, records applied, dead letters against malformed records, poison
/// kept and re-driven, mismatches, lost records).
/// </summary>
internal static class FaultCampaign
{
    public static async Task<FaultCampaignSummary> RunAsync(FaultCampaignOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        AzuriteProcess? azurite = null;
        var connectionString = options.ConnectionString;
        if (connectionString is null)
        {
            azurite = await AzuriteProcess.StartAsync(null, cancellationToken, preferDefaultPorts: false).ConfigureAwait(false);
            connectionString = azurite.ConnectionString;
        }

        var runs = new List<FaultRunResult>();
        try
        {
            output.WriteLine(Invariant($"fault campaign: {options.Seeds} runs from seed {options.FirstSeed}, ~{options.Changes:#,0} changes each, host killed in ~{options.KillShare:P0} of runs, {options.Parallel} at once"));
            var seeds = Enumerable.Range(options.FirstSeed, options.Seeds);
            try
            {
                await RunAllAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.WriteLine(Invariant($"stopped: {runs.Count} of {options.Seeds} runs finished; the summary covers those."));
            }

            Task RunAllAsync() => Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken },
                async (seed, ct) =>
                {
                    var plan = FaultPlan.Draw(seed, options.Changes, options.KillShare);
                    var result = await FaultRun.ExecuteAsync(plan, connectionString, options.HostDll, options.RunTimeout, ct).ConfigureAwait(false);
                    lock (runs)
                    {
                        runs.Add(result);
                        output.WriteLine(Line(result));
                        if (result.Failure is not null)
                        {
                            output.WriteLine("  " + result.Failure.Replace("\n", "\n  ", StringComparison.Ordinal));
                        }

                        output.Flush();
                    }
                });
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }
        }

        var summary = new FaultCampaignSummary([.. runs.OrderBy(r => r.Seed)]);
        output.WriteLine();
        output.Write(Table(summary));
        output.Flush();
        return summary;
    }

    public static string Line(FaultRunResult r)
    {
        var s = r.StorageFaults;
        return string.Create(CultureInfo.InvariantCulture,
            $"seed {r.Seed,5} {(r.Passed ? "ok  " : "FAIL")} {r.Elapsed.TotalSeconds,5:0.0} s | feed {r.Deliveries,5}: 429×{r.Throttled} 5xx×{r.ServerErrors} timeout×{r.SlowResponses} cut×{r.TruncatedBodies}" +
            $" dup×{r.Duplicates} late×{r.OutOfOrder} bad×{r.Malformed} | storage 503×{s[StorageFaultKind.ServerBusy]} 500×{s[StorageFaultKind.InternalError]}" +
            $" timeout×{s[StorageFaultKind.TimeoutBeforeSend] + s[StorageFaultKind.TimeoutAfterSend]} etag×{s[StorageFaultKind.EtagConflict]} | kills {r.Kills}" +
            $" | applied {r.RecordsApplied} dead {r.DeadLetters}/{r.Malformed} poison {r.PoisonRedriven} | compared {r.Compared} mismatches {r.Mismatches} lost {r.Lost}");
    }

    /// <summary>The summary as a Markdown table (printed, and pasted into docs/reliability.md).</summary>
    public static string Table(FaultCampaignSummary summary)
    {
        var runs = summary.Runs;
        long Storage(StorageFaultKind k) => runs.Sum(r => r.StorageFaults[k]);
        var b = new StringBuilder();
        b.AppendLine("| measure | value |");
        b.AppendLine("|---|---|");
        Row("runs (seeds)", Invariant($"{runs.Count}{(runs.Count > 0 ? $" ({runs.Min(r => r.Seed)}–{runs.Max(r => r.Seed)})" : "")}"));
        Row("runs passed / failed", Invariant($"{runs.Count - summary.Failed} / {summary.Failed}"));
        Row("runs with the host killed / kills", Invariant($"{runs.Count(r => r.Kills > 0)} / {runs.Sum(r => r.Kills)}"));
        Row("feed deliveries served", Invariant($"{runs.Sum(r => r.Deliveries):#,0}"));
        Row("feed: 429 with Retry-After", Invariant($"{runs.Sum(r => r.Throttled):#,0}"));
        Row("feed: 500/503", Invariant($"{runs.Sum(r => r.ServerErrors):#,0}"));
        Row("feed: timeouts (response slower than the reader waits)", Invariant($"{runs.Sum(r => r.SlowResponses):#,0}"));
        Row("feed: truncated bodies", Invariant($"{runs.Sum(r => r.TruncatedBodies):#,0}"));
        Row("feed: duplicate versions", Invariant($"{runs.Sum(r => r.Duplicates):#,0}"));
        Row("feed: out-of-order versions", Invariant($"{runs.Sum(r => r.OutOfOrder):#,0}"));
        Row("feed: malformed records", Invariant($"{runs.Sum(r => r.Malformed):#,0}"));
        Row("storage: 503 ServerBusy", Invariant($"{Storage(StorageFaultKind.ServerBusy):#,0}"));
        Row("storage: 500 InternalError", Invariant($"{Storage(StorageFaultKind.InternalError):#,0}"));
        Row("storage: timeouts before the request reached the service", Invariant($"{Storage(StorageFaultKind.TimeoutBeforeSend):#,0}"));
        Row("storage: timeouts after the service did the work", Invariant($"{Storage(StorageFaultKind.TimeoutAfterSend):#,0}"));
        Row("storage: ETag conflicts (412)", Invariant($"{Storage(StorageFaultKind.EtagConflict):#,0}"));
        Row("records applied", Invariant($"{runs.Sum(r => r.RecordsApplied):#,0}"));
        Row("dead letters / malformed records", Invariant($"{runs.Sum(r => (long)r.DeadLetters):#,0} / {runs.Sum(r => (long)r.Malformed):#,0}"));
        Row("poison messages kept, then re-driven by the operator", Invariant($"{runs.Sum(r => (long)r.PoisonRedriven):#,0} (in {runs.Count(r => r.PoisonRedriven > 0)} runs)"));
        Row("unit × period scores compared", Invariant($"{runs.Sum(r => (long)r.Compared):#,0}"));
        Row("**mismatches**", Invariant($"**{summary.Mismatches}**"));
        Row("**records lost**", Invariant($"**{summary.Lost}**"));
        Row("records stored that the truth does not have", Invariant($"{runs.Sum(r => (long)r.Unexpected)}"));
        if (runs.Count > 0)
        {
            Row("run time (median / max)", Invariant($"{runs.Select(r => r.Elapsed.TotalSeconds).Order().ElementAt(runs.Count / 2):0.0} s / {runs.Max(r => r.Elapsed.TotalSeconds):0.0} s"));
        }

        return b.ToString();

        void Row(string name, string value) => b.AppendLine(Invariant($"| {name} | {value} |"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
