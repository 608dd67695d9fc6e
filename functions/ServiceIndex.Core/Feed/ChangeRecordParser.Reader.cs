using System.Text.Json;
using ServiceIndex.Core.Records;
using ServiceIndex.Core.Time;

namespace ServiceIndex.Core.Feed;

/// <summary>The field reader of <see cref="ChangeRecordParser"/>: typed reads of one JSON object that remember the first rule broken.</summary>
public static partial class ChangeRecordParser
{
    private delegate bool EnumParser<T>(string? text, out T value);

    /// <summary>Reads fields of one JSON object and remembers the first rule broken.</summary>
    private sealed class Reader(JsonElement obj, string prefix = "")
    {
        public Rejection? Rejection { get; private set; }

        public void Reject(RejectionReason reason, string name, string? value, string message) =>
            Rejection ??= new Rejection(reason, prefix + name, value, message);

        public string? RequiredString(string name, int minLength, int maxLength = int.MaxValue)
        {
            if (!TryGet(name, out var e))
            {
                return null;
            }

            if (e.ValueKind != JsonValueKind.String)
            {
                Reject(RejectionReason.WrongType, name, Describe(e), $"{name} must be a string.");
                return null;
            }

            var s = e.GetString()!;
            if (s.Length < minLength || s.Length > maxLength)
            {
                Reject(RejectionReason.BadLength, name, s.Length > 120 ? s[..120] + "…" : s,
                    maxLength == int.MaxValue ? $"{name} must not be empty." : $"{name} must have 1 to {maxLength} characters.");
                return null;
            }

            return s;
        }

        public string? RequiredNullableString(string name)
        {
            if (!TryGet(name, out var e))
            {
                return null;
            }

            if (e.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (e.ValueKind != JsonValueKind.String)
            {
                Reject(RejectionReason.WrongType, name, Describe(e), $"{name} must be a string or null.");
                return null;
            }

            return e.GetString();
        }

        public IReadOnlyList<string>? RequiredStringArray(string name)
        {
            if (!TryGet(name, out var e))
            {
                return null;
            }

            if (e.ValueKind != JsonValueKind.Array)
            {
                Reject(RejectionReason.WrongType, name, Describe(e), $"{name} must be an array of strings.");
                return null;
            }

            var list = new List<string>(e.GetArrayLength());
            foreach (var item in e.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    Reject(RejectionReason.WrongType, $"{name}[{list.Count}]", Describe(item), $"{name} must contain only strings.");
                    return null;
                }

                list.Add(item.GetString()!);
            }

            return list;
        }

        public bool RequiredBool(string name)
        {
            if (!TryGet(name, out var e))
            {
                return false;
            }

            if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return e.GetBoolean();
            }

            Reject(RejectionReason.WrongType, name, Describe(e), $"{name} must be true or false.");
            return false;
        }

        public bool? OptionalBool(string name)
        {
            if (!obj.TryGetProperty(name, out var e))
            {
                return null;
            }

            if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return e.GetBoolean();
            }

