using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServiceIndex.Core.NationalSync;
using ServiceIndex.Core.Records;
using static ServiceIndex.Core.Tests.NationalSyncMappingTests;

namespace ServiceIndex.Core.Tests;

/// <summary>The version derived from a pushed dossier (<see cref="NationalSyncOrder"/>): retries and reordering never go back in time.</summary>
public sealed class NationalSyncOrderTests
{
    /// <summary>One dossier's life as its system pushes it, step by step.</summary>
    private static IReadOnlyList<JsonObject> Life()
    {
        var steps = new List<JsonObject>();
        JsonObject Step(string status, Action<JsonObject>? change = null)
        {
            var next = steps.Count == 0 ? Dossier(status) : (JsonObject)steps[^1].DeepClone();
            next["TrangThaiHoSo"] = status;
            change?.Invoke(next);
            steps.Add(next);
            return next;
        }

        Step("2");
        Step("4", d => d["TaiLieuNop"] = new JsonArray(new JsonObject { ["DuocSoHoa"] = "1" }));
        Step("5", d => d["DanhSachHoSoBoSung"] = new JsonArray(new JsonObject { ["NgayBoSung"] = "20261110090000", ["NgayTiepNhanBoSung"] = "" }));
        Step("4", d =>
        {
            d["DanhSachHoSoBoSung"]![0]!["NgayTiepNhanBoSung"] = "20261111080000";
            d["NgayHenTra"] = "20261113170000";
        });
        Step("6", d => d["DuocThanhToanTrucTuyen"] = "1");
        Step("9", d => d["NgayKetThucXuLy"] = "20261112150000");
        Step("10", d =>
        {
            d["NgayTra"] = "20261112160000";
            d["DanhSachGiayToKetQua"] = new JsonArray(new JsonObject { ["DuongDanTepTinKetQua"] = "https://x/kq.pdf" });
        });
        return steps;
    }

    private static ChangeRecord Record(JsonObject step) => Map(step).Record!;

    [Fact]
    public void Each_step_of_a_dossiers_life_has_a_higher_version_than_the_one_before()
    {
        var versions = Life().Select(s => Record(s).Version).ToList();

        Assert.All(versions.Zip(versions.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} is not above {pair.First}"));
    }

    [Fact]
    public void The_same_state_pushed_twice_has_the_same_version()
    {
        var step = Life()[3];

        Assert.Equal(Record(step).Version, Record((JsonObject)step.DeepClone()).Version);
    }

    [Fact]
    public void Codes_that_map_to_the_same_state_have_the_same_version()
    {
        var handled = Life()[5];
        var returned = (JsonObject)handled.DeepClone();
        returned["TrangThaiHoSo"] = "10"; // same end time, same mapped record

        Assert.Equal(Record(handled).Version, Record(returned).Version);
    }

    [Fact]
    public void A_withdrawal_that_adds_no_time_is_newer_than_the_dossier_in_progress()
    {
        var processing = Life()[1];
        var withdrawn = (JsonObject)processing.DeepClone();
        withdrawn["TrangThaiHoSo"] = "7";

        Assert.True(Record(withdrawn).Version > Record(processing).Version);
    }

    [Fact]
    public void A_supplement_request_sent_as_status_9_is_superseded_by_the_later_answer()
    {
        var requestedAs9 = (JsonObject)Life()[2].DeepClone();
        requestedAs9["TrangThaiHoSo"] = "9";

        Assert.Equal(DossierStatus.Suspended, ((DossierData)Record(requestedAs9).Data).Status);
        Assert.True(Record(Life()[3]).Version > Record(requestedAs9).Version);
    }

    [Fact]
    public void Two_states_with_the_same_times_stage_and_facts_still_get_different_versions()
    {
        var one = Life()[1];
        var other = (JsonObject)one.DeepClone();
        other["MaTTHC"] = "1.009999"; // a correction no time accompanies

        Assert.NotEqual(Record(one).Version, Record(other).Version);
    }

    [Fact]
    public void A_completion_is_newer_than_any_earlier_state_whatever_its_facts()
    {
        var many = (JsonObject)Life()[4].DeepClone();
        many["TaiKhoanDuocXacThucVoiVNeID"] = "1";
        many["TaiLieuNop"] = new JsonArray(new JsonObject { ["DuocSoHoa"] = "1", ["DuocTaiSuDung"] = "1", ["DuocLayTuKhoDMQG"] = "1" });

        Assert.True(Record(Life()[5]).Version > Record(many).Version);
    }

    private static Arbitrary<int[]> Deliveries() =>
        Gen.ListOf(Gen.Choose(0, Life().Count - 1)).Select(l => l.ToArray()).Where(a => a.Length > 0).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Any_order_of_pushes_with_retries_ends_in_the_newest_state_pushed() =>
        Prop.ForAll(Deliveries(), delivery =>
        {
            var life = Life().Select(Record).ToList();
            var state = new VersionedState();
            foreach (var step in delivery)
            {
                state.Offer(life[step], out _);
            }

            return state.Get(life[0].Key) == life[delivery.Max()];
        });
}
