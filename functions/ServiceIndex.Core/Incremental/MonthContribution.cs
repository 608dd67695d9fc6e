using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Incremental;

/// <summary>
/// What one live record adds to the month tallies of its unit. A pure function of the record: no
/// period, no clock. Apply a new version as <c>Add(old, −1)</c> then <c>Add(new, +1)</c>.
/// </summary>
public static class MonthContribution
{
    /// <summary>Gets (creating if needed) the tally of a unit's month; the month is its first day.</summary>
    public delegate MonthTally MonthCell(string unitId, DateOnly month);

    public static void Add(ChangeRecord record, long sign, MonthCell cell) => Add(record, sign, cell, MonthOf);

    /// <summary>
    /// The same contribution, its cells keyed by <paramref name="bucket"/> of each instant instead of its month
    /// (<see cref="DayLedger"/> keys them by Vietnamese day).
    /// </summary>
    internal static void Add(ChangeRecord record, long sign, MonthCell cell, Func<DateTimeOffset, DateOnly> bucket)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(cell);
        if (record.Deleted)
        {
            return;
        }

        switch (record.Data)
        {
            case DossierData d:
                Add(d, sign, cell, bucket);
                break;
            case FeedbackData f:
                Add(f, sign, cell, bucket);
                break;
        }
    }

    /// <summary>The months (first days) a record's contribution touches; empty for units, procedures and deleted records.</summary>
    public static IEnumerable<DateOnly> MonthsOf(ChangeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var months = new HashSet<DateOnly>();
        Add(record, 1, (_, m) =>
        {
            months.Add(m);
            return new MonthTally();
        });
        return months;
    }

    public static DateOnly MonthOf(DateTimeOffset instant)
    {
        var day = VietnamTime.DayOf(instant);
        return new DateOnly(day.Year, day.Month, 1);
    }

    private static void Add(DossierData d, long sign, MonthCell cell, Func<DateTimeOffset, DateOnly> bucket)
    {
        if (d.Status == DossierStatus.Withdrawn)
        {
            return;
        }

        var received = cell(d.UnitId, bucket(d.ReceivedAt));
        Span<bool> flags = stackalloc bool[ReceivedDossier.Counts];
        ReceivedDossier.Flags(d, flags);
        for (var i = 0; i < flags.Length; i++)
        {
            Count(received, MonthCounter.Received + i, flags[i], sign);
        }

        received.Activity.Add(d.ProcedureId, ReceivedDossier.Activity(d), sign);

        if (d.Status is DossierStatus.Completed or DossierStatus.Rejected && d.CompletedAt is { } completedAt)
        {
            var onTime = new DossierStanding(d, completedAt).HandledOnTime;
            var completed = cell(d.UnitId, bucket(completedAt));
            Count(completed, MonthCounter.Handled, true, sign);
            Count(completed, MonthCounter.HandledOnTime, onTime, sign);
            Count(completed, MonthCounter.HandledPaperResultDigitized, d.ResultDigitized, sign);
            Count(completed, MonthCounter.HandledNeitherDissatisfiedNorOverdue, onTime && d.Rating != Rating.Dissatisfied, sign);
            completed.Activity.Add(d.ProcedureId, ReceivedDossier.HandledActivity(d), sign);
        }

        var timeline = ProgressTimeline.Of(d);
        if (timeline.InFlight is { } flight)
        {
            Stock(d.UnitId, flight, MonthCounter.InFlightFrom, MonthCounter.InFlightUntil, sign, cell, bucket);
        }

        foreach (var s in timeline.Awaiting)
        {
            Stock(d.UnitId, s, MonthCounter.AwaitingFrom, MonthCounter.AwaitingUntil, sign, cell, bucket);
        }

        foreach (var s in timeline.AwaitingOverdue)
        {
            Stock(d.UnitId, s, MonthCounter.AwaitingOverdueFrom, MonthCounter.AwaitingOverdueUntil, sign, cell, bucket);
        }

        foreach (var s in timeline.OpenOverdue)
        {
            Stock(d.UnitId, s, s.FromIsDeadline ? MonthCounter.OpenOverdueFromDeadline : MonthCounter.OpenOverdueFrom,
                MonthCounter.OpenOverdueUntil, sign, cell, bucket);
            if (s.FromIsDeadline)
            {
                MonthTally.AddTo(cell(d.UnitId, bucket(s.From)).OpenOverdueAt, s.From.UtcTicks, sign);
            }
        }
    }

    /// <summary>A stretch of a stock: counted where it begins and, once it has, where it ends.</summary>
    private static void Stock(string unitId, Stretch s, MonthCounter from, MonthCounter until, long sign, MonthCell cell, Func<DateTimeOffset, DateOnly> bucket)
    {
        Count(cell(unitId, bucket(s.From)), from, true, sign);
        if (s.Until is { } end)
        {
            Count(cell(unitId, bucket(end)), until, true, sign);
        }
    }

    private static void Add(FeedbackData f, long sign, MonthCell cell, Func<DateTimeOffset, DateOnly> bucket)
    {
        var received = cell(f.UnitId, bucket(f.ReceivedAt));
        var onTime = f.ResolvedAt is { } r && r <= f.DueAt;
        var notDissatisfied = f.Rating != Rating.Dissatisfied;
        Count(received, MonthCounter.Feedback, true, sign);
        Count(received, MonthCounter.FeedbackResolvedOnTime, onTime, sign);
        Count(received, MonthCounter.FeedbackResolvedOnTimeNotDissatisfied, onTime && notDissatisfied, sign);
        if (!onTime)
        {
            MonthTally.AddTo(received.FeedbackNotOnTimeDue, (f.DueAt.UtcTicks, notDissatisfied), sign);
        }
    }

    private static void Count(MonthTally tally, MonthCounter counter, bool condition, long sign)
    {
        if (condition)
        {
            tally[counter] += sign;
        }
    }
}
