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
