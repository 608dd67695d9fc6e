using System.Globalization;
using Azure.Data.Tables;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Ingest;

/// <summary>
/// A feed item that was refused, kept with the reason (table <c>deadletters</c>: PartitionKey = day the
/// page was received, RowKey = escaped source blob | item index, so a retried message rewrites the same row).
/// </summary>
public sealed record DeadLetter(
    string Day,
    string SourceBlob,
    int Index,
    string Reason,
    string? Field,
    string? Value,
    string? Message,
    string? Kind,
    string? Id,
    long? Version,
    string RawJson,
    DateTimeOffset? RecordedAt)
{
    /// <summary>Raw JSON is kept up to this many characters (a table property holds 32K).</summary>
    public const int MaxRawJson = 32_000;

    /// <summary>Reason of an item the parser accepted but storage cannot hold (a key over 1 KiB, a record over 1 MiB).</summary>
    public const string Unstorable = "Unstorable";

    internal TableEntity ToEntity() => new(Day, string.Create(CultureInfo.InvariantCulture, $"{TableKeys.Escape(SourceBlob)}|{Index:D6}"))
    {
        ["Reason"] = Reason,
        ["Field"] = Field,
        ["Value"] = Value,
        ["Message"] = Message,
        ["Kind"] = Kind,
        ["Id"] = Id,
        ["Version"] = Version,
        ["RawJson"] = RawJson.Length <= MaxRawJson ? RawJson : RawJson[..MaxRawJson],
        ["SourceBlob"] = SourceBlob,
        ["Index"] = Index,
        ["RecordedAt"] = RecordedAt,
    };

    internal static DeadLetter FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.GetString("SourceBlob") ?? "",
        e.GetInt32("Index") ?? 0,
        e.GetString("Reason") ?? "",
        e.GetString("Field"),
        e.GetString("Value"),
        e.GetString("Message"),
        e.GetString("Kind"),
        e.GetString("Id"),
        e.GetInt64("Version"),
        e.GetString("RawJson") ?? "",
        e.GetDateTimeOffset("RecordedAt"));

    /// <summary>The day a dead letter is filed under: the day its page was received (from the blob name), else today in Vietnam.</summary>
    internal static string DayOf(string sourceBlob, TimeProvider time) =>
        (FeedArchive.TryGetDay(sourceBlob, out var day) ? day : VietnamTime.Today(time)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal static class DeadLetterWriter
{
    public static async Task WriteAsync(TableClient table, IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        foreach (var day in letters.GroupBy(l => l.Day, StringComparer.Ordinal))
        {
            await table.SubmitInTransactionsAsync(day.Select(l => new TableTransactionAction(TableTransactionActionType.UpsertReplace, l.ToEntity())), cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
