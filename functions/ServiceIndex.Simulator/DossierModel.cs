namespace ServiceIndex.Simulator;

/// <summary>
/// How citizens submit and how units handle: channel, digitisation and payment facts, outcome and
/// rating. Shared by the history and the live activity so both look alike. Rates start where the
/// province stood in 2022–2023 and improve year on year (<see cref="Trend"/>).
/// </summary>
internal sealed class DossierModel(World world)
{
    /// <summary>Share of the dossiers of fee-bearing procedures whose fees are waived.</summary>
    public const double FeeWaivedShare = 0.07;

    private static readonly DateOnly TrendStart = new(2023, 1, 1);

    public World World { get; } = world;

    /// <summary>Years since January 2023, clamped to 0–3: the province's digital rates grow with it.</summary>
    public static double Trend(long utcTicks) =>
        Math.Clamp((VietnamTime.DayOf(utcTicks).DayNumber - TrendStart.DayNumber) / 365.25, 0, 3);

    public (int Unit, int Procedure) ChooseUnitAndProcedure(Random random)
    {
        var levels = World.DossierLevels;
        var x = random.NextDouble();
        var chosen = levels[^1];
        foreach (var level in levels)
        {
            if (x < level.Share)
            {
                chosen = level;
                break;
            }

            x -= level.Share;
        }

        var unit = chosen.Units[chosen.Sampler.Sample(random)];
        var (procedures, sampler) = World.UnitProcedures[unit];
        return (unit, procedures[sampler.Sample(random)]);
    }

    public Channel ChooseChannel(Random random, OnlineLevel level, bool weekend)
    {
        if (level == OnlineLevel.None)
        {
            return random.Chance(0.03) ? Channel.Postal : Channel.Direct;
        }

        // One-stop desks are closed at weekends (a few open Saturday mornings): what arrives then is online.
        if (weekend && random.Chance(World.WeekendOnlineChance))
        {
            return Channel.Online;
        }

        var chance = level == OnlineLevel.Full ? World.OnlineChance.Full : World.OnlineChance.Partial;
        return random.Chance(chance) ? Channel.Online : random.Chance(0.02) ? Channel.Postal : Channel.Direct;
    }

    /// <summary>Time of day of reception: office hours at the desk, mostly daytime online.</summary>
    public static TimeSpan ReceptionTime(Random random, Channel channel)
    {
        if (channel == Channel.Online)
        {
            return random.Chance(0.85)
                ? TimeSpan.FromHours(random.Between(7, 22))
                : TimeSpan.FromHours(random.Between(0, 24));
        }

        return random.Chance(0.6)
            ? TimeSpan.FromHours(random.Between(7.5, 11.5))
            : TimeSpan.FromHours(random.Between(13.5, 17));
    }

    /// <summary>Deadline: the legal limit in working days, at the end of office hours; 0 for none.</summary>
    public static long DueTicks(Procedure procedure, long receivedTicks)
    {
        if (procedure.Template.TimeLimitDays is not { } days)
        {
            return 0;
        }

        var day = VietnamTime.AddWorkingDays(VietnamTime.DayOf(receivedTicks), Math.Max(1, days));
        return VietnamTime.AtTicks(day, TimeSpan.FromHours(17));
    }

    /// <summary>Facts known at reception.</summary>
    public DossierFlags ReceptionFlags(Random random, Procedure procedure, Channel channel, long receivedTicks)
    {
        var t = Trend(receivedTicks);
        var online = channel == Channel.Online;
        var flags = DossierFlags.None;
        if (random.Chance(Capped(0.78 + (0.06 * t))))
        {
            flags |= DossierFlags.Synced;
        }

        if (random.Chance(Capped(online ? 0.85 + (0.04 * t) : 0.35 + (0.15 * t))))
        {
            flags |= DossierFlags.ComponentsDigitized;
        }

        if (random.Chance(Capped(0.12 + (0.1 * t))))
        {
            flags |= DossierFlags.ReusedDigitalData;
        }

        var population = procedure.Template.Field == "ho-tich" ? 0.7 + (0.1 * t) : 0.3 + (0.15 * t);
        if (random.Chance(Capped(population)))
        {
            flags |= DossierFlags.UsedPopulationData;
        }

        // Policy beneficiaries (poor households, people with merit, ethnic minorities in the mountain
        // districts) are exempt: their fee lines are all 0 and there is nothing to pay online.
        if (procedure.Template.FeeRequired && random.Chance(FeeWaivedShare))
        {
            flags |= DossierFlags.FeeWaived;
        }
        else if (procedure.Template.FeeRequired)
        {
            var paymentOffered = procedure.At(receivedTicks).OnlinePaymentEnabled;
            if (paymentOffered && random.Chance(online ? Capped(0.55 + (0.1 * t)) : 0.05))
            {
                flags |= DossierFlags.PaidOnline;
            }
        }

        return flags;
    }

    /// <summary>Facts known when the result is returned.</summary>
    public static DossierFlags CompletionFlags(Random random, Channel channel, Outcome outcome, long finishedTicks)
    {
        if (outcome == Outcome.Withdrawn)
        {
            return DossierFlags.None;
        }

        var t = Trend(finishedTicks);
        var flags = DossierFlags.None;
        if (random.Chance(Capped(0.5 + (0.12 * t))))
        {
            flags |= DossierFlags.ResultDigitized;
        }

        var store = 0.08 + (0.1 * t);
        if (random.Chance(Capped(channel == Channel.Online ? store * 1.5 : store)))
        {
            flags |= DossierFlags.LinkedToCitizenStore;
        }

        return flags;
    }

    public static Outcome ChooseOutcome(Random random) => random.NextDouble() switch
    {
        < 0.015 => Outcome.Withdrawn,
        < 0.04 => Outcome.Rejected,
        _ => Outcome.Completed,
    };

    /// <summary>Ratings are given sometimes, rarely negative unless the dossier was late.</summary>
    public static Rating ChooseRating(Random random, Channel channel, Outcome outcome, bool late)
    {
        if (outcome == Outcome.Withdrawn || !random.Chance(channel == Channel.Online ? 0.3 : 0.15))
        {
            return Rating.None;
        }

        return (random.NextDouble(), late) switch
        {
            ( < 0.15, true) => Rating.VerySatisfied,
            ( < 0.55, true) => Rating.Satisfied,
            ( < 0.75, true) => Rating.Neutral,
            (_, true) => Rating.Dissatisfied,
            ( < 0.5, false) => Rating.VerySatisfied,
            ( < 0.94, false) => Rating.Satisfied,
            ( < 0.99, false) => Rating.Neutral,
            _ => Rating.Dissatisfied,
        };
    }

    private static double Capped(double p) => Math.Min(0.98, p);
}
