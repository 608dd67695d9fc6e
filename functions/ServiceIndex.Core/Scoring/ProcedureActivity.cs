namespace ServiceIndex.Core.Scoring;

/// <summary>
/// For one unit, one procedure and one period: how many dossiers received in period were online,
/// paid online, or used population data. An assignment "has an X dossier in the period" when its
/// count is above zero (O2, M2, D7). Counts rather than flags, so that removals can be applied.
/// </summary>
public readonly record struct ProcedureActivity(long Online, long PaidOnline, long PopulationData)
{
    public static ProcedureActivity operator +(ProcedureActivity a, ProcedureActivity b) =>
        new(a.Online + b.Online, a.PaidOnline + b.PaidOnline, a.PopulationData + b.PopulationData);

    public static ProcedureActivity operator -(ProcedureActivity a, ProcedureActivity b) =>
        new(a.Online - b.Online, a.PaidOnline - b.PaidOnline, a.PopulationData - b.PopulationData);

    public bool IsZero => Online == 0 && PaidOnline == 0 && PopulationData == 0;

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
