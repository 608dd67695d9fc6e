using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServiceIndex.Simulator;

/// <summary>A procedure assigned to units, with the catalogue version in force at a time.</summary>
internal sealed class Procedure(ProcedureTemplate template, int[] units, ProcedureVersion initial)
{
    public ProcedureTemplate Template { get; } = template;

    public FieldProfile Profile { get; } = FieldProfile.For(template.Field);

    /// <summary>Indexes of the units that handle it, in hierarchy order.</summary>
    public int[] Units { get; } = units;

    public ProcedureVersion Initial { get; } = initial;

    /// <summary>The improved catalogue entry (better online level, online payment), if any.</summary>
    public ProcedureVersion? Improved { get; set; }

    public long ImprovedAtTicks { get; set; } = long.MaxValue;

    public ProcedureVersion At(long utcTicks) => Improved is not null && utcTicks >= ImprovedAtTicks ? Improved : Initial;
}

/// <summary>
/// The simulated province: units, the assigned catalogue, and the facts of every dossier and
/// piece of feedback. The history and the live activity both write into it; records refer to it
/// by index so that a record version costs a few bytes until it is served.
/// </summary>
internal sealed class World
{
    // Dossiers received in the first four months of 2023 by level (province-facts.md).
    private const double ProvinceDossiers = 37_710;
    private const double DistrictDossiers = 70_296;
    private const double CommuneDossiers = 89_728;

    // Relative propensity of a partially online procedure to be used online, against a full one.
    private const double PartialOnlinePropensity = 0.6;

    /// <summary>Saturday volume against a weekday's (a few desks open on Saturday mornings; online runs on).</summary>
    public const double SaturdayFactor = 0.15;

    /// <summary>Sunday volume against a weekday's.</summary>
    public const double SundayFactor = 0.06;

    /// <summary>Share of the yearly volume arriving at weekends.</summary>
    public const double WeekendVolumeShare = (SaturdayFactor + SundayFactor) / (5 + SaturdayFactor + SundayFactor);

    /// <summary>Chance a weekend dossier of an online-capable procedure is online.</summary>
    public const double WeekendOnlineChance = 0.9;

    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private World(SimulatorOptions options, Hierarchy hierarchy)
    {
        Options = options;
        Hierarchy = hierarchy;
        Units = [.. hierarchy.Units];
        UnitIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Units.Length; i++)
        {
            UnitIndex[Units[i].Id] = i;
        }

