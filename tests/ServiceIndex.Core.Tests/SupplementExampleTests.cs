using ServiceIndex.Core.Incremental;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Scoring;
using ServiceIndex.Core.Time;
using static ServiceIndex.Core.Tests.Build;

namespace ServiceIndex.Core.Tests;

/// <summary>
/// The "Supplements" worked example of index-766.md (portal rule 2.1): a commune, period 2024-04,
/// e = 2024-04-30 23:59:59+07:00, every dossier due 2024-04-20 17:00 unless said otherwise.
/// </summary>
public sealed class SupplementExampleTests
{
    private static readonly Period April = Period.Parse("2024-04");
    private static readonly DateTimeOffset E = April.LastSecond;
    private const string Due = "2024-04-20T17:00:00";

    private static readonly DossierData A = Dossier(received: "2024-04-01T08:00:00", due: Due, completed: "2024-04-23T08:00:00",
        status: DossierStatus.Completed, supplements: ("2024-04-05T08:00:00", "2024-04-10T08:00:00"));

    private static readonly DossierData B = Dossier(received: "2024-04-02T08:00:00", due: Due, status: DossierStatus.Suspended,
        supplements: ("2024-04-18T08:00:00", null));

    private static readonly DossierData C = Dossier(received: "2024-04-03T08:00:00", due: Due, status: DossierStatus.Suspended,
        supplements: [("2024-04-08T08:00:00", "2024-04-10T08:00:00"), ("2024-04-16T08:00:00", null)]);

    private static readonly DossierData D = Dossier(received: "2024-04-04T08:00:00", due: Due, status: DossierStatus.Suspended);

    private static readonly DossierData EDossier = Dossier(received: "2024-04-05T08:00:00", due: Due,
        supplements: ("2024-04-10T08:00:00", "2024-04-12T08:00:00"));

    private static readonly DossierData F = Dossier(received: "2024-04-25T08:00:00", due: "2024-05-05T17:00:00", status: DossierStatus.Suspended,
        supplements: ("2024-05-03T08:00:00", null));

    private static IndicatorScore P1(params DossierData[] dossiers)
    {
        var book = new PeriodScoreBook(April, Vn("2024-06-01T00:00:00"));
        foreach (var r in SmallProvince())
        {
            book.Apply(r);
        }

        for (var i = 0; i < dossiers.Length; i++)
        {
            book.Apply(Record($"hs{i}", dossiers[i]));
        }

        return book.Score().Single(s => s.Unit.Id == "c1").Indicators.Single(i => i.Code == "P1");
    }

    private static Tally Ledger(params DossierData[] dossiers)
    {
        var months = new Dictionary<DateOnly, MonthTally>();
        for (var i = 0; i < dossiers.Length; i++)
        {
            MonthContribution.Add(Record($"hs{i}", dossiers[i]), +1,
                (_, month) => months.TryGetValue(month, out var m) ? m : months[month] = new MonthTally());
        }

        return LedgerEvaluator.Evaluate(April, E, months).Tally;
    }

    [Fact]
    public void A_the_five_days_the_applicant_took_are_not_charged_so_completion_on_23_April_is_on_time()
    {
        var a = new DossierStanding(A, E);
        Assert.Equal((true, Vn("2024-04-18T08:00:00")), (a.HandledOnTime, a.EffectiveEnd!.Value));
    }

    [Fact]
    public void B_waiting_for_its_only_supplement_requested_before_the_deadline_is_awaiting_on_time()
    {
        var b = new DossierStanding(B, E);
        Assert.Equal((true, true, false), (b.AwaitingSupplement, b.AwaitingOnTime, b.Overdue));
    }

    [Fact]
    public void C_asked_twice_and_still_waiting_is_overdue_late_to_the_day_of_e()
    {
        var c = new DossierStanding(C, E);
        Assert.Equal((true, true, 10), (c.AwaitingSupplement, c.Overdue, c.DaysLate));
    }

    [Fact]
    public void D_suspended_with_no_supplement_request_is_out_of_progress_scope() =>
        Assert.False(new DossierTerms(D, April, E).InProgressScope);

    [Fact]
    public void E_still_processing_after_a_two_day_wait_ends_effectively_two_days_before_e_and_is_8_days_late()
    {
        var e = new DossierStanding(EDossier, E);
        Assert.Equal((Vn("2024-04-28T23:59:59"), true, 8), (e.EffectiveEnd!.Value, e.Overdue, e.DaysLate));
    }

    [Fact]
    public void F_suspended_after_a_request_made_after_e_was_still_being_handled_at_e_and_is_within_deadline()
    {
        var f = new DossierStanding(F, E);
        Assert.Equal((true, true), (f.OpenAtE, f.WithinDeadline));
    }

    [Fact]
    public void P1_over_A_B_C_E_is_20_x_2_over_4_equals_10_and_D_is_not_counted()
    {
        var p1 = P1(A, B, C, D, EDossier);
        Assert.Equal((2L, 4L, 10m), (p1.Numerator, p1.Denominator, p1.Points));
    }

    [Fact]
    public void P1_over_A_B_C_E_F_is_20_x_3_over_5_equals_12()
    {
        var p1 = P1(A, B, C, D, EDossier, F);
        Assert.Equal((3L, 5L, 12m), (p1.Numerator, p1.Denominator, p1.Points));
    }

    [Fact]
    public void The_month_ledger_gives_the_example_the_same_progress_counters()
    {
        var t = Ledger(A, B, C, D, EDossier, F);
        Assert.Equal((5L, 3L, 2L, 1L, 2L, 1L), (t[Counter.ProgressScope], t[Counter.ProgressNotOverdue], t[Counter.OpenAtE],
            t[Counter.OpenOverdue], t[Counter.AwaitingSupplement], t[Counter.AwaitingOverdue]));
    }
}
