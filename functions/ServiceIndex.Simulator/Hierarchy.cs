using System.Text.Json;

namespace ServiceIndex.Simulator;

/// <summary>Level of a unit in the administrative hierarchy (feed.md, kind <c>unit</c>).</summary>
public enum UnitLevel
{
    /// <summary>The root: the province (or centrally governed city).</summary>
    Province,

    /// <summary>A provincial department or agency.</summary>
    Agency,

    /// <summary>A district-level people's committee (abolished from July 2025).</summary>
    District,

    /// <summary>A commune, ward or town.</summary>
    Commune,
}

/// <summary>One unit of a simulated hierarchy, with the knobs that shape its dossiers.</summary>
/// <param name="Id">Feed id (short ASCII slug).</param>
/// <param name="Name">Vietnamese name, as published.</param>
/// <param name="Level">Level in the hierarchy.</param>
/// <param name="ParentId">Parent id; null only for the root.</param>
/// <param name="ECertifiedCopy">Offers electronic certified copies from originals.</param>
/// <param name="Weight">Relative dossier volume among the units of its level.</param>
/// <param name="LateFactor">Multiplies the chance a dossier of this unit (and its subtree) is late.</param>
/// <param name="Fields">For agencies: procedure fields it handles at provincial level.</param>
public sealed record HierarchyUnit(
    string Id,
    string Name,
    UnitLevel Level,
    string? ParentId,
    bool ECertifiedCopy,
    double Weight,
    double LateFactor,
    IReadOnlyList<string> Fields);

/// <summary>A later version of a unit record: a rename or a move, effective from a day.</summary>
/// <param name="Id">The unit that changes.</param>
/// <param name="On">Vietnamese day the change is recorded (at 08:00).</param>
/// <param name="Name">New name, or null to keep it.</param>
/// <param name="ParentId">New parent, or null to keep it.</param>
/// <param name="ECertifiedCopy">New electronic-certified-copy flag, or null to keep it.</param>
public sealed record UnitChange(string Id, DateOnly On, string? Name, string? ParentId, bool? ECertifiedCopy);

/// <summary>
/// The administrative hierarchy the simulator serves. Data, not code: two maps are bundled
/// (<see cref="HierarchyMaps"/>): the two-tier Đà Nẵng city since 1 July 2025 and Quảng Nam in 2023; the
/// default is the one in force on the history's first day. Any file in the same format replaces them
/// (see <c>hierarchies/README.md</c>).
/// </summary>
public sealed class Hierarchy
{
    private Hierarchy(string name, string codePrefix, int? dossiersPerYear, IReadOnlyList<HierarchyUnit> units, IReadOnlyList<UnitChange> changes)
    {
        Name = name;
        CodePrefix = codePrefix;
        DossiersPerYear = dossiersPerYear;
        Units = units;
        Changes = changes;
        Root = units.Single(u => u.ParentId is null);
    }

    /// <summary>Human-readable description of the hierarchy.</summary>
    public string Name { get; }

    /// <summary>Prefix of dossier codes, e.g. <c>H47</c> in <c>H47.18-230417-0001</c>.</summary>
    public string CodePrefix { get; }

    /// <summary>The yearly dossier volume the map is calibrated to (its file's <c>dossiersPerYear</c>); null when the file gives none.</summary>
    public int? DossiersPerYear { get; }

    /// <summary>Units, parents before children.</summary>
    public IReadOnlyList<HierarchyUnit> Units { get; }

    /// <summary>Later versions of unit records, by day.</summary>
    public IReadOnlyList<UnitChange> Changes { get; }

    /// <summary>The root unit.</summary>
    public HierarchyUnit Root { get; }

    /// <summary>The bundled Quảng Nam 2023 hierarchy (the seeds' historical figures).</summary>
    public static Hierarchy LoadDefault() => LoadBundled(HierarchyMaps.QuangNam2023);

    /// <summary>A bundled map by name (<see cref="HierarchyMaps.DaNang2025"/>, <see cref="HierarchyMaps.QuangNam2023"/>).</summary>
    /// <exception cref="ArgumentException">No bundled map has that name.</exception>
    public static Hierarchy LoadBundled(string map)
    {
        if (!HierarchyMaps.All.Contains(map, StringComparer.Ordinal))
        {
            throw new ArgumentException($"No bundled map '{map}' (bundled: {string.Join(", ", HierarchyMaps.All)}).", nameof(map));
        }

        var resource = $"ServiceIndex.Simulator.hierarchies.{map}.json";
        using var stream = typeof(Hierarchy).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        return Parse(stream);
    }

    /// <summary>The hierarchy of <paramref name="options"/>: its file, else its bundled map, else the map in force on its first day.</summary>
    public static Hierarchy For(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.HierarchyFile is { } path ? Load(path) : LoadBundled(HierarchyMaps.Resolve(options.Map, options.From));
    }

