namespace ServiceIndex.Core.Feed;

/// <summary>Why a feed item was refused. Names are stable: they are stored with dead letters.</summary>
public enum RejectionReason
{
    /// <summary>The text is not JSON at all.</summary>
    InvalidJson,

    /// <summary>The item is JSON but not an object.</summary>
    NotAnObject,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>A field has the wrong JSON type (a number where a string belongs, null where a value is required…).</summary>
    WrongType,

    /// <summary>A string that must not be empty is empty, or an id is longer than 256 characters.</summary>
    BadLength,

    /// <summary><c>kind</c> is none of unit, procedure, dossier, feedback.</summary>
    UnknownKind,

    /// <summary>An enumerated field has a value outside its list.</summary>
    BadEnumValue,

    /// <summary>A time is not an RFC 3339 date-time with offset.</summary>
    BadTime,

    /// <summary><c>version</c> is below 1.</summary>
    VersionBelowOne,

    /// <summary><c>dueAt</c> is before <c>receivedAt</c>.</summary>
    DueBeforeReceived,

    /// <summary><c>completedAt</c> is before <c>receivedAt</c>.</summary>
    CompletedBeforeReceived,

    /// <summary><c>resolvedAt</c> is before <c>receivedAt</c>.</summary>
    ResolvedBeforeReceived,

    /// <summary>A supplement's <c>requestedAt</c> is before the dossier's <c>receivedAt</c>.</summary>
    SupplementBeforeReceived,

    /// <summary>A supplement's <c>resumedAt</c> is before its <c>requestedAt</c>.</summary>
    ResumedBeforeRequested,

    /// <summary>A supplement was requested before the previous one was answered (or while it is still unanswered).</summary>
    SupplementBeforePreviousAnswered,
}

/// <summary>
/// A refused feed item: the rule it broke, the field (JSON path from the item) and the offending
/// value, with the kind and id when they could be read so that operators can find the record.
/// </summary>
public sealed record Rejection(RejectionReason Reason, string Field, string? Value, string Message)
{
    public string? Kind { get; init; }
    public string? Id { get; init; }
    public long? Version { get; init; }

    public override string ToString() => $"{Reason} at '{Field}': {Message}";
}
