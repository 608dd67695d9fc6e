using ServiceIndex.Core.Time;

namespace ServiceIndex.Host.Hosting;

/// <summary>What the embedded default starts (configuration section <c>LocalHost</c>).</summary>
internal sealed class LocalHostOptions
{
    public const string Section = "LocalHost";

    /// <summary>Azurite's data folder (relative to the repository root); scores survive a restart.</summary>
    public string AzuriteDataFolder { get; set; } = ".local/azurite";

    /// <summary>Queue workers applying work messages in parallel (the Functions runtime scales out instead).</summary>
    public int ApplyWorkers { get; set; } = 4;

    /// <summary>Refresh the scores as soon as the apply workers have drained the queue, not only on the refresh timer.</summary>
    public bool RefreshAfterApply { get; set; } = true;

    /// <summary>Days of history the embedded simulator serves before its live mode.</summary>
    public int SimulatorHistoryDays { get; set; } = 14;

    /// <summary>New records per second in the simulator's live mode (0: no live changes).</summary>
    public double SimulatorLiveRatePerSecond { get; set; } = 2;

    /// <summary>The simulated province's yearly dossier volume; null: the map's own (1,000,000 for Đà Nẵng since July 2025,
    /// 600,000 for Quảng Nam in 2023).</summary>
    public int? SimulatorDossiersPerYear { get; set; }

    /// <summary>Seed of the simulated history.</summary>
    public int SimulatorSeed { get; set; } = 766;

    /// <summary>
    /// Keep the console to progress, one line per kind of problem and errors (the details go to the log file). False:
    /// the console logs as configured (<c>Logging:LogLevel:*</c>), for tools that read a host's log lines (the fault
    /// campaign counts injected faults from them; the secrets test reads every line at trace level).
    /// </summary>
    public bool QuietConsole { get; set; } = true;

    /// <summary>
    /// For demos and tests: the instant (RFC 3339 with offset) the host's clock reads at start-up; it runs on from
    /// there at real speed. The simulator's history ends at it, and the current period and every evaluation moment
    /// follow it, so the same seed gives the same figures on any day. Empty: the system clock.
    /// </summary>
    public string? ClockStart { get; set; }

    /// <summary>The host's clock: the system's, or one started at <see cref="ClockStart"/>.</summary>
    /// <exception cref="FormatException"><see cref="ClockStart"/> is set but is not an RFC 3339 date-time with offset.</exception>
    public TimeProvider Clock()
    {
        if (string.IsNullOrWhiteSpace(ClockStart))
        {
            return TimeProvider.System;
        }

        return Rfc3339.TryParse(ClockStart.Trim(), out var start)
            ? new StartedClock(start)
            : throw new FormatException($"{Section}:ClockStart '{ClockStart}' is not an RFC 3339 date-time with offset (e.g. 2026-11-18T10:00:00+07:00).");
    }
}
