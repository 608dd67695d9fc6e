namespace ServiceIndex.Core.Scoring;

/// <summary>
/// For one unit, one procedure and one period: how many dossiers received in period were online, paid
/// online, used population data, or had their components digitised without an electronic result; and how
/// many handled in period there were, with an electronic result. An assignment "has an X dossier in the
/// period" when its count is above zero (O2, M2, D7); the digitisation counts are kept per procedure because
/// whether a procedure has a paper result (D1, D2) is read from the catalogue in its current state.
/// Counts rather than flags, so that removals can be applied.
/// </summary>
public readonly record struct ProcedureActivity(
    long Online,
    long PaidOnline,
    long PopulationData,
    long ComponentsDigitizedWithoutResult = 0,
    long Handled = 0,
    long HandledResultDigitized = 0)
{
    public static ProcedureActivity operator +(ProcedureActivity a, ProcedureActivity b) =>
        new(a.Online + b.Online, a.PaidOnline + b.PaidOnline, a.PopulationData + b.PopulationData,
            a.ComponentsDigitizedWithoutResult + b.ComponentsDigitizedWithoutResult, a.Handled + b.Handled,
            a.HandledResultDigitized + b.HandledResultDigitized);

    public static ProcedureActivity operator -(ProcedureActivity a, ProcedureActivity b) =>
        new(a.Online - b.Online, a.PaidOnline - b.PaidOnline, a.PopulationData - b.PopulationData,
            a.ComponentsDigitizedWithoutResult - b.ComponentsDigitizedWithoutResult, a.Handled - b.Handled,
            a.HandledResultDigitized - b.HandledResultDigitized);

    public bool IsZero => this == default;

    public static ProcedureActivity Add(ProcedureActivity left, ProcedureActivity right) => left + right;

    public static ProcedureActivity Subtract(ProcedureActivity left, ProcedureActivity right) => left - right;
}

/// <summary>Procedure activity of one unit in one period, keyed by procedure id.</summary>
public sealed class ActivityMap : Dictionary<string, ProcedureActivity>
{
    public ActivityMap()
        : base(StringComparer.Ordinal)
    {
    }

    public void Add(string procedureId, ProcedureActivity delta, long sign)
    {
        if (delta.IsZero)
        {
            return; // most dossiers add nothing here: no lookup on the hot path
        }

        var value = TryGetValue(procedureId, out var held) ? held : default;
        value = sign >= 0 ? value + delta : value - delta;
        if (value.IsZero)
        {
            Remove(procedureId);
        }
        else
        {
            this[procedureId] = value;
        }
    }

    public void AddAll(ActivityMap other, long sign = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (id, activity) in other)
        {
            Add(id, activity, sign);
        }
    }
}
