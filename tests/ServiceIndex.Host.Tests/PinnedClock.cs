using System.Globalization;
using ServiceIndex.Host.Hosting;

namespace ServiceIndex.Host.Tests;

/// <summary>
/// The instant every test host's clock starts at (<c>LocalHost:ClockStart</c>, or the same clock in process), so the
/// suite gives the same figures on any day it runs. Mid-month: the current month already has weeks of history and the
/// previous one is whole.
/// </summary>
internal static class PinnedClock
{
    public static readonly DateTimeOffset Start = new(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The <c>run</c> verb's configuration argument that starts its clock at <see cref="Start"/>.</summary>
    public static string Argument => $"--{LocalHostOptions.Section}:ClockStart={Setting}";

    public static string Setting => Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>A clock reading <see cref="Start"/> now and running on at real speed, for hosts and simulators in process.</summary>
    public static TimeProvider Create() => new StartedClock(Start);
}
