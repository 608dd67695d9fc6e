using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Scores;

/// <summary>
/// Rows of the <c>scores</c> and <c>snapshots</c> tables: PartitionKey = period label, RowKey = escaped
/// unit id, <c>Json</c> = the unit's score document; Total, Rating, Level, ParentId, Name and Order
/// (the hierarchy's display order) as columns for filters and sorting.
/// </summary>
internal static class ScoreRows
{
    /// <summary>Period metadata lives in <c>pipelinestate</c> under these partitions, RowKey = period label.</summary>
    public const string ScoresMetaPartition = "periods";

    public const string SnapshotsMetaPartition = "snapshots";

    public static string Serialize(UnitScoreDocument document) => JsonSerializer.Serialize(document, PipelineJson.Options);

    public static string Hash(string json, int order)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(json, "\n", order.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return Convert.ToBase64String(bytes, 0, 16);
    }

    public static TableEntity ToEntity(string label, UnitScoreDocument document, string json, int order, DateTimeOffset asOf)
    {
        var entity = new TableEntity(label, TableKeys.Escape(document.UnitId))
        {
            ["UnitId"] = document.UnitId,
            ["Name"] = document.Name,
            ["Level"] = document.Level,
            ["ParentId"] = document.ParentId,
            ["Total"] = (double)document.Total,
            ["Rating"] = document.Rating,
            ["Order"] = order,
            ["AsOf"] = asOf,
            ["Hash"] = Hash(json, order),
        };
        ChunkedProperty.SetString(entity, "Json", json);
        return entity;
    }

    public static UnitScoreDocument FromEntity(TableEntity entity) =>
        JsonSerializer.Deserialize<UnitScoreDocument>(ChunkedProperty.GetString(entity, "Json") ?? "null", PipelineJson.Options)
        ?? throw new InvalidOperationException($"Score row {entity.PartitionKey}/{entity.RowKey} has no document.");
}
