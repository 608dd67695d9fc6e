using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServiceIndex.Core.Records;
using ServiceIndex.Pipeline.Ledger;
using ServiceIndex.Pipeline.Storage;

namespace ServiceIndex.Pipeline.Tests;

public sealed class TableKeysTests
{
    public static TheoryData<string> NastyIds => new()
    {
        "H47.18-230417-0001",
        "a/b\\c#d?e",
        "~7E~u0041~",
        "100%+50%",
        "it's 'quoted'",
        "tab\there\nnewline\r\0nul\u007f\u0085",
        "Sở Tài nguyên và Môi trường",
        "😀 emoji 𝄞",
        "\ud800 lone high",
        "lone low \udc00",
        " leading and trailing ",
        "",
        new string('/', 300),
    };

    [Theory]
    [MemberData(nameof(NastyIds))]
    public void Escaped_key_round_trips_to_the_original_text(string id) =>
        Assert.Equal(id, TableKeys.Unescape(TableKeys.Escape(id)));

    [Theory]
    [MemberData(nameof(NastyIds))]
    public void Escaped_key_contains_no_character_table_storage_refuses(string id)
    {
        var escaped = TableKeys.Escape(id);
        Assert.DoesNotContain(escaped, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
    }

    [Fact]
    public void Text_without_special_characters_is_left_as_it_is() =>
        Assert.Equal("qna-dl-01_Điện Bàn", TableKeys.Escape("qna-dl-01_Điện Bàn"));

    [Fact]
    public void A_record_id_of_the_longest_length_the_feed_allows_fits_in_a_row_key_even_when_every_character_is_escaped() =>
        Assert.True(LedgerKeys.Record(new RecordKey(RecordKind.Feedback, new string('#', 256))).Length <= TableKeys.MaxLength);

    [Fact]
    public void Unescaping_text_that_is_not_an_escaped_key_fails() =>
        Assert.Throws<FormatException>(() => TableKeys.Unescape("bad~zz"));

    [Property(MaxTest = 500)]
    public bool Any_text_round_trips_through_escaping(string? text)
    {
        var value = text ?? "";
        var escaped = TableKeys.Escape(value);
        return TableKeys.Unescape(escaped) == value && TableKeys.IsValidKey(escaped);
    }

    [Property(MaxTest = 300)]
    public Property Different_texts_never_share_an_escaped_key() =>
        Prop.ForAll(ArbMap.Default.ArbFor<(string, string)>(), pair =>
        {
            var (a, b) = (pair.Item1 ?? "", pair.Item2 ?? "");
            return a == b || TableKeys.Escape(a) != TableKeys.Escape(b);
        });

    [Fact]
    public void A_record_always_hashes_to_the_same_bucket() =>
        // FNV-1a over "dossier/H47.18-230417-0001": a fixed value, so buckets never move between releases.
        Assert.Equal(LedgerKeys.Fnv1a32("dossier/H47.18-230417-0001") % 16,
            (uint)LedgerKeys.BucketOf(new RecordKey(RecordKind.Dossier, "H47.18-230417-0001"), 16));

    [Fact]
    public void Fnv1a_matches_the_published_test_vectors()
    {
        Assert.Equal(0x811c9dc5u, LedgerKeys.Fnv1a32(""));
        Assert.Equal(0xe40c292cu, LedgerKeys.Fnv1a32("a"));
        Assert.Equal(0xbf9cf968u, LedgerKeys.Fnv1a32("foobar"));
    }

    [Fact]
    public void Tally_row_key_gives_back_its_month_and_unit()
    {
        var key = LedgerKeys.Tally(new DateOnly(2024, 3, 1), "qna/dl#01");
        Assert.True(LedgerKeys.TryParseTally(key, out var month, out var unit));
        Assert.Equal(new DateOnly(2024, 3, 1), month);
        Assert.Equal("qna/dl#01", unit);
    }
}
