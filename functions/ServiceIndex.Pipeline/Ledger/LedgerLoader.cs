using Azure.Data.Tables;
using ServiceIndex.Core.Records;
using ServiceIndex.Pipeline.Options;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>What a catch-up read.</summary>
/// <param name="NeedFullReload">Only a full reload can be trusted now.</param>
/// <param name="TouchedFrom">The earliest month a delta read changed (null: none).</param>
/// <param name="CatalogueChanged">A delta named unit or procedure records (the hierarchy or catalogue may have changed).</param>
internal sealed record LedgerCatchUp(bool NeedFullReload, DateOnly? TouchedFrom, bool CatalogueChanged, int DeltasRead);

/// <summary>Reads the ledger's buckets into a <see cref="LedgerMirror"/>: whole (a full load) or only what is new (a catch-up).</summary>
internal sealed class LedgerLoader(PipelineStorage storage, PipelineOptions options)
{
    /// <summary>Above this many new deltas in a bucket, one range read instead of point reads.</summary>
    private const int RangeReadAbove = 16;

    /// <summary>Fresh bucket states (nothing read yet).</summary>
    public static LedgerBucket[] NewBuckets(int count) => [.. Enumerable.Range(0, count).Select(_ => new LedgerBucket())];

    /// <summary>
    /// Reads the delta rows written since <paramref name="buckets"/> were last read (one point read of each head, then
    /// one per new delta, or a range read when many) into <paramref name="mirror"/>, with the catalogue records they
    /// name. Says when only a full reload can be trusted: a ledger replaced, deltas folded elsewhere before they were
    /// read, or a correction.
    /// </summary>
    public async Task<LedgerCatchUp> CatchUpAsync(LedgerBucket[] buckets, LedgerMirror mirror, CancellationToken cancellationToken)
    {
        var heads = await Task.WhenAll(Enumerable.Range(0, buckets.Length)
            .Select(b => LedgerHead.ReadAsync(storage.Ledger(b), LedgerKeys.Partition(b), cancellationToken))).ConfigureAwait(false);
        DateOnly? touchedFrom = null;
        var catalogueRows = new List<(int Bucket, string RowKey)>();
        var read = 0;
        for (var b = 0; b < buckets.Length; b++)
        {
            var state = buckets[b];
            var generation = LedgerHead.GenerationOf(heads[b]);
            if (generation < state.Gen)
            {
                return new LedgerCatchUp(true, null, false, read); // the ledger was replaced under us
            }

            if (generation == state.Gen)
            {
                continue;
            }

            var partition = LedgerKeys.Partition(b);
            var ledger = storage.Ledger(b);
            List<TableEntity> rows;
            if (generation - state.Gen > RangeReadAbove)
            {
                rows = await LedgerRows.RangeAsync(ledger, partition, LedgerKeys.DeltaPrefix, cancellationToken, LedgerKeys.Delta(state.Gen + 1))
                    .ConfigureAwait(false);
            }
            else
            {
                var keys = new List<string>();
                for (var g = state.Gen + 1; g <= generation; g++)
                {
                    keys.Add(LedgerKeys.Delta(g));
                }

                rows = [.. (await LedgerRows.ReadManyAsync(ledger, partition, keys, cancellationToken).ConfigureAwait(false)).Values];
            }

            var deltas = rows.Select(r => (Gen: LedgerKeys.GenerationOfDelta(r.RowKey), Row: r)).Where(d => d.Gen > state.Gen)
                .OrderBy(d => d.Gen).ToList();
            if (deltas.Count == 0 || deltas[0].Gen != state.Gen + 1 || deltas.Where((d, i) => d.Gen != state.Gen + 1 + i).Any())
            {
                return new LedgerCatchUp(true, null, false, read); // folded by another process before we read them
            }

            foreach (var (gen, row) in deltas)
            {
                var delta = LedgerDelta.FromEntity(row);
                read++;
                if (delta.Repair)
                {
                    return new LedgerCatchUp(true, null, false, read); // a correction: totals in memory may hold the error it corrects
                }

                mirror.Apply(delta);
                state.Pending.Add((gen, delta));
                state.Gen = gen;
                foreach (var month in delta.Cells.Keys.Select(k => k.Month))
                {
                    touchedFrom = touchedFrom is { } t && t <= month ? t : month;
                }

                catalogueRows.AddRange(delta.CatalogueRecords.Select(rk => (b, rk)));
            }
        }

        foreach (var group in catalogueRows.GroupBy(c => c.Bucket))
        {
            var keys = group.Select(c => c.RowKey).Distinct(StringComparer.Ordinal).ToList();
            var rows = await LedgerRows.ReadManyAsync(storage.Ledger(group.Key), LedgerKeys.Partition(group.Key), keys, cancellationToken)
                .ConfigureAwait(false);
            foreach (var row in rows.Values)
            {
                Remember(mirror, row);
            }
        }

        return new LedgerCatchUp(false, touchedFrom, catalogueRows.Count > 0, read);
    }

