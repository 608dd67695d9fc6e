namespace ServiceIndex.Core.Records;

/// <summary>The state a change record carries: always the complete object, never a diff.</summary>
public abstract record RecordData;

/// <summary>A unit of the administrative hierarchy (province, agency, district, commune).</summary>
public sealed record UnitData(string Name, UnitLevel Level, string? ParentId, bool ECertifiedCopy) : RecordData;

/// <summary>An administrative procedure of the catalogue and the units that handle it.</summary>
public sealed record ProcedureData(
    string Name,
    string Field,
    IReadOnlyList<string> UnitIds,
    bool AnnouncedOnTime,
    bool PublishedOnTime,
    bool PublishedComplete,
    OnlineLevel OnlineLevel,
    bool FeeRequired,
    bool OnlinePaymentEnabled,
    bool PaperResult = true) : RecordData;

/// <summary>One application handled by one unit.</summary>
public sealed record DossierData(
    string Code,
    string UnitId,
    string ProcedureId,
    Channel Channel,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? CompletedAt,
    DossierStatus Status,
    bool SyncedToNationalPortal,
    bool ComponentsDigitized,
    bool ResultDigitized,
    bool ReusedDigitalData,
    bool LinkedToCitizenStore,
    bool UsedPopulationData,
    bool FeeRequired,
    bool PaidOnline,
    Rating? Rating,
    bool FeeWaived = false,
    IReadOnlyList<Supplement>? Supplements = null) : RecordData
{
    /// <summary>Requests to the applicant to supply documents, oldest first (empty when the feed gave none).</summary>
    public IReadOnlyList<Supplement> Supplements { get; init; } = Supplements ?? [];
}

/// <summary>
/// A request to the applicant to supply or correct documents (portal rule 2.1, "yêu cầu bổ sung hồ sơ"):
/// the unit is not charged for the time between the request and the applicant's answer.
/// </summary>
/// <param name="ResumedAt">When the applicant answered and handling resumed; null while the unit still waits.</param>
public sealed record Supplement(DateTimeOffset RequestedAt, DateTimeOffset? ResumedAt);

/// <summary>A citizen's feedback or petition (PAKN) that a unit must answer.</summary>
public sealed record FeedbackData(
    string UnitId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? ResolvedAt,
    Rating? Rating) : RecordData;

/// <summary>Identity of a record across versions: its id is unique within its kind.</summary>
public readonly record struct RecordKey(RecordKind Kind, string Id)
{
    public override string ToString() => $"{WireNames.Of(Kind)}/{Id}";
}

/// <summary>One item of the change feed: a version of a record's full state.</summary>
public sealed record ChangeRecord(
    RecordKind Kind,
    string Id,
    long Version,
    DateTimeOffset ChangedAt,
    bool Deleted,
    RecordData Data)
{
    public RecordKey Key => new(Kind, Id);
}
