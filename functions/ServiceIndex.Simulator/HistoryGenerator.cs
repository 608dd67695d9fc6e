namespace ServiceIndex.Simulator;

/// <summary>
/// Generates the history of a simulated province day by day from one seed, then orders it by
/// <c>changedAt</c> (the feed order) and injects the record faults.
/// </summary>
internal sealed class HistoryGenerator
{
    // Hotline feedback against dossiers in the first four months of 2023: 1,598 / 197,734.
    private const double FeedbackPerDossier = 1_598.0 / 197_734.0;

    private const double SaturdayFactor = World.SaturdayFactor;
    private const double SundayFactor = World.SundayFactor;

    // Expected "full days" in a year once weekends count at their reduced volume.
    private const double DayWeightPerYear = 365.25 / 7 * (5 + SaturdayFactor + SundayFactor);

    private static readonly long Second = TimeSpan.TicksPerSecond;

    private readonly World _world;
    private readonly DossierModel _model;
    private readonly Random _random;
    private readonly long _start;
    private readonly long _horizon;
    private readonly List<FeedEntry> _entries;
    private readonly int[] _dailySequence;
    private readonly (double Share, int[] Units, WeightedSampler Sampler)[] _feedbackLevels;
    private int _feedbackSequence;

    private HistoryGenerator(World world, long horizon)
    {
        _world = world;
        _model = new DossierModel(world);
        _random = SeedStreams.History(world.Options.Seed);
        _start = VietnamTime.StartOfDayTicks(world.Options.From);
        _horizon = horizon;
        var days = world.Options.To.DayNumber - world.Options.From.DayNumber + 1;
        _entries = new List<FeedEntry>((int)Math.Min(int.MaxValue / 2, (world.Options.DossiersPerYear * days / 365.0 * 3.4) + 10_000));
        _dailySequence = new int[world.Units.Length];
        _feedbackLevels = FeedbackLevels(world);
    }

