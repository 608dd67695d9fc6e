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

    /// <summary>The simulated province's yearly dossier volume.</summary>
    public int SimulatorDossiersPerYear { get; set; } = 600_000;

    /// <summary>Seed of the simulated history.</summary>
    public int SimulatorSeed { get; set; } = 766;
}
