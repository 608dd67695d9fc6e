using System.Text;
using System.Text.Json.Nodes;
using ServiceIndex.Core.Feed;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Tests;

/// <summary>Reading feed items against feed.schema.json and feed.md: what is accepted, and why the rest is refused.</summary>
public sealed class ParserTests
{
    private const string DossierId = "H47.18-230417-0001";

    private static JsonObject Envelope(string kind, string id, JsonObject data) => new()
    {
        ["kind"] = kind,
        ["id"] = id,
        ["version"] = 7,
        ["changedAt"] = "2023-04-21T09:15:02+07:00",
        ["deleted"] = false,
        ["data"] = data,
    };

    private static JsonObject UnitItem() => Envelope("unit", "c1", new JsonObject
    {
        ["name"] = "UBND xã Đại Hiệp",
        ["level"] = "commune",
        ["parentId"] = "d1",
        ["eCertifiedCopy"] = true,
    });

    private static JsonObject ProcedureItem() => Envelope("procedure", "p1", new JsonObject
    {
        ["name"] = "Đăng ký khai sinh",
        ["field"] = "ho-tich",
        ["unitIds"] = new JsonArray("c1", "c2"),
        ["publishedOnTime"] = true,
        ["onlineLevel"] = "partial",
        ["feeRequired"] = false,
        ["onlinePaymentEnabled"] = true,
        ["announcedOnTime"] = false,
        ["publishedComplete"] = true,
    });

    private static JsonObject DossierItem() => Envelope("dossier", DossierId, new JsonObject
    {
        ["code"] = "000.00.18.H47-230417-0001",
        ["unitId"] = "c1",
        ["procedureId"] = "p1",
        ["channel"] = "online",
        ["receivedAt"] = "2023-04-17T08:30:00+07:00",
        ["dueAt"] = "2023-04-24T17:00:00+07:00",
        ["completedAt"] = "2023-04-21T09:15:02+07:00",
        ["status"] = "completed",
        ["syncedToNationalPortal"] = false,
        ["componentsDigitized"] = false,
        ["resultDigitized"] = false,
        ["reusedDigitalData"] = false,
        ["feeRequired"] = false,
        ["paidOnline"] = false,
        ["rating"] = "very-satisfied",
        ["linkedToCitizenStore"] = false,
        ["usedPopulationData"] = false,
    });

    private static JsonObject FeedbackItem() => Envelope("feedback", "pakn-1", new JsonObject
    {
        ["unitId"] = "d1",
        ["receivedAt"] = "2023-04-10T10:00:00+07:00",
        ["dueAt"] = "2023-04-20T17:00:00+07:00",
        ["resolvedAt"] = "2023-04-18T15:45:00+07:00",
        ["rating"] = "dissatisfied",
    });

    /// <summary>Sets (or, with <paramref name="remove"/>, deletes) a property named by a dotted path such as <c>data.dueAt</c>.</summary>
    private static JsonObject With(JsonObject item, string path, JsonNode? value, bool remove = false)
    {
        var parts = path.Split('.');
        var target = item;
        foreach (var part in parts[..^1])
        {
            target = target[part]!.AsObject();
        }

        if (remove)
        {
            Assert.True(target.Remove(parts[^1]), $"{path} was not in the item");
        }
        else
        {
            target[parts[^1]] = value;
        }

        return item;
    }

    private static JsonObject Without(JsonObject item, string path) => With(item, path, null, remove: true);

    private static ParseResult Parse(string text) => ChangeRecordParser.Parse(Encoding.UTF8.GetBytes(text));

    private static ParseResult Parse(JsonNode item) => Parse(item.ToJsonString());

    private static ChangeRecord Accepted(JsonNode item)
    {
        var result = Parse(item);
        Assert.True(result.IsValid, result.Rejection?.ToString());
        Assert.Null(result.Rejection);
        return result.Record!;
    }

    private static T AcceptedData<T>(JsonNode item)
        where T : RecordData => Assert.IsType<T>(Accepted(item).Data);

    private static Rejection Rejected(string text)
    {
        var result = Parse(text);
        Assert.False(result.IsValid);
        Assert.Null(result.Record);
        return result.Rejection!;
    }

    private static Rejection Rejected(JsonNode item) => Rejected(item.ToJsonString());

    private static void AssertRejection(Rejection rejection, RejectionReason reason, string field, string? value)
    {
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(field, rejection.Field);
        Assert.Equal(value, rejection.Value);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
    }

    private static DateTimeOffset Vn(string local) => Build.Vn(local);

    // ---- Valid records ----

    [Fact]
    public void A_valid_unit_record_parses_with_every_field_mapped()
    {
        var record = Accepted(UnitItem());
        Assert.Equal((RecordKind.Unit, "c1", 7L, Vn("2023-04-21T09:15:02"), false), (record.Kind, record.Id, record.Version, record.ChangedAt, record.Deleted));
        Assert.Equal(new UnitData("UBND xã Đại Hiệp", UnitLevel.Commune, "d1", true), record.Data);
    }

