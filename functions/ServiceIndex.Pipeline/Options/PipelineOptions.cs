using Microsoft.Extensions.Options;
using NCrontab;

namespace ServiceIndex.Pipeline.Options;

/// <summary>How the pipeline runs (configuration section <c>Pipeline</c>).</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>Six-field CRON (UTC) of the pull timer.</summary>
    public string PullSchedule { get; set; } = PipelineSchedules.Pull;

    /// <summary>Six-field CRON (UTC) of the score refresh timer.</summary>
    public string RefreshSchedule { get; set; } = PipelineSchedules.Refresh;

    /// <summary>Six-field CRON (UTC) of the nightly recompute.</summary>
    public string RecomputeSchedule { get; set; } = PipelineSchedules.Recompute;

    /// <summary>
    /// Ledger partitions (1–100). Records hash into a bucket by kind and id; fixed for the life of a
    /// ledger (changing it needs a replay into an empty ledger).
    /// </summary>
    public int BucketCount { get; set; } = 16;

    /// <summary>Feed items per work message.</summary>
    public int BatchSize { get; set; } = 250;

    /// <summary>A work message carries its items inline when its JSON stays under this many bytes (queue limit 64 KiB after base64).</summary>
    public int InlineMessageBytes { get; set; } = 45_000;

    /// <summary>How long one pull run may keep reading pages.</summary>
    public TimeSpan PullBudget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Buckets applied in parallel by one work message.</summary>
    public int ApplyParallelism { get; set; } = 8;

    /// <summary>Storage requests in flight at once in the background jobs: the refresh's bucket reads and compactions, the recompute's checks, a replay's archive reads.</summary>
    public int JobParallelism { get; set; } = 4;

    /// <summary>Optimistic-concurrency retries of one bucket before the message is given back to the queue.</summary>
    public int MaxConflictRetries { get; set; } = 30;

    /// <summary>
    /// Write version-1 records without reading first (a conflict tells us otherwise). Saves one read
    /// for every new record; a record's first version is almost always version 1.
    /// </summary>
    public bool AssumeFirstVersionIsNew { get; set; } = true;

    /// <summary>
    /// Record rows one process keeps in memory, over all buckets, to apply new versions without reading
    /// them back (valid while this process is the bucket's last writer; checked by ETag on every write).
    /// </summary>
    public int RecordCacheLimit { get; set; } = 1_000_000;

    /// <summary>Visibility timeout of a received work message.</summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Deliveries of a message before it moves to the poison queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Delta rows a bucket may hold before the refresh folds them into its month tallies.</summary>
    public int CompactAfter { get; set; } = 64;
}

internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var failures = new List<string>();
        Schedule("Pipeline:PullSchedule", options.PullSchedule, failures);
        Schedule("Pipeline:RefreshSchedule", options.RefreshSchedule, failures);
        Schedule("Pipeline:RecomputeSchedule", options.RecomputeSchedule, failures);
        Range("Pipeline:BucketCount", options.BucketCount, 1, 100, failures);
        Range("Pipeline:BatchSize", options.BatchSize, 1, 5000, failures);
        Range("Pipeline:InlineMessageBytes", options.InlineMessageBytes, 0, 48_000, failures);
        Range("Pipeline:ApplyParallelism", options.ApplyParallelism, 1, 64, failures);
        Range("Pipeline:JobParallelism", options.JobParallelism, 1, 64, failures);
        Range("Pipeline:MaxConflictRetries", options.MaxConflictRetries, 1, 1000, failures);
        Range("Pipeline:MaxDequeueCount", options.MaxDequeueCount, 1, 100, failures);
        Range("Pipeline:CompactAfter", options.CompactAfter, 1, 100_000, failures);
        if (options.PullBudget <= TimeSpan.Zero)
        {
            failures.Add("Pipeline:PullBudget must be positive.");
        }

        if (options.QueueVisibilityTimeout < TimeSpan.FromSeconds(1) || options.QueueVisibilityTimeout > TimeSpan.FromDays(7))
        {
            failures.Add("Pipeline:QueueVisibilityTimeout must be 1 second to 7 days.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True when <paramref name="expression"/> is a six-field CRON (seconds first), as Azure Functions timers use.</summary>
    public static bool IsSixFieldCron(string? expression) =>
        !string.IsNullOrWhiteSpace(expression) &&
        expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 &&
        CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null;

    private static void Schedule(string key, string? expression, List<string> failures)
    {
        if (!IsSixFieldCron(expression))
        {
            failures.Add($"{key} '{expression}' is not a six-field CRON expression (second minute hour day month weekday).");
        }
    }

    private static void Range(string key, int value, int min, int max, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be {min} to {max} (was {value}).");
        }
    }
}
