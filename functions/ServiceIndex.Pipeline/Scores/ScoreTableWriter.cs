using Azure;
using Azure.Data.Tables;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>
/// Writes the <c>scores</c> table by difference: it keeps, per period, the hash of every stored row (read once per
/// process, then kept current), so a refresh writes only the units whose document changed.
/// </summary>
internal sealed class ScoreTableWriter(PipelineStorage storage, IndexRules rules)
{
    private readonly Dictionary<string, Dictionary<string, string>> _written = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes each period's scores at its evaluation moment for <paramref name="now"/> (<paramref name="score"/> gives
    /// them), only the rows whose document changed, deletes rows of units gone, then every period's metadata row.
    /// </summary>
    public async Task<(int Written, int Deleted)> WritePeriodsAsync(IReadOnlyList<Period> periods, DateTimeOffset now,
        Func<Period, DateTimeOffset, IReadOnlyList<UnitScore>> score, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(score);
        var scores = storage.Scores;
        var written = 0;
        var deleted = 0;
        var meta = new List<TableTransactionAction>();
        foreach (var period in periods)
        {
            var e = period.EvaluationMoment(now);
            var held = await WrittenAsync(period.Label, cancellationToken).ConfigureAwait(false);
            var actions = new List<TableTransactionAction>();
            var present = new HashSet<string>(StringComparer.Ordinal);
            var order = 0;
            foreach (var unit in score(period, e))
            {
                var document = UnitScoreDocument.From(unit, rules);
                var json = ScoreRows.Serialize(document);
                var hash = ScoreRows.Hash(json, order);
                present.Add(document.UnitId);
                if (!held.TryGetValue(document.UnitId, out var previous) || previous != hash)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                        ScoreRows.ToEntity(period.Label, document, json, order, now)));
                    held[document.UnitId] = hash;
                    written++;
                }

                order++;
            }

            foreach (var gone in held.Keys.Where(u => !present.Contains(u)).ToList())
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(period.Label, TableKeys.Escape(gone)), ETag.All));
                held.Remove(gone);
                deleted++;
            }

            try
            {
                await scores.SubmitInTransactionsAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _written.Remove(period.Label); // unsure what was stored: read it again next time
                throw;
            }

            meta.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(ScoreRows.ScoresMetaPartition, period.Label)
            {
                ["From"] = period.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["To"] = period.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["AsOf"] = now,
                ["E"] = e,
                ["Units"] = present.Count,
            }));
        }

        await storage.PipelineState.SubmitInTransactionsAsync(meta, cancellationToken).ConfigureAwait(false);
        return (written, deleted);
    }

    /// <summary>Hashes of the score rows stored for a period (read once per process, then kept current).</summary>
    private async Task<Dictionary<string, string>> WrittenAsync(string label, CancellationToken cancellationToken)
    {
        if (_written.TryGetValue(label, out var held))
        {
            return held;
        }

        held = new Dictionary<string, string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {label}");
        await foreach (var row in storage.Scores.QueryAsync<TableEntity>(filter, select: ["RowKey", "Hash"], cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            held[TableKeys.Unescape(row.RowKey)] = row.GetString("Hash") ?? "";
        }

        _written[label] = held;
        return held;
    }
}
