using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Pipeline.Ingest;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Storage;
using ServiceIndex.Pipeline.Tests.Infrastructure;

namespace ServiceIndex.Pipeline.Tests;

public sealed class CodecTests
{
    [Fact]
    public void Stored_record_json_reads_back_as_the_same_record()
    {
        foreach (var record in RecordGenerator.Generate(seed: 3, dossiers: 150).Valid)
        {
            var json = RecordJson.Serialize(record);
            var back = ChangeRecordParser.Parse(Encoding.UTF8.GetBytes(json)).Record;
            Assert.NotNull(back);
            Assert.Equal(json, RecordJson.Serialize(back));
            Assert.Equal(record.ChangedAt, back.ChangedAt);
            Assert.Equal(record.Key, back.Key);
        }
    }

    [Fact]
    public void Month_tally_row_reads_back_equal()
    {
        var tally = SampleTally();
        var entity = TallyCodec.ToEntity("b01", LedgerKeys.Tally(new DateOnly(2024, 1, 1), "qna"), tally);
        Assert.True(tally.ContentEquals(TallyCodec.FromEntity(entity)));
        Assert.Equal(tally[MonthCounter.Handled], entity.GetInt64(nameof(MonthCounter.Handled)));
    }

    [Fact]
    public void Delta_row_reads_back_with_negative_counts_and_catalogue_changes()
    {
        var delta = new LedgerDelta { Repair = true };
        delta.Cell("qna-dl", new DateOnly(2023, 11, 1)).Add(SampleTally(), -1);
        delta.Cell("qna-ts", new DateOnly(2024, 2, 1)).Add(SampleTally());
        delta.CatalogueRecords.Add("r|unit|qna-dl");
        var back = LedgerDelta.FromEntity(delta.ToEntity("b03", 42, DateTimeOffset.UnixEpoch));
        Assert.True(back.Repair);
        Assert.Equal(["r|unit|qna-dl"], back.CatalogueRecords);
        Assert.Equal(2, back.Cells.Count);
        foreach (var (key, tally) in delta.Cells)
        {
            Assert.True(tally.ContentEquals(back.Cells[key]));
        }
    }

    [Fact]
    public void A_string_longer_than_one_property_is_split_and_joined_without_breaking_surrogate_pairs()
    {
        var text = string.Concat(Enumerable.Repeat("ab😀", 25_000));
        var entity = new TableEntity("p", "r");
        ChunkedProperty.SetString(entity, "Json", text);
        Assert.True(entity.ContainsKey("Json1"));
        Assert.All(entity.Where(kv => kv.Key.StartsWith("Json", StringComparison.Ordinal)), kv => Assert.True(((string)kv.Value).Length <= ChunkedProperty.StringChunk));
        Assert.Equal(text, ChunkedProperty.GetString(entity, "Json"));
    }

    [Fact]
    public void A_page_split_into_work_messages_covers_every_item_once_and_each_message_fits_a_queue_message()
    {
        var feed = RecordGenerator.Generate(seed: 5, dossiers: 200);
        using var doc = JsonDocument.Parse("[" + string.Join(",", feed.Items) + "]");
        var items = doc.RootElement.EnumerateArray().ToList();
        var messages = WorkMessage.Split("2024/04/10/000000000001-00000000.json", items, batchSize: 40, inlineBytes: 45_000);
        Assert.Equal(Enumerable.Range(0, items.Count), messages.SelectMany(m => Enumerable.Range(m.Offset, m.Count)));
        Assert.All(messages, m => Assert.True(m.ToBinaryData().ToMemory().Length * 4 / 3 < 64 * 1024));
        Assert.Contains(messages, m => m.Inline is not null);
    }

