using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Incremental;

/// <summary>
/// The month ledger's counters (<see cref="MonthContribution"/>) keyed by Vietnamese day instead of month, so the
/// score can be evaluated at the end of every day: received and handled counters are exact per day, the stocks of
/// P1 are begun-minus-ended up to the day, and a deadline passing with no event counts from its instant.
/// </summary>
/// <remarks>
/// <para>Per unit it keeps its days and, per month, the sum of its days' stocks, so the stocks at a period's first
/// day cost one addition per month of history, and each later day one day's counters: a day's point costs the
/// same whatever the history (<see cref="Walk"/>).</para>
/// <para>A change is applied as its contribution delta (<see cref="Apply"/>), which says the first day it moved:
/// every point before that day still holds, so points of closed days can be kept until a change reaches them.</para>
/// <para>Exact against <see cref="PeriodScoreBook"/> at e = the day's last second (23:59:59 +07) for instants up to
/// it; an instant inside that day's last second (after 23:59:59.0) counts in its day.</para>
/// </remarks>
public sealed class DayLedger
{
    private const int Stocks = 4; // in flight, awaiting, awaiting overdue, open overdue (a whole day's deadlines)

    private readonly Dictionary<string, UnitDays> _units = new(StringComparer.Ordinal);

    /// <summary>The first day holding any counter (null: none).</summary>
    public DateOnly? FirstDay => _units.Values.Where(u => u.Days.Count > 0).Select(u => (DateOnly?)u.Days.Keys.Min()).DefaultIfEmpty(null).Min();

    /// <summary>Adds every live record (a new ledger).</summary>
    public static DayLedger Of(IEnumerable<ChangeRecord> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var ledger = new DayLedger();
        foreach (var record in live)
        {
            MonthContribution.Add(record, 1, ledger.Cell, VietnamTime.DayOf);
        }

        foreach (var unit in ledger._units.Values)
        {
            unit.RecountMonths();
        }

        return ledger;
    }

    /// <summary>Replaces <paramref name="old"/> by <paramref name="current"/> (either null: added or removed).</summary>
    /// <returns>The first day whose counters changed; null when none did.</returns>
    public DateOnly? Apply(ChangeRecord? old, ChangeRecord? current)
    {
        var delta = new Dictionary<(string Unit, DateOnly Day), MonthTally>();
        MonthTally Cell(string unit, DateOnly day)
        {
            if (!delta.TryGetValue((unit, day), out var tally))
            {
                delta[(unit, day)] = tally = new MonthTally();
            }

            return tally;
        }

        if (old is not null)
        {
            MonthContribution.Add(old, -1, Cell, VietnamTime.DayOf);
        }

        if (current is not null)
        {
            MonthContribution.Add(current, 1, Cell, VietnamTime.DayOf);
        }

        DateOnly? first = null;
        foreach (var ((unit, day), change) in delta)
        {
            if (change.IsZero)
            {
                continue;
            }

            if (!_units.TryGetValue(unit, out var days))
            {
                _units[unit] = days = new UnitDays();
            }

            days.Add(day, change);
            first = first is { } f && f <= day ? f : day;
        }

        return first;
    }

    /// <summary>
    /// Every unit's scores at the end of each day from <paramref name="from"/> to <paramref name="to"/> (days of
    /// <paramref name="period"/>), in order; days of the period before <paramref name="from"/> are only added up.
    /// </summary>
    public IEnumerable<(DateOnly Day, IReadOnlyList<UnitScore> Scores)> Walk(Period period, DateOnly from, DateOnly to, UnitTree tree, Catalogue catalogue,
        IndexRules rules)
    {
        ArgumentNullException.ThrowIfNull(period);
        var walk = Begin(period);
        var last = to < period.To ? to : period.To;
        while (walk.Next <= last)
        {
            var day = walk.Next;
            var scores = walk.Step(day >= from, tree, catalogue, rules);
            if (scores is not null)
            {
                yield return (day, scores);
            }
        }
    }

