namespace ServiceIndex.Simulator;

/// <summary>
/// New dossiers and state changes after the history, at a steady rate. Records are produced
/// lazily when the feed is read, each stamped with the moment it was due (start + n / rate), so
/// the feed looks the same whether it is polled every second or once a minute, and a fake clock
/// drives it deterministically in tests.
/// </summary>
internal sealed class LiveActivity
{
    // Bounds the work of one catch-up after a long idle period.
    private const int MaxRecordsPerCatchUp = 100_000;
    private const int MaxOpenDossiers = 200;

    private readonly World _world;
    private readonly DossierModel _model;
    private readonly Random _random;
    private readonly double _ratePerSecond;
    private readonly List<(int Subject, DossierStage Stage, ushort Version)> _open = [];
    private readonly List<long> _appendedTicks = [];
    private long _startTicks;
    private long? _suspendedTicks;
    private long _produced;
    private int _sequence;

    public LiveActivity(World world, Random random, DateTimeOffset start, double ratePerSecond)
    {
        _world = world;
        _model = new DossierModel(world);
        _random = random;
        _startTicks = start.UtcTicks;
        _ratePerSecond = ratePerSecond;
    }

    /// <summary>Live records appended so far.</summary>
    public int Appended => _appendedTicks.Count;

    /// <summary>The moment the <paramref name="index"/>-th live record (0-based) became readable: when it was due.</summary>
    public DateTimeOffset AppendedAt(int index) => new(_appendedTicks[index], TimeSpan.Zero);

    /// <summary>When the next live record falls due (null while suspended).</summary>
    public DateTimeOffset? NextDueAt =>
        _suspendedTicks is null ? new DateTimeOffset(_startTicks + (long)((_produced + 1) / _ratePerSecond * TimeSpan.TicksPerSecond), TimeSpan.Zero) : null;

    /// <summary>Stops appending until <see cref="Resume"/>; the time in between produces nothing.</summary>
    public void Suspend(DateTimeOffset now) => _suspendedTicks ??= now.UtcTicks;

    public void Resume(DateTimeOffset now)
    {
        if (_suspendedTicks is { } at)
        {
            _startTicks += now.UtcTicks - at;
            _suspendedTicks = null;
        }
    }

    /// <summary>Appends every record due by <paramref name="now"/>. Not thread-safe: the feed holds its lock.</summary>
    public void CatchUp(DateTimeOffset now, List<FeedEntry> entries)
    {
        if (_suspendedTicks is not null)
        {
            return;
        }

        var due = (long)Math.Floor((now.UtcTicks - _startTicks) / (double)TimeSpan.TicksPerSecond * _ratePerSecond);
        var budget = MaxRecordsPerCatchUp;
        while (_produced < due && budget-- > 0)
        {
            _produced++;
            var at = _startTicks + (long)(_produced / _ratePerSecond * TimeSpan.TicksPerSecond);
            entries.Add(Step(at - (at % TimeSpan.TicksPerSecond)));
            _appendedTicks.Add(at);
        }

        // Skip what a bounded catch-up could not produce rather than falling further behind.
        _produced = Math.Max(_produced, due);
    }

    private FeedEntry Step(long ticks)
    {
        if (_open.Count == 0 || (_open.Count < MaxOpenDossiers && _random.Chance(0.35)))
        {
            return Receive(ticks);
        }

        var index = _random.Next(_open.Count);
        var (subject, stage, version) = _open[index];
        var facts = _world.Dossiers[subject];
        var next = stage switch
        {
            DossierStage.Received => DossierStage.InProgress,
            DossierStage.InProgress when _random.Chance(0.05) => DossierStage.Suspended,
            DossierStage.InProgress when facts.DueTicks != 0 && _random.Chance(_world.Procedures[facts.Procedure].Profile.SupplementRate)
                => DossierStage.SupplementRequested,
            DossierStage.Suspended => DossierStage.Resumed,
            DossierStage.SupplementRequested => DossierStage.SupplementAnswered,
            DossierStage.SupplementAnswered when _random.Chance(SupplementModel.SecondRequestChance) => DossierStage.SecondSupplementRequested,
            DossierStage.SecondSupplementRequested => DossierStage.SecondSupplementAnswered,
            DossierStage.Finished => DossierStage.Rated,
            _ => DossierStage.Finished,
        };
        if (next is DossierStage.SupplementRequested or DossierStage.SecondSupplementRequested)
        {
            _world.Dossiers[subject] = facts with { Supplements = facts.Supplements.Requested(ticks, facts.ReceivedTicks) };
        }
        else if (next is DossierStage.SupplementAnswered or DossierStage.SecondSupplementAnswered)
        {
            _world.Dossiers[subject] = facts with { Supplements = facts.Supplements.Answered(ticks, facts.ReceivedTicks) };
        }
        else if (next == DossierStage.Finished)
        {
            var outcome = DossierModel.ChooseOutcome(_random);
            _world.Dossiers[subject] = facts with
            {
                FinishedTicks = Math.Max(ticks, facts.ReceivedTicks + TimeSpan.TicksPerSecond),
                Outcome = outcome,
                Rating = DossierModel.ChooseRating(_random, facts.Channel, outcome, late: false),
                Flags = facts.Flags | DossierModel.CompletionFlags(_random, facts.Channel, outcome, ticks),
            };
        }

        var done = next == DossierStage.Rated || (next == DossierStage.Finished && _world.Dossiers[subject].Rating == Rating.None);
        if (done)
        {
            _open[index] = _open[^1];
            _open.RemoveAt(_open.Count - 1);
        }
        else
        {
            _open[index] = (subject, next, (ushort)(version + 1));
        }

        return new FeedEntry(ticks, subject, RecordKind.Dossier, (byte)next, (ushort)(version + 1), false);
    }

    private FeedEntry Receive(long ticks)
    {
        var (unit, p) = _model.ChooseUnitAndProcedure(_random);
        var procedure = _world.Procedures[p];
        var weekend = !VietnamTime.IsWorkingDay(VietnamTime.DayOf(ticks));
        var channel = _model.ChooseChannel(_random, procedure.At(ticks).OnlineLevel, weekend);

        // Negative sequence: live codes carry an "L" and never collide with the history's.
        var facts = new DossierFacts(unit, p, -++_sequence, channel, Outcome.Completed, Rating.None,
            _model.ReceptionFlags(_random, procedure, channel, ticks), ticks, DossierModel.DueTicks(procedure, ticks), 0);
        var subject = _world.Dossiers.Count;
        _world.Dossiers.Add(facts);
        _open.Add((subject, DossierStage.Received, 1));
        return new FeedEntry(ticks, subject, RecordKind.Dossier, (byte)DossierStage.Received, 1, false);
    }
}