    [Fact]
    public void A_large_batch_travels_by_reference_to_the_archived_page()
    {
        var feed = RecordGenerator.Generate(seed: 5, dossiers: 200);
        using var doc = JsonDocument.Parse("[" + string.Join(",", feed.Items) + "]");
        var messages = WorkMessage.Split("b.json", [.. doc.RootElement.EnumerateArray()], batchSize: 250, inlineBytes: 45_000);
        Assert.All(messages.Take(messages.Count - 1), m => Assert.Null(m.Inline));
    }

    [Fact]
    public void Every_work_message_of_a_page_carries_the_page_trace_context_and_reads_it_back()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var feed = RecordGenerator.Generate(seed: 5, dossiers: 200);
        using var doc = JsonDocument.Parse("[" + string.Join(",", feed.Items) + "]");
        var messages = WorkMessage.Split("b.json", [.. doc.RootElement.EnumerateArray()], batchSize: 40, inlineBytes: 45_000, traceParent);
        Assert.True(messages.Count > 1);
        Assert.All(messages, m => Assert.Equal(traceParent, WorkMessage.Parse(m.ToBinaryData()).TraceParent));
        Assert.Null(WorkMessage.Parse(new WorkMessage("b.json", 0, 1).ToBinaryData()).TraceParent); // older messages have none
    }

    [Fact]
    public void Work_message_reads_back_from_its_queue_body()
    {
        using var doc = JsonDocument.Parse("""[{"kind":"unit"},{"x":1}]""");
        var message = new WorkMessage("2024/01/02/000000000007-0a0b0c0d.json", 250, 2, doc.RootElement.Clone());
        var back = WorkMessage.Parse(message.ToBinaryData());
        Assert.Equal(message.Blob, back.Blob);
        Assert.Equal(250, back.Offset);
        Assert.Equal(2, back.Count);
        Assert.Equal(doc.RootElement.GetRawText(), back.Inline!.Value.GetRawText());
    }

    [Fact]
    public void Archive_blob_name_sorts_by_day_then_page_and_tells_the_day_it_was_received()
    {
        var name = FeedArchive.BlobName(new DateTimeOffset(2024, 4, 10, 16, 0, 0, TimeSpan.Zero), 12, "c400"); // 23:00 in Vietnam
        Assert.StartsWith("2024/04/10/000000000012-", name, StringComparison.Ordinal);
        Assert.True(FeedArchive.TryGetDay(name, out var day));
        Assert.Equal(new DateOnly(2024, 4, 10), day);
        Assert.Equal(name, FeedArchive.BlobName(new DateTimeOffset(2024, 4, 9, 17, 0, 0, TimeSpan.Zero), 12, "c400")); // 00:00 in Vietnam
    }

    private static MonthTally SampleTally()
    {
        var tally = new MonthTally
        {
            [MonthCounter.Received] = 12,
            [MonthCounter.ReceivedOnline] = 5,
            [MonthCounter.Handled] = 9,
            [MonthCounter.OpenOverdueFromDeadline] = 2,
            [MonthCounter.AwaitingFrom] = 1,
        };
        tally.Activity["p01"] = new ProcedureActivity(3, 1, 0);
        tally.Activity["thủ-tục/02"] = new ProcedureActivity(0, 0, 2, ComponentsDigitizedWithoutResult: 1, Handled: 4, HandledResultDigitized: 3);
        tally.OpenOverdueAt[new DateTimeOffset(2024, 1, 5, 17, 0, 0, TimeSpan.Zero).UtcTicks] = 1;
        tally.OpenOverdueAt[new DateTimeOffset(2024, 1, 9, 3, 0, 0, TimeSpan.Zero).UtcTicks] = 1;
        tally.FeedbackNotOnTimeDue[(new DateTimeOffset(2024, 1, 20, 0, 0, 0, TimeSpan.Zero).UtcTicks, true)] = 3;
        tally.FeedbackNotOnTimeDue[(new DateTimeOffset(2024, 1, 20, 0, 0, 0, TimeSpan.Zero).UtcTicks, false)] = 1;
        return tally;
    }
}
