using System.Text.Json;
using Azure.Data.Tables;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Tests.Infrastructure;

/// <summary>The ledger's logical content: newest record versions, and month totals per bucket (tallies plus unfolded deltas).</summary>
public sealed record LedgerContent(IReadOnlyDictionary<string, string> Records, IReadOnlyDictionary<string, MonthTally> Totals)
{
    /// <summary>Describes the first differences from <paramref name="expected"/> (empty when equal).</summary>
    public IReadOnlyList<string> DifferencesFrom(LedgerContent expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var problems = new List<string>();
        foreach (var key in expected.Records.Keys.Union(Records.Keys))
        {
            var want = expected.Records.GetValueOrDefault(key);
            var have = Records.GetValueOrDefault(key);
            if (want != have)
            {
                problems.Add($"record {key}: expected {want ?? "(none)"}, found {have ?? "(none)"}");
            }
        }

        foreach (var key in expected.Totals.Keys.Union(Totals.Keys))
        {
            var want = expected.Totals.GetValueOrDefault(key) ?? new MonthTally();
            var have = Totals.GetValueOrDefault(key) ?? new MonthTally();
            if (!want.ContentEquals(have))
            {
                problems.Add($"tally {key}: expected [{string.Join(",", want.Values.ToArray())}], found [{string.Join(",", have.Values.ToArray())}]");
            }
        }

        return [.. problems.Take(20)];
    }
}

public static class Expectations
{
    /// <summary>What the ledger must hold after applying <paramref name="valid"/> in any order, any number of times.</summary>
    public static LedgerContent Ledger(IEnumerable<ChangeRecord> valid, int bucketCount)
    {
        var newest = valid.GroupBy(r => r.Key).Select(g => g.MaxBy(r => r.Version)!).ToList();
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        var totals = new Dictionary<string, MonthTally>(StringComparer.Ordinal);
        foreach (var record in newest)
        {
            var partition = LedgerKeys.Partition(LedgerKeys.BucketOf(record.Key, bucketCount));
            records[$"{partition}/{LedgerKeys.Record(record.Key)}"] = $"{record.Version}|{record.Deleted}|{RecordJson.Serialize(record)}";
            MonthContribution.Add(record, +1, (unit, month) => Cell(totals, partition, month, unit));
        }

        return new LedgerContent(records, WithoutZeros(totals));
    }

    /// <summary>Reads the whole ledger table (a test-sized one) into its logical content.</summary>
    public static async Task<LedgerContent> ReadLedgerAsync(PipelineStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var rows = new List<TableEntity>();
        await foreach (var row in storage.AllRowsAsync())
        {
            rows.Add(row);
        }

        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        var totals = new Dictionary<string, MonthTally>(StringComparer.Ordinal);
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
        {
            var compacted = partition.FirstOrDefault(r => r.RowKey == LedgerKeys.Compaction)?.GetInt64("CompactedGen") ?? 0;
            var tallyRows = partition.Where(r => r.RowKey.StartsWith(LedgerKeys.TallyPrefix, StringComparison.Ordinal))
                .ToDictionary(r => r.RowKey, StringComparer.Ordinal);
            foreach (var row in partition)
            {
                if (row.RowKey.StartsWith(LedgerKeys.RecordPrefix, StringComparison.Ordinal))
                {
                    var stored = RecordRows.FromEntity(row);
                    records[$"{row.PartitionKey}/{row.RowKey}"] = $"{stored.Version}|{stored.Deleted}|{ChunkedProperty.GetString(row, RecordRows.JsonProperty)}";
                }
                else if (LedgerKeys.TryParseTally(row.RowKey, out var month, out var unit))
                {
                    Cell(totals, row.PartitionKey, month, unit).Add(TallyCodec.FromEntity(row));
                }
                else if (row.RowKey.StartsWith(LedgerKeys.DeltaPrefix, StringComparison.Ordinal) && LedgerKeys.GenerationOfDelta(row.RowKey) > compacted)
                {
                    foreach (var ((deltaMonth, deltaUnit), tally) in LedgerDelta.FromEntity(row).Cells)
                    {
                        if (TallyCodec.Counts(LedgerKeys.GenerationOfDelta(row.RowKey), compacted,
                                tallyRows.GetValueOrDefault(LedgerKeys.Tally(deltaMonth, deltaUnit))))
                        {
                            Cell(totals, row.PartitionKey, deltaMonth, deltaUnit).Add(tally);
                        }
                    }
                }
            }
        }

        return new LedgerContent(records, WithoutZeros(totals));
    }

    /// <summary>The Core's offline score document of the records (the <c>score</c> verb's engine).</summary>
    public static ScoreDocument Book(IEnumerable<ChangeRecord> records, Period period, DateTimeOffset asOf)
    {
        var book = new PeriodScoreBook(period, asOf);
        foreach (var record in records)
        {
            book.Apply(record);
        }

        return book.Document();
    }

    /// <summary>Asserts that two score documents list the same units with identical scores (as JSON, exact to the output decimals).</summary>
    public static void SameUnits(ScoreDocument expected, ScoreDocument? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Period, actual.Period);
        Assert.Equal(expected.Units.Select(u => u.UnitId), actual.Units.Select(u => u.UnitId));
        for (var i = 0; i < expected.Units.Count; i++)
        {
            Assert.Equal(Json(expected.Units[i]), Json(actual.Units[i]));
        }
    }

    public static string Json(UnitScoreDocument document) => JsonSerializer.Serialize(document, PipelineJson.Options);

    /// <summary>Every month, quarter and year from the first month of the data to the month of <paramref name="now"/>.</summary>
    public static IReadOnlyList<Period> Periods(DateOnly firstMonth, DateTimeOffset now) =>
        LedgerPeriods.Between(firstMonth, VietnamTime.DayOf(now));

    private static MonthTally Cell(Dictionary<string, MonthTally> totals, string partition, DateOnly month, string unit)
    {
        var key = $"{partition}/{month:yyyy-MM}/{unit}";
        if (!totals.TryGetValue(key, out var tally))
        {
            totals[key] = tally = new MonthTally();
        }

        return tally;
    }

    private static Dictionary<string, MonthTally> WithoutZeros(Dictionary<string, MonthTally> totals) =>
        totals.Where(kv => !kv.Value.IsZero).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