    [Fact]
    public void A_valid_procedure_record_parses_with_every_field_mapped()
    {
        var record = Accepted(ProcedureItem());
        Assert.Equal((RecordKind.Procedure, "p1", 7L), (record.Kind, record.Id, record.Version));
        var p = Assert.IsType<ProcedureData>(record.Data);
        Assert.Equal(("Đăng ký khai sinh", "ho-tich", OnlineLevel.Partial), (p.Name, p.Field, p.OnlineLevel));
        Assert.Equal(["c1", "c2"], p.UnitIds);
        Assert.Equal(
            (AnnouncedOnTime: false, PublishedOnTime: true, PublishedComplete: true, FeeRequired: false, OnlinePaymentEnabled: true),
            (p.AnnouncedOnTime, p.PublishedOnTime, p.PublishedComplete, p.FeeRequired, p.OnlinePaymentEnabled));
    }

    [Fact]
    public void A_valid_dossier_record_parses_with_every_field_mapped()
    {
        var record = Accepted(DossierItem());
        Assert.Equal((RecordKind.Dossier, DossierId, 7L, Vn("2023-04-21T09:15:02"), false),
            (record.Kind, record.Id, record.Version, record.ChangedAt, record.Deleted));
        var expected = new DossierData("000.00.18.H47-230417-0001", "c1", "p1", Channel.Online, Vn("2023-04-17T08:30:00"),
            Vn("2023-04-24T17:00:00"), Vn("2023-04-21T09:15:02"), DossierStatus.Completed, false, false, false, false, false, false,
            false, false, Rating.VerySatisfied);
        Assert.Equal(expected, record.Data);
    }

    [Fact]
    public void A_valid_feedback_record_parses_with_every_field_mapped()
    {
        var record = Accepted(FeedbackItem());
        Assert.Equal((RecordKind.Feedback, "pakn-1", 7L), (record.Kind, record.Id, record.Version));
        Assert.Equal(new FeedbackData("d1", Vn("2023-04-10T10:00:00"), Vn("2023-04-20T17:00:00"), Vn("2023-04-18T15:45:00"), Rating.Dissatisfied),
            record.Data);
    }

    [Theory]
    [InlineData("syncedToNationalPortal")]
    [InlineData("componentsDigitized")]
    [InlineData("resultDigitized")]
    [InlineData("reusedDigitalData")]
    [InlineData("linkedToCitizenStore")]
    [InlineData("usedPopulationData")]
    [InlineData("feeRequired")]
    [InlineData("paidOnline")]
    public void Each_dossier_flag_maps_to_its_own_property_and_no_other(string flag)
    {
        var d = AcceptedData<DossierData>(With(DossierItem(), "data." + flag, true));
        var flags = new Dictionary<string, bool>
        {
            ["syncedToNationalPortal"] = d.SyncedToNationalPortal,
            ["componentsDigitized"] = d.ComponentsDigitized,
            ["resultDigitized"] = d.ResultDigitized,
            ["reusedDigitalData"] = d.ReusedDigitalData,
            ["linkedToCitizenStore"] = d.LinkedToCitizenStore,
            ["usedPopulationData"] = d.UsedPopulationData,
            ["feeRequired"] = d.FeeRequired,
            ["paidOnline"] = d.PaidOnline,
        };
        Assert.Equal([flag], flags.Where(f => f.Value).Select(f => f.Key));
    }

    [Theory]
    [InlineData("announcedOnTime")]
    [InlineData("publishedOnTime")]
    [InlineData("publishedComplete")]
    [InlineData("feeRequired")]
    [InlineData("onlinePaymentEnabled")]
    public void Each_procedure_flag_maps_to_its_own_property_and_no_other(string flag)
    {
        var item = ProcedureItem();
        foreach (var name in new[] { "announcedOnTime", "publishedOnTime", "publishedComplete", "feeRequired", "onlinePaymentEnabled" })
        {
            With(item, "data." + name, name == flag);
        }

        var p = AcceptedData<ProcedureData>(item);
        var flags = new Dictionary<string, bool>
        {
            ["announcedOnTime"] = p.AnnouncedOnTime,
            ["publishedOnTime"] = p.PublishedOnTime,
            ["publishedComplete"] = p.PublishedComplete,
            ["feeRequired"] = p.FeeRequired,
            ["onlinePaymentEnabled"] = p.OnlinePaymentEnabled,
        };
        Assert.Equal([flag], flags.Where(f => f.Value).Select(f => f.Key));
    }

    [Theory]
    [InlineData("direct", Channel.Direct)]
    [InlineData("online", Channel.Online)]
    [InlineData("postal", Channel.Postal)]
    public void Every_channel_of_the_schema_is_read(string wire, Channel expected) =>
        Assert.Equal(expected, AcceptedData<DossierData>(With(DossierItem(), "data.channel", wire)).Channel);