        UnitIdJson = [.. Units.Select(u => JsonEncodedText.Encode(u.Id, Encoder))];
        UnitLateFactor = [.. Units.Select(EffectiveLateFactor)];
    }

    public SimulatorOptions Options { get; }

    public Hierarchy Hierarchy { get; }

    public HierarchyUnit[] Units { get; }

    public Dictionary<string, int> UnitIndex { get; }

    public JsonEncodedText[] UnitIdJson { get; }

    /// <summary>The unit's late factor times its ancestors' (a late district drags its communes).</summary>
    public double[] UnitLateFactor { get; }

    public Procedure[] Procedures { get; private set; } = [];

    public JsonEncodedText[] ProcedureIdJson { get; private set; } = [];

    public List<UnitVersion> UnitVersions { get; } = [];

    public List<ProcedureVersion> ProcedureVersions { get; } = [];

    public List<DossierFacts> Dossiers { get; } = [];

    public List<FeedbackFacts> Feedback { get; } = [];

    /// <summary>Per unit: its procedures and a sampler by popularity.</summary>
    public (int[] Procedures, WeightedSampler Sampler)[] UnitProcedures { get; private set; } = [];

    /// <summary>Dossier-handling levels with their share of the yearly volume and a unit sampler.</summary>
    public IReadOnlyList<(double Share, int[] Units, WeightedSampler Sampler)> DossierLevels { get; private set; } = [];

    /// <summary>Chance that a dossier of a fully / partially online procedure is submitted online,
    /// solved so that the expected online share is <see cref="SimulatorOptions.OnlineShare"/>.</summary>
    public (double Full, double Partial) OnlineChance { get; private set; }

    public static World Build(SimulatorOptions options, Hierarchy hierarchy)
    {
        var world = new World(options, hierarchy);
        world.AssignCatalogue(SeedStreams.Catalogue(options.Seed));
        world.BuildSamplers();
        return world;
    }

    private double EffectiveLateFactor(HierarchyUnit unit)
    {
        var factor = unit.LateFactor;
        var parentId = unit.ParentId;
        while (parentId is not null)
        {
            var parent = Units[UnitIndex[parentId]];
            factor *= parent.LateFactor;
            parentId = parent.ParentId;
        }

        return factor;
    }

    private void AssignCatalogue(Random random)
    {
        var rootIndex = UnitIndex[Hierarchy.Root.Id];
        int[] Of(UnitLevel level) => [.. Enumerable.Range(0, Units.Length).Where(i => Units[i].Level == level)];
        var districts = Of(UnitLevel.District);
        var communes = Of(UnitLevel.Commune);
        var procedures = new List<Procedure>();
        foreach (var template in ProcedureCatalogue.Templates)
        {
            int[] units = template.Scope switch
            {
                ProcedureScope.Agency => [.. Enumerable.Range(0, Units.Length)
                    .Where(i => Units[i].Level == UnitLevel.Agency && Units[i].Fields.Contains(template.Field, StringComparer.Ordinal))],
                // Since the two-tier reform (July 2025) district work passed to communes.
                ProcedureScope.District => districts.Length > 0 ? districts : communes,
                _ => communes.Length > 0 ? communes : districts,
            };
            if (units.Length == 0)
            {
                units = [rootIndex];
            }

            var profile = FieldProfile.For(template.Field);

            // Calibrated to a province that was weak on transparency and online payment in 2022.
            var level = random.NextDouble() switch
            {
                var x when x < profile.FullOnline => OnlineLevel.Full,
                var x when x < profile.FullOnline + profile.PartialOnline => OnlineLevel.Partial,
                _ => OnlineLevel.None,
            };
            var index = procedures.Count;
            var initial = new ProcedureVersion(
                index,
                Version: 1,
                level,
                OnlinePaymentEnabled: template.FeeRequired && random.Chance(0.3),
                AnnouncedOnTime: random.Chance(0.78),
                PublishedOnTime: random.Chance(0.7),
                PublishedComplete: random.Chance(0.82));
            var procedure = new Procedure(template, units, initial);

            // Some procedures improve during the period: one online level up, payment online,
            // publication fixed. Drawn for every procedure so the stream does not depend on From/To.
            var improves = random.Chance(0.15);
            var when = random.NextDouble();
            if (improves && (level != OnlineLevel.Full || (template.FeeRequired && !initial.OnlinePaymentEnabled)))
            {
                procedure.Improved = initial with
                {
                    Version = 2,
                    OnlineLevel = level == OnlineLevel.None ? OnlineLevel.Partial : OnlineLevel.Full,
                    OnlinePaymentEnabled = template.FeeRequired,
                    PublishedOnTime = true,
                    PublishedComplete = true,
                };
                var days = Options.To.DayNumber - Options.From.DayNumber + 1;
                var day = Options.From.AddDays((int)(when * days));
                procedure.ImprovedAtTicks = VietnamTime.AtTicks(day, TimeSpan.FromHours(9));
            }

            procedures.Add(procedure);
        }

        Procedures = [.. procedures];
        ProcedureIdJson = [.. procedures.Select(p => JsonEncodedText.Encode(p.Template.Id, Encoder))];
    }

    private void BuildSamplers()
    {
        var perUnit = new List<int>[Units.Length];
        for (var u = 0; u < Units.Length; u++)
        {
            perUnit[u] = [];
        }

        for (var p = 0; p < Procedures.Length; p++)
        {
            foreach (var u in Procedures[p].Units)
            {
                perUnit[u].Add(p);
            }
        }

        UnitProcedures = [.. perUnit.Select(list =>
            (list.ToArray(), new WeightedSampler([.. list.Select(p => Procedures[p].Template.Weight)])))];

        // A unit without procedures receives no dossiers; a level without units passes its share
        // on (districts to communes after the reform, anything else to what remains).
        var shares = new Dictionary<UnitLevel, double>
        {
            [UnitLevel.Agency] = ProvinceDossiers,
            [UnitLevel.District] = DistrictDossiers,
            [UnitLevel.Commune] = CommuneDossiers,
        };
        int[] Handling(UnitLevel level) => [.. Enumerable.Range(0, Units.Length)
            .Where(u => Units[u].Level == level && UnitProcedures[u].Sampler.Total > 0 && Units[u].Weight > 0)];
        if (Handling(UnitLevel.District).Length == 0)
        {
            shares[UnitLevel.Commune] += shares[UnitLevel.District];
            shares[UnitLevel.District] = 0;
        }

        var levels = new List<(double Share, int[] Units, WeightedSampler Sampler)>();
        foreach (var (level, share) in shares)
        {
            var units = Handling(level);
            if (units.Length > 0 && share > 0)
            {
                levels.Add((share, units, new WeightedSampler([.. units.Select(u => Units[u].Weight)])));
            }
        }

        if (levels.Count == 0)
        {
            // Degenerate hierarchy (root only): the root handles everything assigned to it.
            var root = UnitIndex[Hierarchy.Root.Id];
            levels.Add((1, [root], new WeightedSampler([1.0])));
        }

        var total = levels.Sum(l => l.Share);
        DossierLevels = [.. levels.Select(l => (l.Share / total, l.Units, l.Sampler))];
        OnlineChance = SolveOnlineChance();
    }

    private (double Full, double Partial) SolveOnlineChance()
    {
        // Catalogue as it stands mid-period: improvements during the period count half.
        var middle = VietnamTime.StartOfDayTicks(Options.From)
            + ((VietnamTime.StartOfDayTicks(Options.To.AddDays(1)) - VietnamTime.StartOfDayTicks(Options.From)) / 2);
        double full = 0, partial = 0;
        foreach (var (share, units, sampler) in DossierLevels)
        {
            foreach (var u in units)
            {
                var unitShare = share * Units[u].Weight / sampler.Total;
                var (procedures, procedureSampler) = UnitProcedures[u];
                foreach (var p in procedures)
                {
                    var w = unitShare * Procedures[p].Template.Weight / procedureSampler.Total;
                    switch (Procedures[p].At(middle).OnlineLevel)
                    {
                        case OnlineLevel.Full: full += w; break;
                        case OnlineLevel.Partial: partial += w; break;
                    }
                }
            }
        }

        // Weekend dossiers of online-capable procedures are nearly all online (desks are closed);
        // the weekday chance makes up the rest of the target share.
        var weekend = WeekendVolumeShare;
        var weekendOnline = weekend * WeekendOnlineChance * (full + partial);
        var capable = (1 - weekend) * (full + (PartialOnlinePropensity * partial));
        var scale = capable > 0 ? Math.Max(0, Options.OnlineShare - weekendOnline) / capable : 0;
        return (Math.Min(0.97, scale), Math.Min(0.97, scale * PartialOnlinePropensity));
    }
}
