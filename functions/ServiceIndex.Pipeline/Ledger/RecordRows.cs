using Azure;
using Azure.Data.Tables;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ledger;

/// <summary>A record row as read from the ledger: its newest version, or a tombstone.</summary>
internal sealed record StoredRecord(string RowKey, long Version, bool Deleted, ChangeRecord? Record, ETag ETag);

/// <summary>
/// Record rows of the ledger: the canonical JSON (the truth, read back with the feed's own parser)
/// plus columns that queries filter on (unit, procedure, status, times, late-or-open).
/// </summary>
internal static class RecordRows
{
    public const string JsonProperty = "Json";

    // Table Storage's DateTime starts at 1601-01-01 UTC; earlier (odd but valid) feed times stay in the JSON only.
    private static readonly DateTimeOffset MinTableTime = new(1601, 1, 2, 0, 0, 0, TimeSpan.Zero);

    public static TableEntity ToEntity(string partitionKey, ChangeRecord record, string json)
    {
        var entity = new TableEntity(partitionKey, LedgerKeys.Record(record.Key))
        {
            ["Kind"] = WireNames.Of(record.Kind),
            ["Id"] = record.Id,
            ["Version"] = record.Version,
            ["Deleted"] = record.Deleted,
        };
        Time(entity, "ChangedAt", record.ChangedAt);
        ChunkedProperty.SetString(entity, JsonProperty, json);
        switch (record.Data)
        {
            case DossierData d:
                entity["UnitId"] = d.UnitId;
                entity["ProcedureId"] = d.ProcedureId;
                entity["Code"] = d.Code;
                entity["Status"] = WireNames.Of(d.Status);
                Time(entity, "ReceivedAt", d.ReceivedAt);
                Time(entity, "DueAt", d.DueAt);
                Time(entity, "CompletedAt", d.CompletedAt);
                entity["LateOrOpen"] = !record.Deleted && IsLateOrOpen(d);
                break;
            case FeedbackData f:
                entity["UnitId"] = f.UnitId;
                Time(entity, "ReceivedAt", f.ReceivedAt);
                Time(entity, "DueAt", f.DueAt);
                Time(entity, "ResolvedAt", f.ResolvedAt);
                break;
            case UnitData u:
                entity["Name"] = u.Name;
                entity["Level"] = WireNames.Of(u.Level);
                entity["ParentId"] = u.ParentId;
                break;
            case ProcedureData p:
                entity["Name"] = p.Name;
                entity["Field"] = p.Field;
                break;
        }

        return entity;
    }

    public static StoredRecord FromEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ChangeRecord? record = null;
        if (ChunkedProperty.GetString(entity, JsonProperty) is { } json)
        {
            try
            {
                record = RecordJson.Deserialize(json);
            }
            catch (FormatException)
            {
                // Left null: the caller treats an unreadable row as holding no contribution, and the
                // recompute reports it.
            }
        }

        return new StoredRecord(entity.RowKey, entity.GetInt64("Version") ?? 0, entity.GetBoolean("Deleted") ?? false, record, entity.ETag);
    }

    /// <summary>Open (processing, or completed/rejected without a completion time), or handled after its deadline.</summary>
    public static bool IsLateOrOpen(DossierData d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var timeline = ProgressTimeline.Of(d);
        if (timeline.InFlight is { Until: null } || timeline.OpenOverdue.Count > 0 || timeline.AwaitingOverdue.Count > 0)
        {
            return true; // still in flight (a deadline may yet pass), or overdue for a while
        }

        return d.Status is DossierStatus.Completed or DossierStatus.Rejected && d.CompletedAt is { } c &&
               !new DossierStanding(d, c).HandledOnTime; // handled late while awaiting an answer
    }

    private static void Time(TableEntity entity, string name, DateTimeOffset? value)
    {
        if (value is { } v && v >= MinTableTime)
        {
            entity[name] = v.ToUniversalTime();
        }
    }
}