    /// <summary>Generates the history of <paramref name="world"/> up to <paramref name="now"/> at most.</summary>
    public static SimulatedHistory Generate(World world, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = world.Options;
        var endOfTo = VietnamTime.StartOfDayTicks(options.To.AddDays(1)) - Second;
        var horizon = Math.Max(VietnamTime.StartOfDayTicks(options.From), Math.Min(endOfTo, now.UtcTicks));
        var generator = new HistoryGenerator(world, horizon);

        generator.EmitUnits();
        generator.EmitProcedures();
        for (var day = options.From; day <= options.To; day = day.AddDays(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            generator.EmitDay(day);
        }

        var ordered = generator.InFeedOrder();
        var faults = new List<InjectedFault>();
        var delivered = RecordFaultInjector.Apply(ordered, world, options.RecordFaults, SeedStreams.Faults(options.Seed), faults);
        return new SimulatedHistory(world, delivered, faults,
            VietnamTime.ToOffset(generator._start), VietnamTime.ToOffset(horizon));
    }

    private static (double, int[], WeightedSampler)[] FeedbackLevels(World world)
    {
        // Citizens complain mostly about district and commune handling.
        var shares = new[] { (UnitLevel.Agency, 0.25), (UnitLevel.District, 0.45), (UnitLevel.Commune, 0.30) };
        var levels = shares
            .Select(s => (s.Item2, Units: Enumerable.Range(0, world.Units.Length)
                .Where(u => world.Units[u].Level == s.Item1 && world.Units[u].Weight > 0).ToArray()))
            .Where(l => l.Units.Length > 0)
            .ToList();
        var total = levels.Sum(l => l.Item1);
        return [.. levels.Select(l => (l.Item1 / total, l.Units, new WeightedSampler([.. l.Units.Select(u => world.Units[u].Weight)])))];
    }

    private void EmitUnits()
    {
        var options = _world.Options;
        var changes = _world.Hierarchy.Changes.ToLookup(c => c.Id, StringComparer.Ordinal);
        for (var u = 0; u < _world.Units.Length; u++)
        {
            var unit = _world.Units[u];
            var state = new UnitVersion(u, 1, unit.Name, unit.ParentId, unit.ECertifiedCopy);

            // Changes before the history are folded into its first record, which then carries
            // their version number: versions stay comparable whatever From is.
            foreach (var change in changes[unit.Id].Where(c => c.On < options.From))
            {
                state = Apply(state, change);
            }

            Add(state, _start);
            foreach (var change in changes[unit.Id].Where(c => c.On >= options.From))
            {
                var at = VietnamTime.AtTicks(change.On, TimeSpan.FromHours(8));
                if (at > _horizon)
                {
                    break;
                }

                state = Apply(state, change);
                Add(state, at);
            }
        }

        static UnitVersion Apply(UnitVersion state, UnitChange change) => state with
        {
            Version = state.Version + 1,
            Name = change.Name ?? state.Name,
            ParentId = change.ParentId ?? state.ParentId,
            ECertifiedCopy = change.ECertifiedCopy ?? state.ECertifiedCopy,
        };

        void Add(UnitVersion version, long ticks)
        {
            _world.UnitVersions.Add(version);
            Emit(new FeedEntry(ticks, _world.UnitVersions.Count - 1, RecordKind.Unit, 0, (ushort)version.Version, false));
        }
    }

    private void EmitProcedures()
    {
        foreach (var procedure in _world.Procedures)
        {
            _world.ProcedureVersions.Add(procedure.Initial);
            Emit(new FeedEntry(_start, _world.ProcedureVersions.Count - 1, RecordKind.Procedure, 0, 1, false));
            if (procedure.Improved is { } improved && procedure.ImprovedAtTicks <= _horizon)
            {
                _world.ProcedureVersions.Add(improved);
                Emit(new FeedEntry(procedure.ImprovedAtTicks, _world.ProcedureVersions.Count - 1, RecordKind.Procedure, 0,
                    (ushort)improved.Version, false));
            }
        }
    }

    private void EmitDay(DateOnly day)
    {
        var weekend = !VietnamTime.IsWorkingDay(day);
        var dayFactor = day.DayOfWeek switch
        {
            DayOfWeek.Saturday => SaturdayFactor,
            DayOfWeek.Sunday => SundayFactor,
            _ => 1.0,
        };
        Array.Clear(_dailySequence);
        var options = _world.Options;
        var dossiers = _random.Count(options.DossiersPerYear * dayFactor / DayWeightPerYear * _random.Between(0.85, 1.15));
        for (var i = 0; i < dossiers; i++)
        {
            EmitDossier(day, weekend);
        }

        _feedbackSequence = 0;
        var feedback = _random.Count(options.DossiersPerYear * FeedbackPerDossier * dayFactor / DayWeightPerYear);
        for (var i = 0; i < feedback; i++)
        {
            EmitFeedback(day);
        }
    }

    private void EmitDossier(DateOnly day, bool weekend)
    {
        var random = _random;
        var (unit, p) = _model.ChooseUnitAndProcedure(random);
        var procedure = _world.Procedures[p];
        var channel = _model.ChooseChannel(random, procedure.At(VietnamTime.AtTicks(day, TimeSpan.FromHours(12))).OnlineLevel, weekend);
        var received = Whole(VietnamTime.AtTicks(day, DossierModel.ReceptionTime(random, channel)));
        var due = DossierModel.DueTicks(procedure, received);
        var flags = _model.ReceptionFlags(random, procedure, channel, received);
        var outcome = DossierModel.ChooseOutcome(random);
        var profile = procedure.Profile;
        var late = due != 0 && outcome != Outcome.Withdrawn
            && random.Chance(Math.Min(0.6, profile.LateRate * _world.UnitLateFactor[unit]));
        // The unit's own handling time is calibrated (pace, lateness); an applicant asked for documents
        // adds the days of waiting on top, which the portal does not charge to the unit.
        var unitFinished = Whole(FinishTicks(random, profile, received, due, late));
        var inProgressAt = received + Math.Min(Fraction(unitFinished - received, 0.02, 0.2), TimeSpan.TicksPerDay);
        var supplements = due != 0 && outcome != Outcome.Withdrawn
            ? SupplementModel.Plan(random, profile, received, inProgressAt, unitFinished)
            : default;
        var finished = unitFinished + supplements.WaitingTicks;
        flags |= DossierModel.CompletionFlags(random, channel, outcome, finished);
        var rating = DossierModel.ChooseRating(random, channel, outcome, late);
        var deleted = random.Chance(_world.Options.DeletedRate);
        if (received > _horizon)
        {
            return;
        }

        var subject = _world.Dossiers.Count;
        _world.Dossiers.Add(new DossierFacts(unit, p, ++_dailySequence[unit], channel, outcome, deleted ? Rating.None : rating,
            flags, received, due, finished, supplements));

        // The life of the dossier, one record version per stage; stages after the horizon have
        // not happened yet, so the dossier stays open in the history.
        Span<(DossierStage Stage, long Ticks)> life = stackalloc (DossierStage, long)[10];
        var count = 0;
        life[count++] = (DossierStage.Received, received);
        var limit = procedure.Template.TimeLimitDays;
        if ((limit > 1) || random.Chance(0.3))
        {
            life[count++] = (DossierStage.InProgress, inProgressAt);
        }

        for (var i = 0; i < supplements.Count; i++)
        {
            life[count++] = (i == 0 ? DossierStage.SupplementRequested : DossierStage.SecondSupplementRequested,
                supplements.RequestedTicks(i, received));
            life[count++] = (i == 0 ? DossierStage.SupplementAnswered : DossierStage.SecondSupplementAnswered,
                supplements.ResumedTicks(i, received));
        }

        // Suspended by law only when no documents were asked for: the feed then gives no request.
        var suspended = due != 0 && outcome != Outcome.Withdrawn && supplements.Count == 0 && random.Chance(profile.SuspendRate);
        if (suspended)
        {
            var before = life[count - 1].Ticks;
            var suspendedAt = before + Fraction(finished - before, 0.2, 0.5);
            life[count++] = (DossierStage.Suspended, suspendedAt);
            life[count++] = (DossierStage.Resumed, suspendedAt + Fraction(finished - suspendedAt, 0.3, 0.8));
        }
        else if (due != 0 && outcome == Outcome.Completed && random.Chance(0.5))
        {
            var readyAt = finished - Fraction(finished - life[count - 1].Ticks, 0.1, 0.5);
            life[count++] = (DossierStage.ResultReady, readyAt);
        }

        life[count++] = (DossierStage.Finished, finished);
        if (!deleted && rating != Rating.None)
        {
            life[count++] = (DossierStage.Rated, finished + (long)(random.Between(600, 3 * 86_400) * Second));
        }

        var deletedAt = deleted ? finished + (long)(random.Between(3_600, 5 * 86_400) * Second) : 0;
        var previous = 0L;
        var version = (ushort)0;
        for (var i = 0; i < count; i++)
        {
            var ticks = Math.Max(Whole(life[i].Ticks), previous + Second);
            if (ticks > _horizon)
            {
                return;
            }

            Emit(new FeedEntry(ticks, subject, RecordKind.Dossier, (byte)life[i].Stage, ++version, false));
            previous = ticks;
        }

        if (deleted && Math.Max(Whole(deletedAt), previous + Second) is var at && at <= _horizon)
        {
            Emit(new FeedEntry(at, subject, RecordKind.Dossier, (byte)life[count - 1].Stage, ++version, true));
        }
    }

    /// <summary>When handling ends: on the spot without a deadline; otherwise a share of the time
    /// limit following the field's pace, or some days past the deadline when late.</summary>
    private static long FinishTicks(Random random, FieldProfile profile, long received, long due, bool late)
    {
        if (due == 0)
        {
            return received + (long)(random.Between(0.25, 5) * TimeSpan.TicksPerHour);
        }

        if (late)
        {
            var daysLate = 1 + Math.Floor(random.Exponential(Math.Max(0.5, profile.MeanDaysLate - 1)));
            return due + (long)(daysLate * TimeSpan.TicksPerDay) - (long)(random.Between(0, 8) * TimeSpan.TicksPerHour);
        }

        // share = u^a has mean 1/(1+a): a = 1/pace − 1 gives the field's mean pace.
        var share = Math.Pow(random.NextDouble(), (1 / profile.Pace) - 1);
        return received + Math.Max(10 * TimeSpan.TicksPerMinute, (long)(share * (due - received)));
    }

    private void EmitFeedback(DateOnly day)
    {
        var random = _random;
        var x = random.NextDouble();
        var level = _feedbackLevels[^1];
        foreach (var candidate in _feedbackLevels)
        {
            if (x < candidate.Share)
            {
                level = candidate;
                break;
            }

            x -= candidate.Share;
        }

        var unit = level.Units[level.Sampler.Sample(random)];
        var received = Whole(VietnamTime.AtTicks(day, TimeSpan.FromHours(random.Between(7, 21))));
        var due = VietnamTime.AtTicks(VietnamTime.AddWorkingDays(day, 10), TimeSpan.FromHours(17));

        // 1,582 of 1,598 answered (≈99%), nearly all within the deadline.
        var resolved = 0L;
        var late = false;
        if (random.Chance(0.99))
        {
            late = random.Chance(0.04);
            resolved = late
                ? due + (long)((1 + random.Exponential(4)) * TimeSpan.TicksPerDay)
                : received + Math.Max(TimeSpan.TicksPerHour, (long)(Math.Pow(random.NextDouble(), 1.5) * (due - received)));
        }

        var rating = Rating.None;
        if (resolved != 0 && random.Chance(0.3))
        {
            rating = random.NextDouble() switch
            {
                var r when r < (late ? 0.3 : 0.03) => Rating.Dissatisfied,
                < 0.1 => Rating.Neutral,
                < 0.55 => Rating.Satisfied,
                _ => Rating.VerySatisfied,
            };
        }

        var ratedAt = resolved + (long)(random.Between(3_600, 5 * 86_400) * Second);
        if (received > _horizon)
        {
            return;
        }

        var subject = _world.Feedback.Count;
        _world.Feedback.Add(new FeedbackFacts(unit, ++_feedbackSequence, received, due, Whole(resolved), rating));
        Emit(new FeedEntry(received, subject, RecordKind.Feedback, (byte)FeedbackStage.Received, 1, false));
        if (resolved == 0)
        {
            return;
        }

        var resolvedAt = Math.Max(Whole(resolved), received + Second);
        if (resolvedAt > _horizon)
        {
            return;
        }

        Emit(new FeedEntry(resolvedAt, subject, RecordKind.Feedback, (byte)FeedbackStage.Resolved, 2, false));
        var ratedTicks = Math.Max(Whole(ratedAt), resolvedAt + Second);
        if (rating != Rating.None && ratedTicks <= _horizon)
        {
            Emit(new FeedEntry(ratedTicks, subject, RecordKind.Feedback, (byte)FeedbackStage.Rated, 3, false));
        }
    }

    /// <summary>Orders by <c>changedAt</c>, generation order breaking ties, so units and the
    /// catalogue come first and a parent precedes its children.</summary>
    private List<FeedEntry> InFeedOrder()
    {
        var items = _entries.ToArray();
        var keys = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            keys[i] = ((items[i].ChangedAtTicks - _start) / Second << 32) | (uint)i;
        }

        Array.Sort(keys, items);
        return [.. items];
    }

    private void Emit(FeedEntry entry) => _entries.Add(entry);

    private long Fraction(long span, double min, double max) => (long)(span * _random.Between(min, max));

    private static long Whole(long ticks) => ticks - (ticks % Second);
}
