using System.Runtime.CompilerServices;

namespace ServiceIndex.Simulator.Tests;

/// <summary>Requests to the applicant for documents (portal rule 2.1) as the simulated province makes them.</summary>
[Collection(YearHistoryCollection.Name)]
public sealed class SupplementTests(YearHistory year)
{
    private static readonly string[] LandAndConstruction = ["dat-dai", "xay-dung"];

    private IEnumerable<ChangeRecord> DossierVersions => year.Records.Where(r => r.Kind == "dossier" && !r.Deleted);

    private Dictionary<string, double> RequestRateByField() => year.Dossiers.Values
        .GroupBy(year.FieldOf)
        .Where(g => g.Count() >= 300)
        .ToDictionary(g => g.Key, g => g.Count(d => d.Supplements().Count > 0) / (double)g.Count());

    [Fact]
    public void Land_and_construction_dossiers_are_asked_for_documents_most_often()
    {
        var topTwo = RequestRateByField().OrderByDescending(kv => kv.Value).Take(2).Select(kv => kv.Key);

        Assert.Equal(LandAndConstruction.Order(), topTwo.Order());
    }

    [Fact]
    public void Most_supplement_requests_are_made_in_land_and_construction()
    {
        var asked = year.Dossiers.Values.Where(d => d.Supplements().Count > 0).ToList();

        Assert.True(asked.Count(d => LandAndConstruction.Contains(year.FieldOf(d))) > asked.Count * 0.6);
    }

    [Fact]
    public void A_small_share_of_dossiers_in_other_fields_are_asked_for_documents()
    {
        var others = year.Dossiers.Values.Where(d => !LandAndConstruction.Contains(year.FieldOf(d))).ToList();

        var share = others.Count(d => d.Supplements().Count > 0) / (double)others.Count;

        Assert.InRange(share, 0.002, 0.05);
    }

    [Fact]
    public void A_few_dossiers_are_asked_twice()
    {
        var asked = year.Dossiers.Values.Select(d => d.Supplements().Count).Where(n => n > 0).ToList();

        Assert.InRange(asked.Count(n => n == 2) / (double)asked.Count, 0.05, 0.25);
        Assert.All(asked, n => Assert.InRange(n, 1, 2));
    }

    [Fact]
    public void The_applicant_answers_within_a_few_days()
    {
        var waits = year.Dossiers.Values.SelectMany(d => d.Supplements())
            .Where(s => s.ResumedAt is not null)
            .Select(s => (s.ResumedAt!.Value - s.RequestedAt).TotalDays)
            .Order()
            .ToList();

        Assert.InRange(waits[waits.Count / 2], 1, 7);
        Assert.InRange(waits[^1], 7, 30.01);
    }

    [Fact]
    public void A_dossier_is_suspended_while_it_awaits_a_supplement()
    {
        var awaiting = DossierVersions.Where(d => d.Supplements() is [.., { ResumedAt: null }]).ToList();

        Assert.NotEmpty(awaiting);
        Assert.All(awaiting, d => Assert.Equal("suspended", d.Str("status")));
    }

    [Fact]
    public void A_dossier_is_processing_again_once_its_supplement_is_answered()
    {
        var answeredOpen = DossierVersions
            .Where(d => d.Supplements() is [.., { ResumedAt: not null }] && d.Str("completedAt") is null)
            .ToList();

        Assert.NotEmpty(answeredOpen);
        Assert.All(answeredOpen, d => Assert.Equal("processing", d.Str("status")));
    }

    [Fact]
    public void A_request_shows_in_every_later_version_and_its_answer_once_given_never_changes()
    {
        var previous = new Dictionary<string, List<(DateTimeOffset RequestedAt, DateTimeOffset? ResumedAt)>>(StringComparer.Ordinal);
        foreach (var version in DossierVersions)
        {
            var now = version.Supplements();
            if (previous.TryGetValue(version.Id, out var before))
            {
                Assert.True(now.Count >= before.Count, $"{version.Id} v{version.Version} dropped a request");
                for (var i = 0; i < before.Count; i++)
                {
                    Assert.Equal(before[i].RequestedAt, now[i].RequestedAt);
                    Assert.True(before[i].ResumedAt is null || before[i].ResumedAt == now[i].ResumedAt, $"{version.Id} v{version.Version}");
                }
            }

            previous[version.Id] = now;
        }
    }

    [Fact]
    public void Some_dossiers_still_await_a_supplement_when_the_history_ends()
    {
        var awaiting = year.Dossiers.Values.Count(d => !d.Deleted && d.Supplements() is [.., { ResumedAt: null }]);

        Assert.InRange(awaiting, 1, year.Dossiers.Count / 100);
    }

    [Fact]
    public void Supplements_are_omitted_when_none_was_requested()
    {
        Assert.DoesNotContain(year.Lines, line => line.Contains("\"supplements\":[]", StringComparison.Ordinal));
    }

    [Fact]
    public void The_facts_of_a_dossier_with_its_supplements_stay_48_bytes()
    {
        // A year is ~600 k dossiers in memory: the requests live in what used to be padding.
        Assert.Equal(48, Unsafe.SizeOf<DossierFacts>());
    }
}
