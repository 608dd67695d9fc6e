using ServiceIndex.Core.Records;

namespace ServiceIndex.Core.Hierarchy;

/// <summary>A unit as the hierarchy knows it (newest live version).</summary>
public sealed record Unit(string Id, string Name, UnitLevel Level, string? ParentId, bool ECertifiedCopy);

/// <summary>
/// The administrative hierarchy as data: the newest version of every live unit record, applied
/// to every period. Scores roll up over subtrees: a unit's numerators and denominators are the
/// sums over itself and all its descendants.
/// </summary>
/// <remarks>
/// A unit whose parent is unknown is a root of its own until the parent appears. Cycles (which a
/// faulty feed could produce) are cut where they close, so every walk ends.
/// </remarks>
public sealed class UnitTree
{
    private readonly Dictionary<string, Unit> _units;
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _parents = new(StringComparer.Ordinal);
    private readonly List<string> _order;

    public UnitTree(IEnumerable<Unit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _units = units.ToDictionary(u => u.Id, StringComparer.Ordinal);
        foreach (var unit in _units.Values.OrderBy(u => u.Id, StringComparer.Ordinal))
        {
            if (unit.ParentId is { } parent && _units.ContainsKey(parent) && !CreatesCycle(unit.Id, parent))
            {
                if (!_children.TryGetValue(parent, out var list))
                {
                    _children[parent] = list = [];
                }

                list.Add(unit.Id);
                _parents[unit.Id] = parent;
            }
        }

        Roots = _units.Values.Where(u => EffectiveParent(u.Id) is null).Select(u => u.Id)
            .OrderBy(id => id, StringComparer.Ordinal).ToArray();
        _order = [];
        foreach (var root in Roots)
        {
            AddPreOrder(root);
        }
    }

    public static UnitTree Empty { get; } = new([]);

    public int Count => _units.Count;

    /// <summary>Units without a known parent (normally the one province).</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>Every unit, parents before children, siblings by id: a stable display order.</summary>
    public IReadOnlyList<string> PreOrder => _order;

    public IEnumerable<Unit> Units => _order.Select(id => _units[id]);

    public bool Contains(string id) => _units.ContainsKey(id);

    public Unit? Find(string id) => _units.GetValueOrDefault(id);

    public IReadOnlyList<string> ChildrenOf(string id) =>
        _children.TryGetValue(id, out var list) ? list : [];

    /// <summary>The parent as the tree uses it: null for a root, an unknown parent, or a link that would close a cycle.</summary>
    public string? EffectiveParent(string id) => _parents.GetValueOrDefault(id);

    /// <summary>The unit and its ancestors, nearest first.</summary>
    public IEnumerable<string> SelfAndAncestors(string id)
    {
        for (var current = id; current is not null; current = EffectiveParent(current))
        {
            yield return current;
        }
    }

    /// <summary>The unit and all its descendants.</summary>
    public IEnumerable<string> Subtree(string id)
    {
        var stack = new Stack<string>();
        stack.Push(id);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in ChildrenOf(current))
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>
    /// Rolls values up the tree: returns, for every unit, <paramref name="combine"/> of its own
    /// value and its descendants' — computed children first, each unit once.
    /// </summary>
    public Dictionary<string, T> RollUp<T>(Func<string, T> own, Func<T, T, T> combine)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(combine);
        var result = new Dictionary<string, T>(_units.Count, StringComparer.Ordinal);
        for (var i = _order.Count - 1; i >= 0; i--)
        {
            var id = _order[i];
            var value = own(id);
            foreach (var child in ChildrenOf(id))
            {
                value = combine(value, result[child]);
            }

            result[id] = value;
        }

        return result;
    }

    private bool CreatesCycle(string id, string parent)
    {
        // Walk up the links accepted so far (acyclic by construction): the new link closes a
        // cycle only when that walk comes back to the unit itself. Only that one link is cut.
        for (var current = parent; current is not null; current = _parents.GetValueOrDefault(current))
        {
            if (string.Equals(current, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void AddPreOrder(string root)
    {
        var stack = new Stack<string>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            _order.Add(id);
            var children = ChildrenOf(id);
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }
}
