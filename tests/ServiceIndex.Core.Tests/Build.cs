using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Tests;

/// <summary>Terse builders for records in tests: every field has a harmless default.</summary>
internal static class Build
{
    public static DateTimeOffset Vn(string local) => Rfc3339.TryParse(local + "+07:00", out var t) ? t : throw new FormatException(local);

    public static ChangeRecord Unit(string id, UnitLevel level, string? parent, long version = 1, bool eCopy = false, bool deleted = false, string? name = null) =>
        new(RecordKind.Unit, id, version, Vn("2023-01-01T00:00:00"), deleted, new UnitData(name ?? id, level, parent, eCopy));

    public static ChangeRecord Procedure(string id, string[] units, long version = 1, OnlineLevel online = OnlineLevel.Full,
        bool fee = false, bool payment = false, bool announced = true, bool published = true, bool complete = true, string field = "ho-tich",
        bool paper = true) =>
        new(RecordKind.Procedure, id, version, Vn("2023-01-01T00:00:00"), false,
            new ProcedureData(id, field, units, announced, published, complete, online, fee, payment, paper));

    public static DossierData Dossier(
        string unit = "c1", string procedure = "p1", string received = "2024-04-10T08:00:00", string? due = "2024-04-20T17:00:00",
        string? completed = null, DossierStatus status = DossierStatus.Processing, Channel channel = Channel.Direct,
        bool synced = false, bool components = false, bool result = false, bool reused = false, bool linked = false,
        bool population = false, bool fee = false, bool paid = false, Rating? rating = null, bool waived = false,
        params (string Requested, string? Resumed)[] supplements) =>
        new("HS-" + received, unit, procedure, channel, Vn(received), due is null ? null : Vn(due),
            completed is null ? null : Vn(completed), status, synced, components, result, reused, linked, population, fee, paid, rating,
            waived, [.. supplements.Select(s => new Supplement(Vn(s.Requested), s.Resumed is null ? null : Vn(s.Resumed)))]);

    public static ChangeRecord Record(string id, DossierData d, long version = 1, bool deleted = false) =>
        new(RecordKind.Dossier, id, version, d.ReceivedAt, deleted, d);

    public static FeedbackData Feedback(string unit = "c1", string received = "2024-04-10T08:00:00", string due = "2024-04-20T17:00:00",
        string? resolved = null, Rating? rating = null) =>
        new(unit, Vn(received), Vn(due), resolved is null ? null : Vn(resolved), rating);

    public static ChangeRecord Record(string id, FeedbackData f, long version = 1, bool deleted = false) =>
        new(RecordKind.Feedback, id, version, f.ReceivedAt, deleted, f);

    /// <summary>A province "qna" with one district "d1" holding commune "c1", and procedure "p1" at c1.</summary>
    public static IEnumerable<ChangeRecord> SmallProvince(bool eCopy = false) =>
    [
        Unit("qna", UnitLevel.Province, null),
        Unit("d1", UnitLevel.District, "qna"),
        Unit("c1", UnitLevel.Commune, "d1", eCopy: eCopy),
        Procedure("p1", ["c1"]),
    ];
}
