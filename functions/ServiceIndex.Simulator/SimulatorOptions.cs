namespace ServiceIndex.Simulator;

/// <summary>
/// Everything that shapes a simulated procedure system. The same options and seed always give a
/// byte-identical history (live records additionally depend on the clock).
/// </summary>
/// <remarks>
/// Rates are calibrated to Quảng Nam in 2023 (spec/province-facts.md): ~600k dossiers a year,
/// split province/district/commune as in the first four months of 2023, ≈47% online. The map is the one in
/// force on <see cref="From"/> unless <see cref="Map"/> or <see cref="HierarchyFile"/> chooses
/// (<see cref="HierarchyMaps"/>); hosts take the map's own volume (<see cref="Hierarchy.DossiersPerYear"/>).
/// Bindable from configuration (init-only properties, no constructor arguments).
/// </remarks>
public sealed record SimulatorOptions
{
    /// <summary>Seed of every random choice: data, faults and live activity.</summary>
    public int Seed { get; init; } = 766;

    /// <summary>First Vietnamese calendar day of the history (inclusive).</summary>
    public DateOnly From { get; init; } = new(2023, 1, 1);

    /// <summary>Last Vietnamese calendar day of the history (inclusive). Events after the end of
    /// this day, or after "now", are not in the history: dossiers still open then stay open.</summary>
    public DateOnly To { get; init; } = new(2023, 12, 31);

    /// <summary>Dossiers received per year; scales the history (tests use a few thousand).</summary>
    public int DossiersPerYear { get; init; } = 600_000;

    /// <summary>Target share of dossiers submitted online (the province reported ≈47% in 2023).</summary>
    public double OnlineShare { get; init; } = 0.47;

    /// <summary>Share of dossiers withdrawn from the system as entered by mistake (<c>deleted: true</c>).</summary>
    public double DeletedRate { get; init; } = 0.001;

    /// <summary>Key the feed expects in <c>X-Api-Key</c>.</summary>
    public string ApiKey { get; init; } = "local-dev-key";

    /// <summary>A hierarchy JSON file (format in <c>hierarchies/README.md</c>) replacing the bundled
    /// maps; null for a bundled one.</summary>
    public string? HierarchyFile { get; init; }

    /// <summary>A bundled map (<see cref="HierarchyMaps.DaNang2025"/>, <see cref="HierarchyMaps.QuangNam2023"/>);
    /// null: the one in force on <see cref="From"/> (Đà Nẵng from 2025-07-01, Quảng Nam before).</summary>
    public string? Map { get; init; }

    /// <summary>How dossiers reach ServiceIndex: <see cref="SimulatorModes.Feed"/> (default: on the change feed) or
    /// <see cref="SimulatorModes.Dvcqg"/> (pushed in the national sync format; the feed then serves units,
    /// procedures and feedback only).</summary>
    public string Mode { get; init; } = SimulatorModes.Feed;

    /// <summary>The untidiness of pushed payloads (<see cref="SimulatorModes.Dvcqg"/> only).</summary>
    public PushUntidinessOptions PushUntidiness { get; init; } = new();

    /// <summary>Change records per second appended after the history while the feed is served;
    /// 0 turns live activity off.</summary>
    public double LiveRatePerSecond { get; init; } = 2;

    /// <summary>A webhook to call (POST) each time live records are appended; null (default): no push, consumers poll.</summary>
    public string? NotifyUrl { get; init; }

    /// <summary>Sent in <c>X-Webhook-Key</c> with each notification.</summary>
    public string? NotifyKey { get; init; }

    /// <summary>
    /// The <c>departmentId</c> the stand-in national portal gives our province (the hierarchy's root); null (default): the id
    /// of the one of the 34 provinces whose name the root bears, else Đà Nẵng's (the city Quảng Nam joined in 2025).
    /// </summary>
    public string? PortalDepartmentId { get; init; }

    /// <summary>Faults in the records themselves (duplicates, reordering, malformed records).</summary>
    public RecordFaultOptions RecordFaults { get; init; } = new();