    [Theory]
    [InlineData("processing", DossierStatus.Processing)]
    [InlineData("completed", DossierStatus.Completed)]
    [InlineData("rejected", DossierStatus.Rejected)]
    [InlineData("withdrawn", DossierStatus.Withdrawn)]
    [InlineData("suspended", DossierStatus.Suspended)]
    public void Every_dossier_status_of_the_schema_is_read(string wire, DossierStatus expected) =>
        Assert.Equal(expected, AcceptedData<DossierData>(With(DossierItem(), "data.status", wire)).Status);

    [Theory]
    [InlineData("very-satisfied", Rating.VerySatisfied)]
    [InlineData("satisfied", Rating.Satisfied)]
    [InlineData("neutral", Rating.Neutral)]
    [InlineData("dissatisfied", Rating.Dissatisfied)]
    public void Every_rating_of_the_schema_is_read(string wire, Rating expected) =>
        Assert.Equal(expected, AcceptedData<FeedbackData>(With(FeedbackItem(), "data.rating", wire)).Rating);

    [Theory]
    [InlineData("province", UnitLevel.Province)]
    [InlineData("agency", UnitLevel.Agency)]
    [InlineData("district", UnitLevel.District)]
    [InlineData("commune", UnitLevel.Commune)]
    public void Every_unit_level_of_the_schema_is_read(string wire, UnitLevel expected) =>
        Assert.Equal(expected, AcceptedData<UnitData>(With(UnitItem(), "data.level", wire)).Level);

    [Theory]
    [InlineData("full", OnlineLevel.Full)]
    [InlineData("partial", OnlineLevel.Partial)]
    [InlineData("none", OnlineLevel.None)]
    public void Every_online_level_of_the_schema_is_read(string wire, OnlineLevel expected) =>
        Assert.Equal(expected, AcceptedData<ProcedureData>(With(ProcedureItem(), "data.onlineLevel", wire)).OnlineLevel);

    [Fact]
    public void A_dossier_with_null_dueAt_completedAt_and_rating_parses_with_those_fields_null()
    {
        var item = DossierItem();
        With(item, "data.dueAt", null);
        With(item, "data.completedAt", null);
        With(item, "data.rating", null);
        With(item, "data.status", "processing");
        var d = AcceptedData<DossierData>(item);
        Assert.Equal((null, null, null), (d.DueAt, d.CompletedAt, d.Rating));
    }

    [Fact]
    public void A_feedback_with_null_resolvedAt_and_rating_parses_with_those_fields_null()
    {
        var item = FeedbackItem();
        With(item, "data.resolvedAt", null);
        With(item, "data.rating", null);
        var f = AcceptedData<FeedbackData>(item);
        Assert.Equal((null, null), (f.ResolvedAt, f.Rating));
    }

    [Fact]
    public void A_root_unit_with_a_null_parentId_parses_with_ParentId_null()
    {
        var item = With(With(UnitItem(), "data.parentId", null), "data.level", "province");
        Assert.Null(AcceptedData<UnitData>(item).ParentId);
    }

    [Fact]
    public void A_unit_without_eCertifiedCopy_defaults_to_false() =>
        Assert.False(AcceptedData<UnitData>(Without(UnitItem(), "data.eCertifiedCopy")).ECertifiedCopy);

    [Fact]
    public void A_record_without_deleted_defaults_to_not_deleted() =>
        Assert.False(Accepted(Without(DossierItem(), "deleted")).Deleted);

    [Fact]
    public void A_record_with_deleted_true_is_read_as_deleted() =>
        Assert.True(Accepted(With(DossierItem(), "deleted", true)).Deleted);

    [Fact]
    public void Unknown_extra_properties_in_the_envelope_and_in_data_are_accepted()
    {
        var item = DossierItem();
        With(item, "traceId", "abc");
        With(item, "data.legacyCode", new JsonObject { ["x"] = new JsonArray(1, 2) });
        With(item, "data.officer", null);
        Assert.Equal(DossierId, Accepted(item).Id);
    }

    [Fact]
    public void A_dossier_without_feeWaived_and_supplements_defaults_to_fees_not_waived_and_no_supplements()
    {
        var d = AcceptedData<DossierData>(DossierItem());
        Assert.Equal((false, 0), (d.FeeWaived, d.Supplements.Count));
    }

    [Fact]
    public void A_procedure_without_paperResult_defaults_to_a_paper_result() =>
        Assert.True(AcceptedData<ProcedureData>(ProcedureItem()).PaperResult);

    [Fact]
    public void A_procedure_with_paperResult_false_is_read_as_having_none() =>
        Assert.False(AcceptedData<ProcedureData>(With(ProcedureItem(), "data.paperResult", false)).PaperResult);

