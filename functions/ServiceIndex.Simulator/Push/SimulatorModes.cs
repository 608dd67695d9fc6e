namespace ServiceIndex.Simulator;

/// <summary>How the simulated system hands its dossiers over (<see cref="SimulatorOptions.Mode"/>).</summary>
public static class SimulatorModes
{
    /// <summary>Every record on the change feed (feed.md).</summary>
    public const string Feed = "feed";

    /// <summary>
    /// Dossiers pushed in the national sync format (<c>POST /api/dvcqg/auth</c>, <c>POST /api/dvcqg</c>), as the
    /// province's sync module pushes them to the national portal; the change feed serves units, procedures and feedback only.
    /// </summary>
    public const string Dvcqg = "dvcqg";

    public static IReadOnlyList<string> All { get; } = [Feed, Dvcqg];
}

/// <summary>
/// The untidiness real sync modules show (national-portal.md §1), drawn per unit, dossier or state from the seed
/// alone, so the same seed pushes the same calls. By default only what the receiver undoes is applied, so the pushed
/// history scores as its equivalent records do (docs/national-sync.md); <see cref="Lossy"/> adds what it cannot undo.
/// </summary>
public sealed record PushUntidinessOptions
{
    /// <summary>No untidiness: every state pushed once, in order, with its true status and channel.</summary>
    public static PushUntidinessOptions None { get; } = new() { NineVendorUnitShare = 0, MissingChannelRate = 0, RetryRate = 0, ReorderRate = 0 };

    /// <summary>Share of units whose vendor sends statuses 5, 6 and 8 as 9 ("handled").</summary>
    public double NineVendorUnitShare { get; init; } = 0.2;

    /// <summary>Per dossier: probability that its pushes leave out <c>KenhThucHien</c> (read as in person). Only in-person
    /// dossiers, unless <see cref="Lossy"/>.</summary>
    public double MissingChannelRate { get; init; } = 0.05;

    /// <summary>Per pushed state: probability that the same dossier is sent again in the next call (a sender's retry).</summary>
    public double RetryRate { get; init; } = 0.02;

    /// <summary>Per pushed state that has a newer one: probability that it is held back and sent after the newer one.</summary>
    public double ReorderRate { get; init; } = 0.01;

    /// <summary>Also the untidiness no receiver can undo: online and postal dossiers without <c>KenhThucHien</c> (then read
    /// as in person, which lowers the online indicators). Off by default.</summary>
    public bool Lossy { get; init; }

    internal void Validate()
    {
        Rate.Check(NineVendorUnitShare, nameof(NineVendorUnitShare));
        Rate.Check(MissingChannelRate, nameof(MissingChannelRate));
        Rate.Check(RetryRate, nameof(RetryRate));
        Rate.Check(ReorderRate, nameof(ReorderRate));
    }
}
