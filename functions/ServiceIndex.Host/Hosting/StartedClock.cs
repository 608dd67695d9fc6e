namespace ServiceIndex.Host.Hosting;

/// <summary>
/// A clock that reads a chosen instant when the host starts and runs on from it at real speed
/// (<c>LocalHost:ClockStart</c>). Only "now" moves: timestamps and timers stay the system's, so the
/// pipeline's schedules, retries and caches behave as on the system clock.
/// </summary>
internal sealed class StartedClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = TimeProvider.System.GetTimestamp();

    public DateTimeOffset Start { get; } = start;

    public override DateTimeOffset GetUtcNow() => Start.ToUniversalTime() + TimeProvider.System.GetElapsedTime(_started);
}