    [Fact]
    public void A_dossier_with_feeWaived_true_is_read_as_waived() =>
        Assert.True(AcceptedData<DossierData>(With(DossierItem(), "data.feeWaived", true)).FeeWaived);

    private static JsonObject WithSupplements(params (string Requested, string? Resumed)[] supplements) =>
        With(DossierItem(), "data.supplements", new JsonArray([.. supplements.Select(x => (JsonNode)new JsonObject
        {
            ["requestedAt"] = x.Requested,
            ["resumedAt"] = x.Resumed,
        })]));

    [Fact]
    public void Supplements_are_read_in_order_with_an_unanswered_last_request_as_resumedAt_null()
    {
        var d = AcceptedData<DossierData>(WithSupplements(("2023-04-18T08:00:00+07:00", "2023-04-19T08:00:00+07:00"),
            ("2023-04-19T08:00:00+07:00", null)));
        Assert.Equal([new Supplement(Vn("2023-04-18T08:00:00"), Vn("2023-04-19T08:00:00")), new Supplement(Vn("2023-04-19T08:00:00"), null)],
            d.Supplements);
    }

    [Fact]
    public void A_supplement_without_resumedAt_is_read_as_still_unanswered()
    {
        var item = With(DossierItem(), "data.supplements", new JsonArray(new JsonObject { ["requestedAt"] = "2023-04-18T08:00:00+07:00" }));
        Assert.Null(AcceptedData<DossierData>(item).Supplements.Single().ResumedAt);
    }

    [Fact]
    public void A_supplement_requested_before_receivedAt_is_refused() =>
        AssertRejection(Rejected(WithSupplements(("2023-04-17T08:00:00+07:00", null))), RejectionReason.SupplementBeforeReceived,
            "data.supplements[0].requestedAt", "2023-04-17T08:00:00+07:00");

    [Fact]
    public void A_supplement_resumed_before_it_was_requested_is_refused() =>
        AssertRejection(Rejected(WithSupplements(("2023-04-18T08:00:00+07:00", "2023-04-18T07:59:59+07:00"))),
            RejectionReason.ResumedBeforeRequested, "data.supplements[0].resumedAt", "2023-04-18T07:59:59+07:00");

    [Fact]
    public void A_supplement_requested_before_the_previous_one_was_answered_is_refused() =>
        AssertRejection(Rejected(WithSupplements(("2023-04-18T08:00:00+07:00", "2023-04-20T08:00:00+07:00"), ("2023-04-19T08:00:00+07:00", null))),
            RejectionReason.SupplementBeforePreviousAnswered, "data.supplements[1].requestedAt", "2023-04-19T08:00:00+07:00");

    [Fact]
    public void A_supplement_requested_while_the_previous_one_is_unanswered_is_refused() =>
        AssertRejection(Rejected(WithSupplements(("2023-04-18T08:00:00+07:00", null), ("2023-04-19T08:00:00+07:00", null))),
            RejectionReason.SupplementBeforePreviousAnswered, "data.supplements[1].requestedAt", "2023-04-19T08:00:00+07:00");

    [Fact]
    public void A_supplement_with_a_bad_requestedAt_is_refused_with_its_path() =>
        AssertRejection(Rejected(WithSupplements(("yesterday", null))), RejectionReason.BadTime, "data.supplements[0].requestedAt", "yesterday");

    [Fact]
    public void Supplements_that_are_not_an_array_of_objects_are_refused()
    {
        Assert.Equal(RejectionReason.WrongType, Rejected(With(DossierItem(), "data.supplements", "none")).Reason);
        AssertRejection(Rejected(With(DossierItem(), "data.supplements", new JsonArray(1))), RejectionReason.WrongType, "data.supplements[0]", "1");
    }

    [Fact]
    public void Non_boolean_feeWaived_and_paperResult_are_refused()
    {
        Assert.Equal(RejectionReason.WrongType, Rejected(With(DossierItem(), "data.feeWaived", "yes")).Reason);
        Assert.Equal(RejectionReason.WrongType, Rejected(With(ProcedureItem(), "data.paperResult", 1)).Reason);
    }

    [Fact]
    public void An_empty_unitIds_array_is_accepted_as_no_units() =>
        Assert.Empty(AcceptedData<ProcedureData>(With(ProcedureItem(), "data.unitIds", new JsonArray())).UnitIds);

    [Fact]
    public void An_id_of_exactly_256_characters_is_accepted() =>
        Assert.Equal(256, Accepted(With(DossierItem(), "id", new string('x', 256))).Id.Length);

    [Fact]
    public void A_record_followed_by_a_line_ending_is_accepted() =>
        Assert.True(Parse(DossierItem().ToJsonString() + "\r\n").IsValid);

    [Fact]
    public void A_version_written_as_7_point_0_is_accepted_as_version_7() =>
        Assert.Equal(7L, Accepted(JsonNode.Parse(DossierItem().ToJsonString().Replace("\"version\":7", "\"version\":7.0", StringComparison.Ordinal))!).Version);

