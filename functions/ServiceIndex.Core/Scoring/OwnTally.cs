namespace ServiceIndex.Core.Scoring;

/// <summary>What one unit's own records add up to for one period (before roll-up and catalogue counts).</summary>
public sealed class OwnTally
{
    public Tally Tally { get; } = new();

    public ActivityMap Activity { get; } = new();

    public void Add(OwnTally other, long sign = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        Tally.Add(other.Tally, sign);
        Activity.AddAll(other.Activity, sign);
    }
}