            Reject(RejectionReason.WrongType, name, Describe(e), $"{name} must be true or false when present.");
            return null;
        }

        public JsonElement? RequiredObject(string name)
        {
            if (!TryGet(name, out var e))
            {
                return null;
            }

            if (e.ValueKind != JsonValueKind.Object)
            {
                Reject(RejectionReason.WrongType, name, Describe(e), $"{name} must be an object.");
                return null;
            }

            return e;
        }

        public long RequiredVersion()
        {
            if (!TryGet("version", out var e))
            {
                return 0;
            }

            if (e.ValueKind != JsonValueKind.Number)
            {
                Reject(RejectionReason.WrongType, "version", Describe(e), "version must be an integer.");
                return 0;
            }

            long version;
            if (!e.TryGetInt64(out version))
            {
                // JSON Schema's "integer" includes 7.0; anything with a fraction, or too large, is not one.
                if (!e.TryGetDecimal(out var dec) || dec != decimal.Truncate(dec) || dec > long.MaxValue || dec < long.MinValue)
                {
                    Reject(RejectionReason.WrongType, "version", e.GetRawText(), "version must be an integer.");
                    return 0;
                }

                version = (long)dec;
            }

            if (version < 1)
            {
                Reject(RejectionReason.VersionBelowOne, "version", e.GetRawText(), "version must be 1 or more.");
                return 0;
            }

            return version;
        }

        public DateTimeOffset RequiredTime(string name)
        {
            if (!TryGet(name, out var e))
            {
                return default;
            }

            return ReadTime(name, e, nullable: false) ?? default;
        }

        public DateTimeOffset? RequiredNullableTime(string name) =>
            TryGet(name, out var e) ? ReadTime(name, e, nullable: true) : null;

        public T RequiredEnum<T>(string name, EnumParser<T> parse, string allowed)
            where T : struct
        {
            if (!TryGet(name, out var e))
            {
                return default;
            }

            if (e.ValueKind != JsonValueKind.String)
            {
                Reject(RejectionReason.WrongType, name, Describe(e), $"{name} must be one of {allowed}.");
                return default;
            }

            var s = e.GetString();
            if (!parse(s, out var value))
            {
                Reject(RejectionReason.BadEnumValue, name, s, $"{name} must be one of {allowed}.");
            }

            return value;
        }

        public Rating? RequiredRating(string name)
        {
            if (!TryGet(name, out var e))
            {
                return null;
            }

            if (e.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            const string allowed = "very-satisfied, satisfied, neutral, dissatisfied or null";
            if (e.ValueKind != JsonValueKind.String)
            {
                Reject(RejectionReason.WrongType, name, Describe(e), $"{name} must be one of {allowed}.");
                return null;
            }

            if (!WireNames.TryParseRating(e.GetString(), out var rating))
            {
                Reject(RejectionReason.BadEnumValue, name, e.GetString(), $"{name} must be one of {allowed}.");
                return null;
            }

            return rating;
        }

        /// <summary>An optional array of <c>{ requestedAt, resumedAt? }</c>; absent or null: none.</summary>
        public IReadOnlyList<Supplement>? OptionalSupplements(string name)
        {
            if (!obj.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (e.ValueKind != JsonValueKind.Array)
            {
                Reject(RejectionReason.WrongType, name, Describe(e), $"{name} must be an array of {{ requestedAt, resumedAt }} objects.");
                return null;
            }

            var list = new List<Supplement>(e.GetArrayLength());
            foreach (var item in e.EnumerateArray())
            {
                var at = $"{name}[{list.Count}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Reject(RejectionReason.WrongType, at, Describe(item), $"{at} must be an object with requestedAt and resumedAt.");
                    return null;
                }

                var r = new Reader(item, prefix + at + ".");
                var requestedAt = r.RequiredTime("requestedAt");
                var resumedAt = item.TryGetProperty("resumedAt", out var resumed) ? r.ReadTime("resumedAt", resumed, nullable: true) : null;
                if (r.Rejection is not null)
                {
                    Rejection ??= r.Rejection;
                    return null;
                }

                list.Add(new Supplement(requestedAt, resumedAt));
            }

            return list;
        }

        /// <summary>
        /// Supplements are requested after receipt, answered after they were requested, and each made after the
        /// previous one was answered (so only the last may be unanswered).
        /// </summary>
        public void InOrder(string name, IReadOnlyList<Supplement> supplements, DateTimeOffset receivedAt)
        {
            for (var i = 0; i < supplements.Count && Rejection is null; i++)
            {
                var s = supplements[i];
                var at = $"{name}[{i}]";
                if (s.RequestedAt < receivedAt)
                {
                    Reject(RejectionReason.SupplementBeforeReceived, at + ".requestedAt", Rfc3339.Format(s.RequestedAt),
                        $"{at}.requestedAt is before receivedAt ({Rfc3339.Format(receivedAt)}).");
                }
                else if (s.ResumedAt is { } resumed && resumed < s.RequestedAt)
                {
                    Reject(RejectionReason.ResumedBeforeRequested, at + ".resumedAt", Rfc3339.Format(resumed),
                        $"{at}.resumedAt is before its requestedAt ({Rfc3339.Format(s.RequestedAt)}).");
                }
                else if (i > 0 && supplements[i - 1].ResumedAt is not { } previous)
                {
                    Reject(RejectionReason.SupplementBeforePreviousAnswered, at + ".requestedAt", Rfc3339.Format(s.RequestedAt),
                        $"{at} was requested while {name}[{i - 1}] is still unanswered (resumedAt null).");
                }
                else if (i > 0 && s.RequestedAt < supplements[i - 1].ResumedAt!.Value)
                {
                    Reject(RejectionReason.SupplementBeforePreviousAnswered, at + ".requestedAt", Rfc3339.Format(s.RequestedAt),
                        $"{at} was requested before {name}[{i - 1}] was answered ({Rfc3339.Format(supplements[i - 1].ResumedAt!.Value)}).");
                }
            }
        }

        public void NotBefore(string name, DateTimeOffset? value, DateTimeOffset receivedAt, RejectionReason reason)
        {
            if (value is { } v && v < receivedAt)
            {
                Reject(reason, name, Rfc3339.Format(v), $"{name} is before receivedAt ({Rfc3339.Format(receivedAt)}).");
            }
        }

        public DateTimeOffset? ReadTime(string name, JsonElement e, bool nullable)
        {
            if (e.ValueKind == JsonValueKind.Null && nullable)
            {
                return null;
            }

            if (e.ValueKind != JsonValueKind.String)
            {
                Reject(RejectionReason.WrongType, name, Describe(e),
                    nullable ? $"{name} must be an RFC 3339 date-time or null." : $"{name} must be an RFC 3339 date-time.");
                return null;
            }

            var s = e.GetString()!;
            if (!Rfc3339.TryParse(s, out var t))
            {
                Reject(RejectionReason.BadTime, name, s.Length > 60 ? s[..60] + "…" : s,
                    $"{name} is not an RFC 3339 date-time with offset (e.g. 2023-04-21T09:15:02+07:00).");
                return null;
            }

            return t;
        }

        private bool TryGet(string name, out JsonElement e)
        {
            if (obj.TryGetProperty(name, out e))
            {
                return true;
            }

            Reject(RejectionReason.MissingField, name, null, $"{name} is required.");
            return false;
        }
    }
}
