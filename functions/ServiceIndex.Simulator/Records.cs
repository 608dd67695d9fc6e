namespace ServiceIndex.Simulator;

// The compact in-memory form of the feed. A year is ~2 M record versions, so a version is a
// 24-byte FeedEntry pointing at the facts of its subject; JSON is written only when served.

internal enum RecordKind : byte
{
    Unit,
    Procedure,
    Dossier,
    Feedback,
}

internal enum OnlineLevel : byte
{
    None,
    Partial,
    Full,
}

internal enum Channel : byte
{
    Direct,
    Online,
    Postal,
}

internal enum Outcome : byte
{
    Completed,
    Rejected,
    Withdrawn,
}

internal enum Rating : byte
{
    None,
    VerySatisfied,
    Satisfied,
    Neutral,
    Dissatisfied,
}

/// <summary>Life stages of a dossier; each is one record version and decides which facts show.</summary>
internal enum DossierStage : byte
{
    /// <summary>Accepted at the one-stop desk or online; not yet synchronised to the national portal.</summary>
    Received,

    /// <summary>Assigned to a handler and synchronised.</summary>
    InProgress,

    /// <summary>Paused by law.</summary>
    Suspended,

    /// <summary>Handling resumed.</summary>
    Resumed,

    /// <summary>The unit asked the applicant for documents and waits (status <c>suspended</c>).</summary>
    SupplementRequested,

    /// <summary>The applicant answered; handling goes on.</summary>
    SupplementAnswered,

    /// <summary>Asked a second time.</summary>
    SecondSupplementRequested,

    /// <summary>The second request answered.</summary>
    SecondSupplementAnswered,

    /// <summary>The result is ready (electronic result issued), not yet returned.</summary>
    ResultReady,

    /// <summary>Returned, refused or withdrawn.</summary>
    Finished,

    /// <summary>The citizen rated the handling.</summary>
    Rated,
}

internal enum FeedbackStage : byte
{
    Received,
    Resolved,
    Rated,
}

[Flags]
internal enum DossierFlags : byte
{
    None = 0,
    Synced = 1,
    ComponentsDigitized = 2,
    ResultDigitized = 4,
    ReusedDigitalData = 8,
    LinkedToCitizenStore = 16,
    UsedPopulationData = 32,

    /// <summary>Every fee line is 0 (a policy beneficiary): nothing to pay. Whether a fee applies at
    /// all is the procedure's <see cref="ProcedureTemplate.FeeRequired"/>.</summary>
    FeeWaived = 64,
    PaidOnline = 128,
}

/// <summary>What is (or will be) true of a dossier; the stage of a version decides what shows.</summary>
/// <remarks>48 bytes: the small fields come before the ticks so that no padding is left over.</remarks>
/// <param name="Unit">Index of the handling unit in the world.</param>
/// <param name="Procedure">Index of the procedure in the world.</param>
/// <param name="Sequence">Number of the dossier among its unit's dossiers of the day (the code suffix).</param>
/// <param name="Channel">Submission channel.</param>
/// <param name="Outcome">How handling ends.</param>
/// <param name="Rating">The citizen's rating, shown from the <see cref="DossierStage.Rated"/> stage.</param>
/// <param name="Flags">Digitisation, payment and synchronisation facts.</param>
/// <param name="ReceivedTicks">UTC ticks of reception.</param>
/// <param name="DueTicks">UTC ticks of the deadline; 0 when the procedure has none.</param>
/// <param name="FinishedTicks">UTC ticks of return, refusal or withdrawal; 0 while unknown (live).</param>
/// <param name="Supplements">Requests to the applicant for documents, shown from their stages on.</param>
internal readonly record struct DossierFacts(
    int Unit,
    int Procedure,
    int Sequence,
    Channel Channel,
    Outcome Outcome,
    Rating Rating,
    DossierFlags Flags,
    long ReceivedTicks,
    long DueTicks,
    long FinishedTicks,
    SupplementFacts Supplements = default);

/// <summary>A citizen's feedback (PAKN); the stage decides whether it shows as resolved or rated.</summary>
internal readonly record struct FeedbackFacts(
    int Unit, int Sequence, long ReceivedTicks, long DueTicks, long ResolvedTicks, Rating Rating);

/// <summary>A unit record version.</summary>
internal sealed record UnitVersion(int Unit, int Version, string Name, string? ParentId, bool ECertifiedCopy);

/// <summary>A procedure record version: the catalogue facts that can improve over time.</summary>
internal sealed record ProcedureVersion(
    int Procedure,
    int Version,
    OnlineLevel OnlineLevel,
    bool OnlinePaymentEnabled,
    bool AnnouncedOnTime,
    bool PublishedOnTime,
    bool PublishedComplete);

/// <summary>One delivery of one record version in the feed.</summary>
/// <param name="ChangedAtTicks">UTC ticks of <c>changedAt</c> (whole seconds).</param>
/// <param name="Subject">Index of the version (units, procedures) or of the facts (dossiers, feedback).</param>
/// <param name="Kind">Record kind.</param>
/// <param name="Stage">A <see cref="DossierStage"/> or <see cref="FeedbackStage"/>; 0 otherwise.</param>
/// <param name="Version">Record version.</param>
/// <param name="Deleted">Withdrawn from the system as entered by mistake.</param>
/// <param name="Malformation">How this delivery is corrupted, if it is.</param>
internal readonly record struct FeedEntry(
    long ChangedAtTicks,
    int Subject,
    RecordKind Kind,
    byte Stage,
    ushort Version,
    bool Deleted,
    Malformation Malformation = Malformation.None);