    [Fact]
    public void Lowercase_t_and_z_in_a_time_are_accepted() =>
        Assert.Equal(new DateTimeOffset(2023, 4, 21, 9, 15, 2, TimeSpan.Zero),
            Accepted(With(DossierItem(), "changedAt", "2023-04-21t09:15:02z")).ChangedAt);

    [Fact]
    public void Fractional_seconds_in_a_time_are_accepted_and_kept()
    {
        var changedAt = Accepted(With(DossierItem(), "changedAt", "2023-04-21T09:15:02.1234567+07:00")).ChangedAt;
        Assert.Equal(Vn("2023-04-21T09:15:02").AddTicks(1_234_567), changedAt);
    }

    [Fact]
    public void A_time_with_a_negative_offset_is_accepted_as_the_same_instant() =>
        Assert.Equal(Vn("2023-04-21T09:15:02"), Accepted(With(DossierItem(), "changedAt", "2023-04-20T21:15:02-05:00")).ChangedAt);

    [Fact]
    public void A_Z_time_at_17_30_UTC_falls_on_the_next_Vietnamese_day()
    {
        var item = DossierItem();
        With(item, "data.receivedAt", "2023-04-30T17:30:00Z");
        With(item, "data.dueAt", null);
        With(item, "data.completedAt", null);
        var d = AcceptedData<DossierData>(item);
        Assert.Equal(Vn("2023-05-01T00:30:00"), d.ReceivedAt);
        Assert.Equal(new DateOnly(2023, 5, 1), VietnamTime.DayOf(d.ReceivedAt));
    }

    // ---- Rejections: JSON shape ----

    [Fact]
    public void Text_that_is_not_JSON_is_rejected_as_InvalidJson() =>
        AssertRejection(Rejected("kind=dossier id=1"), RejectionReason.InvalidJson, "$", null);

    [Fact]
    public void A_record_followed_by_trailing_garbage_is_rejected_as_InvalidJson() =>
        AssertRejection(Rejected(DossierItem().ToJsonString() + " x"), RejectionReason.InvalidJson, "$", null);

    [Fact]
    public void Two_records_on_one_line_are_rejected_as_InvalidJson() =>
        AssertRejection(Rejected(DossierItem().ToJsonString() + DossierItem().ToJsonString()), RejectionReason.InvalidJson, "$", null);

    [Fact]
    public void An_empty_line_is_rejected_as_InvalidJson() =>
        AssertRejection(Rejected(""), RejectionReason.InvalidJson, "$", null);

    [Fact]
    public void A_truncated_record_is_rejected_as_InvalidJson()
    {
        var text = DossierItem().ToJsonString();
        AssertRejection(Rejected(text[..(text.Length / 2)]), RejectionReason.InvalidJson, "$", null);
    }

    [Fact]
    public void A_JSON_array_is_rejected_as_NotAnObject() =>
        AssertRejection(Rejected("[1,2]"), RejectionReason.NotAnObject, "$", "[1,2]");

    [Fact]
    public void A_JSON_number_is_rejected_as_NotAnObject() =>
        AssertRejection(Rejected("42"), RejectionReason.NotAnObject, "$", "42");

    // ---- Rejections: missing fields ----

    [Fact]
    public void A_record_without_changedAt_is_rejected_as_MissingField_at_changedAt() =>
        AssertRejection(Rejected(Without(DossierItem(), "changedAt")), RejectionReason.MissingField, "changedAt", null);

    [Fact]
    public void A_record_without_kind_is_rejected_as_MissingField_at_kind() =>
        AssertRejection(Rejected(Without(DossierItem(), "kind")), RejectionReason.MissingField, "kind", null);

    [Fact]
    public void A_record_without_data_is_rejected_as_MissingField_at_data() =>
        AssertRejection(Rejected(Without(DossierItem(), "data")), RejectionReason.MissingField, "data", null);

    [Fact]
    public void A_dossier_without_status_is_rejected_as_MissingField_at_data_status() =>
        AssertRejection(Rejected(Without(DossierItem(), "data.status")), RejectionReason.MissingField, "data.status", null);

    [Fact]
    public void A_dossier_without_the_nullable_but_required_dueAt_is_rejected_as_MissingField_at_data_dueAt() =>
        AssertRejection(Rejected(Without(DossierItem(), "data.dueAt")), RejectionReason.MissingField, "data.dueAt", null);

    [Fact]
    public void A_dossier_without_the_nullable_but_required_rating_is_rejected_as_MissingField_at_data_rating() =>
        AssertRejection(Rejected(Without(DossierItem(), "data.rating")), RejectionReason.MissingField, "data.rating", null);