    /// <summary>
    /// Reads every bucket whole into a cleared <paramref name="mirror"/>: its tallies, the deltas above its compaction
    /// marker and its catalogue records, each bucket between two reads of its marker so that no fold is half-seen.
    /// </summary>
    public async Task<(LedgerBucket[] Buckets, int DeltasRead)> LoadAllAsync(LedgerMirror mirror, CancellationToken cancellationToken)
    {
        mirror.Clear();
        var buckets = NewBuckets(options.BucketCount);
        var loads = new BucketLoad[buckets.Length];
        await Parallel.ForAsync(0, buckets.Length, new ParallelOptions { MaxDegreeOfParallelism = options.JobParallelism, CancellationToken = cancellationToken },
            async (b, ct) => loads[b] = await LoadBucketAsync(b, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var read = 0;
        for (var b = 0; b < loads.Length; b++)
        {
            var load = loads[b];
            var rows = new Dictionary<(DateOnly Month, string Unit), TableEntity>();
            foreach (var row in load.Tallies)
            {
                if (LedgerKeys.TryParseTally(row.RowKey, out var month, out var unit))
                {
                    mirror.Add(unit, month, TallyCodec.FromEntity(row));
                    rows[(month, unit)] = row;
                }
            }

            var state = buckets[b];
            state.CompactedGen = load.CompactedGen;
            state.Gen = load.CompactedGen;
            state.KnowTallies(load.Marker, load.Tallies);
            foreach (var (gen, delta) in load.Deltas)
            {
                foreach (var ((month, unit), tally) in delta.CellsNotFolded(gen, load.CompactedGen, rows))
                {
                    mirror.Add(unit, month, tally);
                }

                state.Pending.Add((gen, delta));
                state.Gen = gen;
                read++;
            }

            foreach (var row in load.Catalogue)
            {
                Remember(mirror, row);
            }
        }

        return (buckets, read);
    }

    private sealed record BucketLoad(
        TableEntity? Marker, long CompactedGen, List<TableEntity> Tallies, List<(long Gen, LedgerDelta Delta)> Deltas, List<TableEntity> Catalogue);

    private async Task<BucketLoad> LoadBucketAsync(int bucket, CancellationToken cancellationToken)
    {
        var ledger = storage.Ledger(bucket);
        var partition = LedgerKeys.Partition(bucket);
        for (var attempt = 1; ; attempt++)
        {
            var before = await LedgerRows.ReadAsync(ledger, partition, LedgerKeys.Compaction, cancellationToken).ConfigureAwait(false);
            var compacted = before?.GetInt64("CompactedGen") ?? 0;
            var tallies = await LedgerRows.RangeAsync(ledger, partition, LedgerKeys.TallyPrefix, cancellationToken).ConfigureAwait(false);
            var deltaRows = await LedgerRows.RangeAsync(ledger, partition, LedgerKeys.DeltaPrefix, cancellationToken, LedgerKeys.Delta(compacted + 1))
                .ConfigureAwait(false);
            var (procedureFrom, _) = LedgerKeys.RecordRange(RecordKind.Procedure);
            var (_, unitTo) = LedgerKeys.RecordRange(RecordKind.Unit);
            var catalogue = await QueryRangeAsync(ledger, partition, procedureFrom, unitTo, cancellationToken).ConfigureAwait(false);
            var after = await LedgerRows.ReadAsync(ledger, partition, LedgerKeys.Compaction, cancellationToken).ConfigureAwait(false);
            var deltas = deltaRows.Select(r => (Gen: LedgerKeys.GenerationOfDelta(r.RowKey), Delta: LedgerDelta.FromEntity(r)))
                .OrderBy(d => d.Gen).ToList();
            var contiguous = deltas.Select((d, i) => d.Gen == compacted + 1 + i).All(ok => ok);
            if (before?.ETag == after?.ETag && contiguous)
            {
                return new BucketLoad(before, compacted, tallies, deltas, catalogue);
            }

            if (attempt >= 5)
            {
                throw new InvalidOperationException($"Ledger partition {partition} kept changing while it was loaded (compaction running elsewhere).");
            }

            await StorageBackoff.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<TableEntity>> QueryRangeAsync(TableClient table, string partition, string from, string to, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static void Remember(LedgerMirror mirror, TableEntity row)
    {
        if (RecordRows.FromEntity(row).Record is { } record)
        {
            mirror.Remember(row.RowKey, record);
        }
    }
}