    /// <summary>Faults of the HTTP endpoint (throttling, server errors, slow and truncated responses).</summary>
    public HttpFaultOptions HttpFaults { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (To < From)
        {
            throw new ArgumentException($"To ({To:yyyy-MM-dd}) is before From ({From:yyyy-MM-dd}).", nameof(To));
        }

        if (DossiersPerYear < 0)
        {
            throw new ArgumentException("DossiersPerYear must not be negative.", nameof(DossiersPerYear));
        }

        if (string.IsNullOrEmpty(ApiKey))
        {
            throw new ArgumentException("ApiKey must not be empty.", nameof(ApiKey));
        }

        if (LiveRatePerSecond < 0 || double.IsNaN(LiveRatePerSecond) || double.IsInfinity(LiveRatePerSecond))
        {
            throw new ArgumentException("LiveRatePerSecond must be a finite number ≥ 0.", nameof(LiveRatePerSecond));
        }

        if (NotifyUrl is not null && (!Uri.TryCreate(NotifyUrl, UriKind.Absolute, out var notify) || notify.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException("NotifyUrl must be an absolute http(s) URL.", nameof(NotifyUrl));
        }

        if (Map is { } map && !string.IsNullOrWhiteSpace(map) && !HierarchyMaps.All.Contains(map.Trim(), StringComparer.Ordinal))
        {
            throw new ArgumentException($"Map '{map}' is not a bundled map ({string.Join(", ", HierarchyMaps.All)}).", nameof(Map));
        }

        if (!SimulatorModes.All.Contains(Mode, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Mode '{Mode}' is not one of {string.Join(", ", SimulatorModes.All)}.", nameof(Mode));
        }

        PushUntidiness.Validate();
        Rate.Check(OnlineShare, nameof(OnlineShare));
        Rate.Check(DeletedRate, nameof(DeletedRate));
        RecordFaults.Validate();
        HttpFaults.Validate();
    }
}

/// <summary>
/// Faults in the records (feed.md, "Delivery guarantees"). They only ever add deliveries: every
/// well-formed record version is still delivered, so the truth is the well-formed stream.
/// </summary>
public sealed record RecordFaultOptions
{
    /// <summary>No record faults at all.</summary>
    public static RecordFaultOptions None { get; } = new() { DuplicateRate = 0, OutOfOrderRate = 0, MalformedRate = 0 };

    /// <summary>Per record: probability that an earlier record version is delivered again after it.</summary>
    public double DuplicateRate { get; init; } = 0.002;

    /// <summary>Per record that has a newer version: probability it is held back and delivered
    /// after that newer version.</summary>
    public double OutOfOrderRate { get; init; } = 0.001;

    /// <summary>Per record: probability that a corrupted copy of it is delivered as well.</summary>
    public double MalformedRate { get; init; } = 0.0005;

    internal void Validate()
    {
        Rate.Check(DuplicateRate, nameof(DuplicateRate));
        Rate.Check(OutOfOrderRate, nameof(OutOfOrderRate));
        Rate.Check(MalformedRate, nameof(MalformedRate));
    }
}

/// <summary>Faults of the feed endpoint, drawn per request after the API key check.</summary>
public sealed record HttpFaultOptions
{
    /// <summary>No HTTP faults at all.</summary>
    public static HttpFaultOptions None { get; } = new();

    /// <summary>Probability of a <c>429</c> with <c>Retry-After</c>.</summary>
    public double ThrottleRate { get; init; }

    /// <summary>Seconds announced in <c>Retry-After</c>.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Probability of a <c>500</c> or <c>503</c>.</summary>
    public double ServerErrorRate { get; init; }

    /// <summary>Probability that a response is delayed by <see cref="SlowDelay"/>.</summary>
    public double SlowRate { get; init; }

    /// <summary>Delay of a slow response.</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Probability that a page body is cut off halfway and the connection aborted.</summary>
    public double TruncatedRate { get; init; }

    internal void Validate()
    {
        Rate.Check(ThrottleRate, nameof(ThrottleRate));
        Rate.Check(ServerErrorRate, nameof(ServerErrorRate));
        Rate.Check(SlowRate, nameof(SlowRate));
        Rate.Check(TruncatedRate, nameof(TruncatedRate));
        if (RetryAfterSeconds < 0)
        {
            throw new ArgumentException("RetryAfterSeconds must not be negative.", nameof(RetryAfterSeconds));
        }

        if (SlowDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("SlowDelay must not be negative.", nameof(SlowDelay));
        }
    }
}

internal static class Rate
{
    public static void Check(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException($"{name} must be between 0 and 1.", name);
        }
    }
}