    [Fact]
    public void A_unit_without_the_nullable_but_required_parentId_is_rejected_as_MissingField_at_data_parentId() =>
        AssertRejection(Rejected(Without(UnitItem(), "data.parentId")), RejectionReason.MissingField, "data.parentId", null);

    [Fact]
    public void A_feedback_without_resolvedAt_is_rejected_as_MissingField_at_data_resolvedAt() =>
        AssertRejection(Rejected(Without(FeedbackItem(), "data.resolvedAt")), RejectionReason.MissingField, "data.resolvedAt", null);

    [Fact]
    public void A_procedure_without_publishedComplete_is_rejected_as_MissingField_at_data_publishedComplete() =>
        AssertRejection(Rejected(Without(ProcedureItem(), "data.publishedComplete")), RejectionReason.MissingField, "data.publishedComplete", null);

    // ---- Rejections: wrong types ----

    [Fact]
    public void A_version_written_as_a_string_is_rejected_as_WrongType() =>
        AssertRejection(Rejected(With(DossierItem(), "version", "7")), RejectionReason.WrongType, "version", "\"7\"");

    [Fact]
    public void A_version_with_a_fraction_is_rejected_as_WrongType() =>
        AssertRejection(Rejected(With(DossierItem(), "version", JsonValue.Create(7.5m))), RejectionReason.WrongType, "version", "7.5");

    [Fact]
    public void A_boolean_written_as_the_string_true_is_rejected_as_WrongType() =>
        AssertRejection(Rejected(With(DossierItem(), "data.feeRequired", "true")), RejectionReason.WrongType, "data.feeRequired", "\"true\"");

    [Fact]
    public void A_required_boolean_set_to_null_is_rejected_as_WrongType() =>
        AssertRejection(Rejected(With(DossierItem(), "data.paidOnline", null)), RejectionReason.WrongType, "data.paidOnline", "null");

    [Fact]
    public void A_unitIds_array_containing_a_number_is_rejected_as_WrongType_at_that_element() =>
        AssertRejection(Rejected(With(ProcedureItem(), "data.unitIds", new JsonArray("c1", 5))), RejectionReason.WrongType, "data.unitIds[1]", "5");

    [Fact]
    public void A_unitIds_that_is_a_single_string_is_rejected_as_WrongType() =>
        AssertRejection(Rejected(With(ProcedureItem(), "data.unitIds", "c1")), RejectionReason.WrongType, "data.unitIds", "\"c1\"");

    [Fact]
    public void Data_that_is_not_an_object_is_rejected_as_WrongType_at_data() =>
        AssertRejection(Rejected(With(DossierItem(), "data", new JsonArray())), RejectionReason.WrongType, "data", "[]");

    [Fact]
    public void Deleted_set_to_null_is_rejected_as_WrongType_at_deleted() =>
        AssertRejection(Rejected(With(DossierItem(), "deleted", null)), RejectionReason.WrongType, "deleted", "null");

    [Fact]
    public void A_null_receivedAt_is_rejected_as_WrongType() =>
        AssertRejection(Rejected(With(DossierItem(), "data.receivedAt", null)), RejectionReason.WrongType, "data.receivedAt", "null");

    [Fact]
    public void A_null_feedback_dueAt_is_rejected_as_WrongType_because_feedback_always_has_a_deadline() =>
        AssertRejection(Rejected(With(FeedbackItem(), "data.dueAt", null)), RejectionReason.WrongType, "data.dueAt", "null");

    [Fact]
    public void A_null_dossier_status_is_rejected_as_WrongType() =>
        AssertRejection(Rejected(With(DossierItem(), "data.status", null)), RejectionReason.WrongType, "data.status", "null");

    [Fact]
    public void A_kind_written_as_a_number_is_rejected_as_WrongType() =>
        AssertRejection(Rejected(With(DossierItem(), "kind", 3)), RejectionReason.WrongType, "kind", "3");

    // ---- Rejections: lengths ----

    [Fact]
    public void An_empty_id_is_rejected_as_BadLength() =>
        AssertRejection(Rejected(With(DossierItem(), "id", "")), RejectionReason.BadLength, "id", "");

    [Fact]
    public void An_id_of_257_characters_is_rejected_as_BadLength_with_a_shortened_value()
    {
        var rejection = Rejected(With(DossierItem(), "id", new string('x', 257)));
        AssertRejection(rejection, RejectionReason.BadLength, "id", new string('x', 120) + "…");
    }

    [Fact]
    public void An_empty_dossier_code_is_rejected_as_BadLength_at_data_code() =>
        AssertRejection(Rejected(With(DossierItem(), "data.code", "")), RejectionReason.BadLength, "data.code", "");

    [Fact]
    public void An_empty_unit_name_is_rejected_as_BadLength_at_data_name() =>
        AssertRejection(Rejected(With(UnitItem(), "data.name", "")), RejectionReason.BadLength, "data.name", "");

