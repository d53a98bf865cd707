using System.Collections.Immutable;
using System.Linq.Expressions;

namespace AssessmentEngine.Rules.Binding;

internal enum SymbolKind
{
    Input,
    Parameter,
    LambdaParameter,
    ImplicitIt,
}

/// <summary>A global or local parameter of a workflow: the variable holding its value and the parameters it reads.</summary>
internal sealed class ParameterSlot(string name, Type type, bool isGlobal)
{
    public string Name { get; } = name;
    public bool IsGlobal { get; } = isGlobal;
    public ParameterExpression Value { get; } = Expression.Variable(type, name);

    /// <summary>Parameters this one reads directly.</summary>
    public HashSet<ParameterSlot> DependsOn { get; } = [];
}

internal sealed record Symbol(string Name, SymbolKind Kind, Expression Value, ParameterSlot? Slot = null, bool Broken = false);

/// <summary>Names visible at a point of an expression; lambdas and local parameters open child scopes.</summary>
/// <remarks>
/// Every parameter opens a scope, so a file with thousands of them makes a long chain: lookups go through a persistent
/// index of the visible names (innermost first) instead of walking the chain, which keeps compile time linear.
/// </remarks>
internal sealed class BindingScope
{
    private static readonly ImmutableDictionary<string, ImmutableStack<Symbol>> NoNames = ImmutableDictionary.Create<string, ImmutableStack<Symbol>>(StringComparer.OrdinalIgnoreCase);

    private readonly ImmutableDictionary<string, ImmutableStack<Symbol>> _visible;

    public BindingScope(BindingScope? parent, IReadOnlyList<Symbol> symbols)
    {
        Parent = parent;
        Symbols = symbols;
        var visible = parent?._visible ?? NoNames;
        foreach (var symbol in symbols)
        {
            if (symbol.Kind == SymbolKind.ImplicitIt)
            {
                ImplicitIt ??= symbol;
                continue;
            }
            visible = visible.SetItem(symbol.Name, (visible.TryGetValue(symbol.Name, out var same) ? same : []).Push(symbol));
        }
        ImplicitIt ??= parent?.ImplicitIt;
        _visible = visible;
    }

    public BindingScope? Parent { get; }
    public IReadOnlyList<Symbol> Symbols { get; }

    public IEnumerable<BindingScope> Chain()
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            yield return scope;
    }

    public Symbol? Find(string name, bool ignoreCase)
    {
        if (!_visible.TryGetValue(name, out var candidates))
            return null;
        foreach (var symbol in candidates)
            if (ignoreCase || string.Equals(symbol.Name, name, StringComparison.Ordinal))
                return symbol;
        return null;
    }

    /// <summary>The innermost implicit parameter of a bare predicate (<c>Items.Any(Qty &gt; 2)</c>), if any.</summary>
    public Symbol? ImplicitIt { get; }

    public IEnumerable<string> Names => Chain().SelectMany(s => s.Symbols).Where(s => s.Kind != SymbolKind.ImplicitIt).Select(s => s.Name);
}

/// <summary>What every expression of one workflow binds against.</summary>
internal sealed record BindingEnvironment(MemberTable Table, ParameterExpression Context, int MaxDepth, Expression? SingleInput, int MaxLambdaNesting);
