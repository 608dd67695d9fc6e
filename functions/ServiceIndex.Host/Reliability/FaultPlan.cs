using ServiceIndex.Simulator;

namespace ServiceIndex.Host.Reliability;

/// <summary>When a kill comes: while the feed is being pulled, or while the records are being applied.</summary>
internal enum KillStage
{
    Pull,
    Apply,
}

/// <summary>Kill the host once <paramref name="Fraction"/> of the stage's work is done (or when it catches up first).</summary>
internal sealed record KillPoint(KillStage Stage, double Fraction);

/// <summary>
/// Everything one campaign run does, drawn from its seed alone: the history and the faults of the feed,
/// the storage fault rate, the pipeline's tuning, and the moments the host is killed.
/// </summary>
internal sealed record FaultPlan(
    int Seed,
    SimulatorOptions Feed,
    double StorageFaultRate,
    int StorageClientRetries,
    int PageSize,
    int BatchSize,
    int MaxDequeueCount,
    int ApplyWorkers,
    IReadOnlyList<KillPoint> Kills)
{
    /// <summary>Dossier versions per dossier in the simulated history, roughly (to size a history by its changes).</summary>
    private const double ChangesPerDossier = 3.3;

    /// <summary>The reader's time limit per feed attempt; a slow response lasts longer, so it times out.</summary>
    public static readonly TimeSpan FeedAttemptTimeout = TimeSpan.FromSeconds(1);

    public static FaultPlan Draw(int seed, int changes, double killShare)
    {
        var random = new Random(seed);
        var days = random.Next(35, 75); // two or three months, sometimes across a quarter
        var from = new DateOnly(2024, 1, 1).AddDays(random.Next(0, 300));
        var to = from.AddDays(days - 1);
        var feed = new SimulatorOptions
        {
            Seed = seed,
            From = from,
            To = to,
            DossiersPerYear = (int)(changes / ChangesPerDossier * 365 / days),
            LiveRatePerSecond = 0,
            ApiKey = $"feed-key-{seed}",
            RecordFaults = new RecordFaultOptions
            {
                DuplicateRate = Between(random, 0.005, 0.03),
                OutOfOrderRate = Between(random, 0.005, 0.03),
                MalformedRate = Between(random, 0.01, 0.05),
            },
            HttpFaults = new HttpFaultOptions
            {
                ThrottleRate = Between(random, 0, 0.08),
                RetryAfterSeconds = 1,
                ServerErrorRate = Between(random, 0, 0.08),
                SlowRate = Between(random, 0, 0.04),
                SlowDelay = FeedAttemptTimeout + TimeSpan.FromMilliseconds(500),
                TruncatedRate = Between(random, 0, 0.06),
            },
        };

        var kills = new List<KillPoint>();
        if (random.NextDouble() < killShare)
        {
            var count = random.Next(1, 3);
            for (var i = 0; i < count; i++)
            {
                kills.Add(new KillPoint(random.Next(2) == 0 ? KillStage.Pull : KillStage.Apply, Between(random, 0.05, 0.95)));
            }

            kills.Sort((a, b) => a.Fraction.CompareTo(b.Fraction));
        }

        // Without SDK retries every fault reaches our handlers (and fills the poison queue): a lower rate then,
        // or nearly every work message would fail all its deliveries.
        var retries = random.Next(0, 3);
        return new FaultPlan(
            seed,
            feed,
            StorageFaultRate: retries == 0 ? Between(random, 0.002, 0.01) : Between(random, 0.005, 0.03),
            StorageClientRetries: retries,
            PageSize: random.Next(50, 400),
            BatchSize: random.Next(50, 500),
            MaxDequeueCount: random.Next(2, 6),
            ApplyWorkers: random.Next(1, 5),
            kills);
    }

    private static double Between(Random random, double min, double max) => min + (random.NextDouble() * (max - min));
}