    [Fact]
    public void An_empty_feedback_unitId_is_rejected_as_BadLength_at_data_unitId() =>
        AssertRejection(Rejected(With(FeedbackItem(), "data.unitId", "")), RejectionReason.BadLength, "data.unitId", "");

    // ---- Rejections: kind and enumerations ----

    [Fact]
    public void An_unknown_kind_is_rejected_as_UnknownKind() =>
        AssertRejection(Rejected(With(DossierItem(), "kind", "invoice")), RejectionReason.UnknownKind, "kind", "invoice");

    [Fact]
    public void A_kind_in_capitals_is_rejected_as_UnknownKind() =>
        AssertRejection(Rejected(With(DossierItem(), "kind", "Dossier")), RejectionReason.UnknownKind, "kind", "Dossier");

    [Fact]
    public void A_dossier_status_of_done_is_rejected_as_BadEnumValue() =>
        AssertRejection(Rejected(With(DossierItem(), "data.status", "done")), RejectionReason.BadEnumValue, "data.status", "done");

    [Fact]
    public void A_dossier_status_in_capitals_is_rejected_as_BadEnumValue() =>
        AssertRejection(Rejected(With(DossierItem(), "data.status", "Completed")), RejectionReason.BadEnumValue, "data.status", "Completed");

    [Fact]
    public void A_dossier_channel_of_fax_is_rejected_as_BadEnumValue() =>
        AssertRejection(Rejected(With(DossierItem(), "data.channel", "fax")), RejectionReason.BadEnumValue, "data.channel", "fax");

    [Fact]
    public void A_dossier_rating_of_happy_is_rejected_as_BadEnumValue() =>
        AssertRejection(Rejected(With(DossierItem(), "data.rating", "happy")), RejectionReason.BadEnumValue, "data.rating", "happy");

    [Fact]
    public void A_feedback_rating_of_happy_is_rejected_as_BadEnumValue() =>
        AssertRejection(Rejected(With(FeedbackItem(), "data.rating", "happy")), RejectionReason.BadEnumValue, "data.rating", "happy");

    [Fact]
    public void A_procedure_onlineLevel_of_level_4_is_rejected_as_BadEnumValue() =>
        AssertRejection(Rejected(With(ProcedureItem(), "data.onlineLevel", "level-4")), RejectionReason.BadEnumValue, "data.onlineLevel", "level-4");

    [Fact]
    public void A_unit_level_of_ward_is_rejected_as_BadEnumValue() =>
        AssertRejection(Rejected(With(UnitItem(), "data.level", "ward")), RejectionReason.BadEnumValue, "data.level", "ward");

    // ---- Rejections: times ----

    [Fact]
    public void A_time_without_an_offset_is_rejected_as_BadTime() =>
        AssertRejection(Rejected(With(DossierItem(), "data.receivedAt", "2023-04-21T09:15:02")), RejectionReason.BadTime, "data.receivedAt", "2023-04-21T09:15:02");

    [Fact]
    public void A_date_without_a_time_is_rejected_as_BadTime() =>
        AssertRejection(Rejected(With(DossierItem(), "changedAt", "2023-04-21")), RejectionReason.BadTime, "changedAt", "2023-04-21");

    [Fact]
    public void A_time_on_the_30th_of_February_is_rejected_as_BadTime() =>
        AssertRejection(Rejected(With(DossierItem(), "data.completedAt", "2023-02-30T10:00:00+07:00")), RejectionReason.BadTime, "data.completedAt", "2023-02-30T10:00:00+07:00");

    [Fact]
    public void A_garbage_time_is_rejected_as_BadTime() =>
        AssertRejection(Rejected(With(FeedbackItem(), "data.resolvedAt", "yesterday afternoon")), RejectionReason.BadTime, "data.resolvedAt", "yesterday afternoon");

    [Fact]
    public void A_time_with_a_space_instead_of_T_is_rejected_as_BadTime() =>
        AssertRejection(Rejected(With(DossierItem(), "changedAt", "2023-04-21 09:15:02+07:00")), RejectionReason.BadTime, "changedAt", "2023-04-21 09:15:02+07:00");

    [Fact]
    public void A_time_at_hour_24_is_rejected_as_BadTime() =>
        AssertRejection(Rejected(With(DossierItem(), "changedAt", "2023-04-21T24:00:00+07:00")), RejectionReason.BadTime, "changedAt", "2023-04-21T24:00:00+07:00");

    [Fact]
    public void A_time_with_an_offset_without_a_colon_is_rejected_as_BadTime() =>
        AssertRejection(Rejected(With(DossierItem(), "changedAt", "2023-04-21T09:15:02+0700")), RejectionReason.BadTime, "changedAt", "2023-04-21T09:15:02+0700");

    [Fact]
    public void A_time_with_a_dot_but_no_fraction_digits_is_rejected_as_BadTime() =>
        AssertRejection(Rejected(With(DossierItem(), "changedAt", "2023-04-21T09:15:02.+07:00")), RejectionReason.BadTime, "changedAt", "2023-04-21T09:15:02.+07:00");

