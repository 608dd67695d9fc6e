using ServiceIndex.Core.Records;

namespace ServiceIndex.Pipeline.Tests.Infrastructure;

/// <summary>Hand-made records for small scenarios.</summary>
public static class Records
{
    public static readonly DateTimeOffset Catalogue = Pipelines.Vn(2023, 1, 1);

    public static ChangeRecord Unit(string id, long version, string? parent, string level = "commune", bool deleted = false)
    {
        WireNames.TryParseLevel(parent is null ? "province" : level, out var l);
        return new(RecordKind.Unit, id, version, Catalogue.AddDays(version), deleted, new UnitData($"Unit {id}", l, parent, false));
    }

    public static ChangeRecord Procedure(string id, params string[] units) =>
        new(RecordKind.Procedure, id, 1, Catalogue, false,
            new ProcedureData($"Procedure {id}", "dat-dai", units, true, true, true, OnlineLevel.Full, false, false));

    public static ChangeRecord Dossier(string id, long version, string unit, DateTimeOffset received, DateTimeOffset? due,
        DateTimeOffset? completed = null, DossierStatus? status = null, bool deleted = false) =>
        new(RecordKind.Dossier, id, version, completed ?? received, deleted, new DossierData(
            $"CODE-{id}", unit, "p1", Channel.Online, received, due, completed,
            status ?? (completed is null ? DossierStatus.Processing : DossierStatus.Completed),
            true, true, completed is not null, false, false, false, false, false, null));
}