    /// <summary>A walk through <paramref name="period"/> from its first day, to be advanced one day at a time.</summary>
    public PeriodWalk Begin(Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return new PeriodWalk(this, period);
    }

    /// <summary>
    /// A walk through a period that can stop after any day and go on later: per unit the stocks up to the day before
    /// <see cref="Next"/> and the period's counters so far. Stays valid while every change applied since reaches only
    /// days from <see cref="Next"/> on (a unit that appears then is picked up when stepped); <see cref="Clone"/> scores a
    /// day ahead (today) without moving it.
    /// </summary>
    public sealed class PeriodWalk
    {
        private readonly DayLedger _ledger;
        private readonly Dictionary<string, Running> _running;

        internal PeriodWalk(DayLedger ledger, Period period)
        {
            _ledger = ledger;
            Period = period;
            Next = period.From;
            _running = ledger._units.ToDictionary(kv => kv.Key, kv => new Running(kv.Value, period.From), StringComparer.Ordinal);
        }

        private PeriodWalk(PeriodWalk other)
        {
            _ledger = other._ledger;
            Period = other.Period;
            Next = other.Next;
            _running = other._running.ToDictionary(kv => kv.Key, kv => kv.Value.Clone(), StringComparer.Ordinal);
        }

        public Period Period { get; }

        /// <summary>The next day <see cref="Step"/> adds (after the period's last day: the walk is over).</summary>
        public DateOnly Next { get; private set; }

        public PeriodWalk Clone() => new(this);

        /// <summary>Adds <see cref="Next"/>; returns every unit's scores at its end (23:59:59 +07) when asked, else null.</summary>
        public IReadOnlyList<UnitScore>? Step(bool score, UnitTree tree, Catalogue catalogue, IndexRules rules)
        {
            ArgumentNullException.ThrowIfNull(tree);
            ArgumentNullException.ThrowIfNull(catalogue);
            ArgumentNullException.ThrowIfNull(rules);
            if (Next > Period.To)
            {
                throw new InvalidOperationException($"The walk through {Period.Label} is over.");
            }

            var day = Next;
            var e = VietnamTime.LastSecondOf(day);
            var own = score ? new Dictionary<string, OwnTally>(_ledger._units.Count, StringComparer.Ordinal) : null;
            foreach (var (unit, days) in _ledger._units)
            {
                if (!_running.TryGetValue(unit, out var state))
                {
                    _running[unit] = state = new Running(days, Period.From); // appeared since the walk began: nothing before Next
                }

                var at = state.Step(day, e, score);
                if (at is not null)
                {
                    own![unit] = at;
                }
            }

            Next = day.AddDays(1);
            return score ? Scorer.ScoreAll(tree, catalogue, u => own!.GetValueOrDefault(u), rules) : null;
        }
    }

    private MonthTally Cell(string unit, DateOnly day)
    {
        if (!_units.TryGetValue(unit, out var days))
        {
            _units[unit] = days = new UnitDays();
        }

        if (!days.Days.TryGetValue(day, out var tally))
        {
            days.Days[day] = tally = new MonthTally();
        }

        return tally;
    }

    private static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The stocks a whole day adds: what every later day starts from.</summary>
    private static void AddStocks(long[] into, MonthTally m, long sign)
    {
        into[0] += sign * (m[MonthCounter.InFlightFrom] - m[MonthCounter.InFlightUntil]);
        into[1] += sign * (m[MonthCounter.AwaitingFrom] - m[MonthCounter.AwaitingUntil]);
        into[2] += sign * (m[MonthCounter.AwaitingOverdueFrom] - m[MonthCounter.AwaitingOverdueUntil]);
        into[3] += sign * (m[MonthCounter.OpenOverdueFrom] - m[MonthCounter.OpenOverdueUntil] + m[MonthCounter.OpenOverdueFromDeadline]);
    }

    private sealed class UnitDays
    {
        public Dictionary<DateOnly, MonthTally> Days { get; } = [];