    // ---- Rejections: version ----

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_version_below_one_is_rejected_as_VersionBelowOne(int version)
    {
        var rejection = Rejected(With(DossierItem(), "version", version));
        AssertRejection(rejection, RejectionReason.VersionBelowOne, "version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(rejection.Version);
    }

    // ---- Rejections: order of times ----

    [Fact]
    public void A_dossier_whose_dueAt_is_before_receivedAt_is_rejected_as_DueBeforeReceived() =>
        AssertRejection(Rejected(With(DossierItem(), "data.dueAt", "2023-04-17T08:29:59+07:00")),
            RejectionReason.DueBeforeReceived, "data.dueAt", "2023-04-17T08:29:59+07:00");

    [Fact]
    public void A_feedback_whose_dueAt_is_before_receivedAt_is_rejected_as_DueBeforeReceived() =>
        AssertRejection(Rejected(With(FeedbackItem(), "data.dueAt", "2023-04-09T17:00:00+07:00")),
            RejectionReason.DueBeforeReceived, "data.dueAt", "2023-04-09T17:00:00+07:00");

    [Fact]
    public void A_dossier_whose_completedAt_is_before_receivedAt_is_rejected_as_CompletedBeforeReceived() =>
        AssertRejection(Rejected(With(DossierItem(), "data.completedAt", "2023-04-16T10:00:00+07:00")),
            RejectionReason.CompletedBeforeReceived, "data.completedAt", "2023-04-16T10:00:00+07:00");

    [Fact]
    public void A_feedback_whose_resolvedAt_is_before_receivedAt_is_rejected_as_ResolvedBeforeReceived() =>
        AssertRejection(Rejected(With(FeedbackItem(), "data.resolvedAt", "2023-04-10T09:59:59+07:00")),
            RejectionReason.ResolvedBeforeReceived, "data.resolvedAt", "2023-04-10T09:59:59+07:00");

    [Fact]
    public void Times_before_receivedAt_are_compared_as_instants_not_as_text_whatever_their_offset()
    {
        // 01:30Z on the 17th is 08:30+07:00: the same instant as receivedAt, so not before it.
        var item = With(DossierItem(), "data.dueAt", "2023-04-17T01:30:00Z");
        Assert.Equal(Vn("2023-04-17T08:30:00"), AcceptedData<DossierData>(item).DueAt);
    }

    [Fact]
    public void A_time_earlier_than_receivedAt_by_its_offset_is_rejected_although_its_clock_reads_later() =>
        Assert.Equal(RejectionReason.CompletedBeforeReceived,
            Rejected(With(DossierItem(), "data.completedAt", "2023-04-17T01:29:59Z")).Reason);

    [Fact]
    public void A_dueAt_equal_to_receivedAt_is_accepted() =>
        Assert.True(Parse(With(DossierItem(), "data.dueAt", "2023-04-17T08:30:00+07:00")).IsValid);

    // ---- What a rejection says about the record ----

    [Fact]
    public void A_rejection_in_data_carries_the_kind_id_and_version_of_the_record()
    {
        var rejection = Rejected(With(DossierItem(), "data.status", "done"));
        Assert.Equal(("dossier", DossierId, 7L), (rejection.Kind, rejection.Id, rejection.Version));
    }

    [Fact]
    public void A_rejection_of_the_version_carries_the_kind_and_id_but_no_version()
    {
        var rejection = Rejected(With(DossierItem(), "version", "7"));
        Assert.Equal(("dossier", DossierId, (long?)null), (rejection.Kind, rejection.Id, rejection.Version));
    }

    [Fact]
    public void A_rejection_of_an_empty_id_carries_the_kind_and_version_but_no_id()
    {
        var rejection = Rejected(With(DossierItem(), "id", ""));
        Assert.Equal(("dossier", (string?)null, (long?)7L), (rejection.Kind, rejection.Id, rejection.Version));
    }

    [Fact]
    public void An_unknown_kind_rejection_still_names_the_kind_id_and_version_it_read()
    {
        var rejection = Rejected(With(DossierItem(), "kind", "invoice"));
        Assert.Equal(("invoice", DossierId, (long?)7L), (rejection.Kind, rejection.Id, rejection.Version));
    }

    [Fact]
    public void A_rejection_reports_the_first_rule_broken_in_field_order()
    {
        var item = With(With(DossierItem(), "data.status", "done"), "data.channel", "fax");
        Assert.Equal("data.channel", Rejected(item).Field);
    }

    [Fact]
    public void Parsing_a_JsonElement_gives_the_same_record_as_parsing_its_text()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(DossierItem().ToJsonString());
        var fromElement = ChangeRecordParser.Parse(doc.RootElement);
        Assert.Equal(Accepted(DossierItem()), fromElement.Record);
    }
}
