using FsCheck;
using FsCheck.Xunit;

namespace ServiceIndex.Simulator.Tests;

public sealed class FeedCursorProperties
{
    [Property]
    public bool Cursor_round_trips_any_position(NonNegativeInt position) =>
        FeedCursor.TryDecode(FeedCursor.Encode(position.Get), out var decoded) && decoded == position.Get;

    [Property]
    public bool Text_accepted_as_a_cursor_is_exactly_the_cursor_of_its_position(string? text) =>
        !FeedCursor.TryDecode(text ?? "", out var decoded) || FeedCursor.Encode(decoded) == text;
}

public sealed class SeededFeedCursorProperties
{
    [Property]
    public bool Seeded_cursor_round_trips_any_position_and_seed(NonNegativeInt position, int seed) =>
        FeedCursor.TryDecode(FeedCursor.Encode(position.Get, seed), out var decoded, out var s) && decoded == position.Get && s == seed;

    [Property]
    public bool Text_accepted_as_a_seeded_cursor_is_exactly_the_cursor_of_its_position_and_seed(string? text) =>
        !FeedCursor.TryDecode(text ?? "", out var decoded, out var seed) ||
        (seed is { } s ? FeedCursor.Encode(decoded, s) : FeedCursor.Encode(decoded)) == text;
}
