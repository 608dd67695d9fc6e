using System.Globalization;

namespace ServiceIndex.Host.Hosting;

/// <summary>
/// The embedded simulator's first day, kept beside the data it fed. Its history is generated from
/// that day to now, in feed order, so a restart serves the same records first and more after them:
/// the stored cursor stays valid (cursors never expire, as feed.md promises).
/// </summary>
internal static class SimulatorAnchor
{
    private const string FileName = "simulator-first-day.txt";

    public static DateOnly FirstDay(string folder, DateOnly proposed)
    {
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path) &&
            DateOnly.TryParseExact(File.ReadAllText(path).Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var kept))
        {
            return kept;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(path, proposed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return proposed;
    }
}
