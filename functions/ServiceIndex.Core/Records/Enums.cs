namespace ServiceIndex.Core.Records;

/// <summary>The four kinds of record in the change feed.</summary>
public enum RecordKind
{
    Unit,
    Procedure,
    Dossier,
    Feedback,
}

public enum UnitLevel
{
    Province,
    Agency,
    District,
    Commune,
}

public enum OnlineLevel
{
    Full,
    Partial,
    None,
}

public enum Channel
{
    Direct,
    Online,
    Postal,
}

public enum DossierStatus
{
    Processing,
    Completed,
    Rejected,
    Withdrawn,
    Suspended,
}

public enum Rating
{
    VerySatisfied,
    Satisfied,
    Neutral,
    Dissatisfied,
}

/// <summary>The wire spelling of every enum value (kebab-case), in one place.</summary>
public static class WireNames
{
    public static string Of(RecordKind kind) => kind switch
    {
        RecordKind.Unit => "unit",
        RecordKind.Procedure => "procedure",
        RecordKind.Dossier => "dossier",
        _ => "feedback",
    };

    public static string Of(UnitLevel level) => level switch
    {
        UnitLevel.Province => "province",
        UnitLevel.Agency => "agency",
        UnitLevel.District => "district",
        _ => "commune",
    };

    public static string Of(OnlineLevel level) => level switch
    {
        OnlineLevel.Full => "full",
        OnlineLevel.Partial => "partial",
        _ => "none",
    };

    public static string Of(Channel channel) => channel switch
    {
        Channel.Direct => "direct",
        Channel.Online => "online",
        _ => "postal",
    };

    public static string Of(DossierStatus status) => status switch
    {
        DossierStatus.Processing => "processing",
        DossierStatus.Completed => "completed",
        DossierStatus.Rejected => "rejected",
        DossierStatus.Withdrawn => "withdrawn",
        _ => "suspended",
    };

    public static string Of(Rating rating) => rating switch
    {
        Rating.VerySatisfied => "very-satisfied",
        Rating.Satisfied => "satisfied",
        Rating.Neutral => "neutral",
        _ => "dissatisfied",
    };

    public static bool TryParseKind(string? s, out RecordKind kind) => Try(s, out kind, ("unit", RecordKind.Unit),
        ("procedure", RecordKind.Procedure), ("dossier", RecordKind.Dossier), ("feedback", RecordKind.Feedback));

    public static bool TryParseLevel(string? s, out UnitLevel level) => Try(s, out level, ("province", UnitLevel.Province),
        ("agency", UnitLevel.Agency), ("district", UnitLevel.District), ("commune", UnitLevel.Commune));

    public static bool TryParseOnlineLevel(string? s, out OnlineLevel level) => Try(s, out level,
        ("full", OnlineLevel.Full), ("partial", OnlineLevel.Partial), ("none", OnlineLevel.None));

    public static bool TryParseChannel(string? s, out Channel channel) => Try(s, out channel,
        ("direct", Channel.Direct), ("online", Channel.Online), ("postal", Channel.Postal));

    public static bool TryParseStatus(string? s, out DossierStatus status) => Try(s, out status,
        ("processing", DossierStatus.Processing), ("completed", DossierStatus.Completed), ("rejected", DossierStatus.Rejected),
        ("withdrawn", DossierStatus.Withdrawn), ("suspended", DossierStatus.Suspended));

    public static bool TryParseRating(string? s, out Rating rating) => Try(s, out rating,
        ("very-satisfied", Rating.VerySatisfied), ("satisfied", Rating.Satisfied), ("neutral", Rating.Neutral),
        ("dissatisfied", Rating.Dissatisfied));

    private static bool Try<T>(string? s, out T value, params (string Name, T Value)[] names)
        where T : struct
    {
        foreach (var (name, v) in names)
        {
            if (string.Equals(s, name, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