    /// <summary>Reads a hierarchy file; throws <see cref="InvalidDataException"/> when it is not valid.</summary>
    public static Hierarchy Load(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return Parse(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses a hierarchy document; throws <see cref="InvalidDataException"/> when it is not valid.</summary>
    public static Hierarchy Parse(Stream utf8Json)
    {
        HierarchyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8Json, HierarchyJsonContext.Default.HierarchyDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Not a hierarchy document: {e.Message}", e);
        }

        return FromDocument(document ?? throw new InvalidDataException("Empty hierarchy document."));
    }

    private static Hierarchy FromDocument(HierarchyDocument document)
    {
        var units = new List<HierarchyUnit>();
        var byId = new Dictionary<string, HierarchyUnit>(StringComparer.Ordinal);
        foreach (var entry in document.Units ?? [])
        {
            var unit = ToUnit(entry);
            if (!byId.TryAdd(unit.Id, unit))
            {
                throw new InvalidDataException($"Unit id '{unit.Id}' appears twice.");
            }

            units.Add(unit);
        }

        var roots = units.Where(u => u.ParentId is null).ToList();
        if (roots.Count != 1 || roots[0].Level != UnitLevel.Province)
        {
            throw new InvalidDataException("Exactly one unit must have parentId null, and its level must be 'province'.");
        }

        foreach (var unit in units.Where(u => u.ParentId is not null))
        {
            if (!byId.ContainsKey(unit.ParentId!))
            {
                throw new InvalidDataException($"Unit '{unit.Id}' has unknown parent '{unit.ParentId}'.");
            }

            if (unit.Level == UnitLevel.Province)
            {
                throw new InvalidDataException($"Unit '{unit.Id}' has level 'province' but is not the root.");
            }
        }

        var changes = (document.Changes ?? []).Select(c => ToChange(c, byId)).OrderBy(c => c.On).ToList();
        return new Hierarchy(
            string.IsNullOrWhiteSpace(document.Name) ? roots[0].Name : document.Name,
            string.IsNullOrWhiteSpace(document.CodePrefix) ? roots[0].Id.ToUpperInvariant() : document.CodePrefix,
            document.DossiersPerYear is { } volume && volume >= 0 ? volume
                : document.DossiersPerYear is null ? null : throw new InvalidDataException("dossiersPerYear must not be negative."),
            ParentsFirst(units, byId),
            changes);
    }

    private static HierarchyUnit ToUnit(UnitDocument entry)
    {
        if (string.IsNullOrEmpty(entry.Id) || entry.Id.Length > 256)
        {
            throw new InvalidDataException("Every unit needs an id of 1–256 characters.");
        }

        if (string.IsNullOrWhiteSpace(entry.Name))
        {
            throw new InvalidDataException($"Unit '{entry.Id}' has no name.");
        }

        var level = entry.Level switch
        {
            "province" => UnitLevel.Province,
            "agency" => UnitLevel.Agency,
            "district" => UnitLevel.District,
            "commune" => UnitLevel.Commune,
            _ => throw new InvalidDataException($"Unit '{entry.Id}' has unknown level '{entry.Level}'."),
        };
        var weight = entry.Weight ?? 1;
        var lateFactor = entry.LateFactor ?? 1;
        if (!(weight >= 0) || !(lateFactor >= 0))
        {
            throw new InvalidDataException($"Unit '{entry.Id}' has a negative weight or lateFactor.");
        }

        return new HierarchyUnit(entry.Id, entry.Name, level, entry.ParentId, entry.ECertifiedCopy ?? false,
            weight, lateFactor, entry.Fields ?? []);
    }

    private static UnitChange ToChange(UnitChangeDocument entry, Dictionary<string, HierarchyUnit> byId)
    {
        if (entry.Id is null || !byId.ContainsKey(entry.Id))
        {
            throw new InvalidDataException($"A change refers to unknown unit '{entry.Id}'.");
        }

        if (entry.ParentId is not null && (!byId.ContainsKey(entry.ParentId) || entry.ParentId == entry.Id))
        {
            throw new InvalidDataException($"A change moves '{entry.Id}' under unknown parent '{entry.ParentId}'.");
        }

        if (entry.On is not { } on)
        {
            throw new InvalidDataException($"A change of '{entry.Id}' has no day ('on').");
        }

        return new UnitChange(entry.Id, on, entry.Name, entry.ParentId, entry.ECertifiedCopy);
    }

    /// <summary>Orders units so a parent precedes its children (readers may apply records in feed
    /// order) and rejects cycles, which a file could otherwise smuggle in.</summary>
    private static List<HierarchyUnit> ParentsFirst(List<HierarchyUnit> units, Dictionary<string, HierarchyUnit> byId)
    {
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<HierarchyUnit>(units.Count);
        foreach (var unit in units)
        {
            Place(unit, []);
        }

        return ordered;

        void Place(HierarchyUnit unit, HashSet<string> path)
        {
            if (placed.Contains(unit.Id))
            {
                return;
            }

            if (!path.Add(unit.Id))
            {
                throw new InvalidDataException($"Unit '{unit.Id}' is its own ancestor.");
            }

            if (unit.ParentId is { } parentId)
            {
                Place(byId[parentId], path);
            }

            placed.Add(unit.Id);
            ordered.Add(unit);
        }
    }
}
