using System.Runtime.CompilerServices;
using ServiceIndex.Core.Hierarchy;
using ServiceIndex.Core.Records;

namespace ServiceIndex.Pipeline.Api;

/// <summary>One unit of the hierarchy.</summary>
public sealed record UnitEntry(string UnitId, string Name, string Level, string? ParentId, int Depth);

/// <summary>The response of <c>GET /api/units</c>: parents before children (pre-order), siblings by id.</summary>
public sealed record UnitsResponse(IReadOnlyList<UnitEntry> Units);

/// <summary><c>GET /api/units</c>: the hierarchy as the ledger knows it (newest live unit records).</summary>
/// <remarks>One response per ledger view (the same object until the view changes, so the host serialises it once).</remarks>
public sealed class UnitsHandler(LedgerRecordCache records)
{
    private readonly ConditionalWeakTable<LedgerView, UnitsResponse> _responses = new();

    public async Task<ApiResult<UnitsResponse>> GetAsync(CancellationToken cancellationToken)
    {
        var view = await records.GetAsync(cancellationToken).ConfigureAwait(false);
        return _responses.GetValue(view, static v => Build(v.Tree));
    }

    private static UnitsResponse Build(UnitTree tree)
    {
        var depths = new Dictionary<string, int>(tree.Count, StringComparer.Ordinal);
        var units = new List<UnitEntry>(tree.Count);
        foreach (var unit in tree.Units)
        {
            // Pre-order: a parent's depth is known before its children are reached.
            var parent = tree.EffectiveParent(unit.Id);
            var depth = parent is null ? 0 : depths[parent] + 1;
            depths[unit.Id] = depth;
            units.Add(new UnitEntry(unit.Id, unit.Name, WireNames.Of(unit.Level), parent, depth));
        }

        return new UnitsResponse(units);
    }
}
