using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using ServiceIndex.Pipeline.Scores;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One unit's total and groups at the end of one day.</summary>
public sealed record DayScore(decimal Total, IReadOnlyDictionary<string, decimal> Groups);

/// <summary>
/// Every unit's score at the end of each day of a period, from a <see cref="DayLedger"/> kept in step with the
/// ledger's record rows (<see cref="LedgerRecordCache"/>), with the points of closed days kept until a change
/// reaches them.
/// </summary>
/// <remarks>
/// <para>The day ledger is built once per process from the record rows (O(records)); each later view of the rows
/// is compared with the records applied (by key and version: O(records) look-ups, no scoring) and only the
/// records that changed are applied, as contribution deltas. A delta says the first day it moved: closed-day
/// points from that day on are dropped, the others kept. A change of the hierarchy or catalogue drops them all.</para>
/// <para>A request scores only the days it lacks: the walk starts from the per-month sums of the stocks (one
/// addition per month of history per unit) and adds one day's counters per day, so a day's point costs the same
/// whatever the history. Today is never kept (its end lies ahead).</para>
/// </remarks>
public sealed class DayCourses(LedgerRecordCache records, ScoreRefresher refresher, TimeProvider time)
{
    private const int MaxPeriods = 24;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SortedDictionary<DateOnly, IReadOnlyDictionary<string, DayScore>>> _closed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DayLedger.PeriodWalk> _walks = new(StringComparer.Ordinal);
    private Dictionary<RecordKey, ChangeRecord> _applied = [];
    private DayLedger? _ledger;
    private long _version = -1;
    private UnitTree? _tree;
    private Catalogue? _catalogue;

    /// <summary>Closed days scored since the process started (a day served from memory is not counted).</summary>
    public long DaysScored { get; private set; }

    /// <summary>The view the points are computed on (its tree names the units).</summary>
    public sealed record Course(LedgerView View, DateOnly? FirstDay, IReadOnlyList<(DateOnly Day, IReadOnlyDictionary<string, DayScore> Units)> Days);

    /// <summary>Every unit's score at the end of each day of <paramref name="period"/> up to <paramref name="lastDay"/>.</summary>
    public async Task<Course> GetAsync(Period period, DateOnly lastDay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Sync(view);
            var today = VietnamTime.Today(time);
            var last = lastDay < period.To ? lastDay : period.To;
            if (!_closed.TryGetValue(period.Label, out var closed))
            {
                if (_closed.Count >= MaxPeriods)
                {
                    _closed.Clear();
                    _walks.Clear();
                }

                _closed[period.Label] = closed = [];
            }

            var days = new List<(DateOnly, IReadOnlyDictionary<string, DayScore>)>();
            var missing = period.From;
            while (missing <= last && closed.ContainsKey(missing))
            {
                days.Add((missing, closed[missing]));
                missing = missing.AddDays(1);
            }

            if (missing <= last)
            {
                // Resume the period's walk where it stopped (at the first day not closed yet), else start it again.
                if (!_walks.TryGetValue(period.Label, out var walk) || walk.Next > missing)
                {
                    walk = _ledger!.Begin(period);
                }

                while (walk.Next < missing)
                {
                    walk.Step(false, view.Tree, view.Catalogue, refresher.Rules);
                }

                for (var day = missing; day <= last; day = day.AddDays(1))
                {
                    // A closed day moves the walk on and is kept; today (its end ahead) is scored on a copy, the walk waits.
                    var scores = day < today
                        ? walk.Step(true, view.Tree, view.Catalogue, refresher.Rules)!
                        : walk.Clone().Step(true, view.Tree, view.Catalogue, refresher.Rules)!;
                    var units = scores.ToDictionary(s => s.Unit.Id, s => Score(s, refresher.Rules), StringComparer.Ordinal);
                    days.Add((day, units));
                    if (day < today)
                    {
                        closed[day] = units;
                        DaysScored++;
                    }
                    else
                    {
                        break; // days after today are not asked for
                    }
                }

                _walks[period.Label] = walk;
            }

            return new Course(view, _ledger!.FirstDay, days);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static DayScore Score(UnitScore score, IndexRules rules)
    {
        var groups = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var g in Groups.All)
        {
            groups[g] = Output.Round(score.Group(g, rules));
        }

        return new DayScore(Output.Round(score.Total), groups);
    }

    /// <summary>Brings the day ledger to the view: the records whose version changed, as deltas.</summary>
    private void Sync(LedgerView view)
    {
        if (_ledger is not null && view.Version == _version)
        {
            return;
        }

        if (_ledger is null)
        {
            _ledger = DayLedger.Of(view.Live);
            _applied = view.Live.ToDictionary(r => r.Key);
            _closed.Clear();
            _walks.Clear();
        }
        else
        {
            DateOnly? touched = null;
            var current = new Dictionary<RecordKey, ChangeRecord>(view.Live.Count);
            foreach (var record in view.Live)
            {
                current[record.Key] = record;
                var old = _applied.GetValueOrDefault(record.Key);
                if (old is null || old.Version != record.Version)
                {
                    touched = Earliest(touched, _ledger.Apply(old, record));
                }
            }

            foreach (var (key, old) in _applied)
            {
                if (!current.ContainsKey(key))
                {
                    touched = Earliest(touched, _ledger.Apply(old, null)); // deleted
                }
            }

            _applied = current;
            if (!ReferenceEquals(view.Tree, _tree) || !ReferenceEquals(view.Catalogue, _catalogue))
            {
                _closed.Clear();
                _walks.Clear();
            }
            else if (touched is { } from)
            {
                foreach (var label in _walks.Where(w => w.Value.Next > from).Select(w => w.Key).ToList())
                {
                    _walks.Remove(label); // it has added a day the change moved
                }

                foreach (var days in _closed.Values)
                {
                    foreach (var day in days.Keys.Where(d => d >= from).ToList())
                    {
                        days.Remove(day);
                    }
                }
            }
        }

        _version = view.Version;
        _tree = view.Tree;
        _catalogue = view.Catalogue;
    }

    private static DateOnly? Earliest(DateOnly? a, DateOnly? b) => a is not { } x ? b : b is not { } y ? a : x < y ? x : y;
}