        /// <summary>Per month (first day), the stocks its days add.</summary>
        public SortedDictionary<DateOnly, long[]> MonthStocks { get; } = [];

        public void Add(DateOnly day, MonthTally change)
        {
            if (!Days.TryGetValue(day, out var tally))
            {
                Days[day] = tally = new MonthTally();
            }

            tally.Add(change);
            if (tally.IsZero)
            {
                Days.Remove(day);
            }

            var month = MonthOf(day);
            if (!MonthStocks.TryGetValue(month, out var stocks))
            {
                MonthStocks[month] = stocks = new long[Stocks];
            }

            AddStocks(stocks, change, 1);
        }

        public void RecountMonths()
        {
            MonthStocks.Clear();
            foreach (var (day, tally) in Days)
            {
                var month = MonthOf(day);
                if (!MonthStocks.TryGetValue(month, out var stocks))
                {
                    MonthStocks[month] = stocks = new long[Stocks];
                }

                AddStocks(stocks, tally, 1);
            }
        }
    }

    /// <summary>One unit walking a period day by day: the stocks up to the day before, and the period's counters so far.</summary>
    private sealed class Running
    {
        private readonly UnitDays _days;
        private readonly long[] _stocks = new long[Stocks];
        private readonly OwnTally _period = new();
        private readonly SortedDictionary<(long DueTicks, bool NotDissatisfied), long> _lateFeedback = [];

        private Running(Running other)
        {
            _days = other._days;
            Array.Copy(other._stocks, _stocks, Stocks);
            _period.Add(other._period);
            foreach (var (key, n) in other._lateFeedback)
            {
                _lateFeedback[key] = n;
            }
        }

        public Running Clone() => new(this);

        public Running(UnitDays days, DateOnly first)
        {
            _days = days;
            var month = MonthOf(first);
            foreach (var (m, stocks) in days.MonthStocks)
            {
                if (m >= month)
                {
                    break;
                }

                for (var i = 0; i < Stocks; i++)
                {
                    _stocks[i] += stocks[i];
                }
            }

            for (var day = month; day < first; day = day.AddDays(1))
            {
                if (days.Days.TryGetValue(day, out var m))
                {
                    AddStocks(_stocks, m, 1);
                }
            }
        }

        /// <summary>Adds the day; returns the unit's own tally at its end when asked (null: nothing to count).</summary>
        public OwnTally? Step(DateOnly day, DateTimeOffset e, bool evaluate)
        {
            long inFlight = _stocks[0], awaiting = _stocks[1], awaitingOverdue = _stocks[2], openOverdue = _stocks[3];
            if (_days.Days.TryGetValue(day, out var m))
            {
                LedgerEvaluator.AddPeriodCounters(_period.Tally, _period.Activity, m);
                foreach (var (key, n) in m.FeedbackNotOnTimeDue)
                {
                    MonthTally.AddTo(_lateFeedback, key, n);
                }

                inFlight += m[MonthCounter.InFlightFrom] - m[MonthCounter.InFlightUntil];
                awaiting += m[MonthCounter.AwaitingFrom] - m[MonthCounter.AwaitingUntil];
                awaitingOverdue += m[MonthCounter.AwaitingOverdueFrom] - m[MonthCounter.AwaitingOverdueUntil];
                openOverdue += m[MonthCounter.OpenOverdueFrom] - m[MonthCounter.OpenOverdueUntil] +
                               LedgerEvaluator.CountAtOrBefore(m.OpenOverdueAt, e.UtcTicks);
                AddStocks(_stocks, m, 1);
            }

            if (!evaluate)
            {
                return null;
            }

            var own = new OwnTally();
            own.Add(_period);
            LedgerEvaluator.AddFeedbackWithinDeadline(own.Tally, _lateFeedback, e);
            LedgerEvaluator.SetStocks(own.Tally, inFlight, awaiting, awaitingOverdue, openOverdue);
            return own.Tally.IsZero && own.Activity.Count == 0 ? null : own;
        }
    }
}
