using System.Linq.Expressions;

namespace AssessmentEngine.Rules.Binding;

internal enum SymbolKind
{
    Input,
    Parameter,
    LambdaParameter,
    ImplicitIt,
}

/// <summary>A global or local parameter of a workflow: the variable holding its value, and the one holding the exception if computing it failed.</summary>
internal sealed class ParameterSlot(string name, Type type, bool isGlobal)
{
    public string Name { get; } = name;
    public bool IsGlobal { get; } = isGlobal;
    public ParameterExpression Value { get; } = Expression.Variable(type, name);
    public ParameterExpression Fault { get; } = Expression.Variable(typeof(Exception), name + "Fault");

    /// <summary>Parameters this one reads directly.</summary>
    public HashSet<ParameterSlot> DependsOn { get; } = [];
}

internal sealed record Symbol(string Name, SymbolKind Kind, Expression Value, ParameterSlot? Slot = null, bool Broken = false);

/// <summary>Names visible at a point of an expression; lambdas and local parameters open child scopes.</summary>
internal sealed class BindingScope(BindingScope? parent, IReadOnlyList<Symbol> symbols)
{
    public BindingScope? Parent { get; } = parent;
    public IReadOnlyList<Symbol> Symbols { get; } = symbols;

    public IEnumerable<BindingScope> Chain()
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            yield return scope;
    }

    public Symbol? Find(string name, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var scope in Chain())
            for (var i = scope.Symbols.Count - 1; i >= 0; i--)
                if (scope.Symbols[i].Kind != SymbolKind.ImplicitIt && string.Equals(scope.Symbols[i].Name, name, comparison))
                    return scope.Symbols[i];
        return null;
    }

    public Symbol? ImplicitIt => Chain().SelectMany(s => s.Symbols).FirstOrDefault(s => s.Kind == SymbolKind.ImplicitIt);

    public IEnumerable<string> Names => Chain().SelectMany(s => s.Symbols).Where(s => s.Kind != SymbolKind.ImplicitIt).Select(s => s.Name);
}

/// <summary>What every expression of one workflow binds against.</summary>
internal sealed record BindingEnvironment(MemberTable Table, ParameterExpression Context, int MaxDepth, Expression? SingleInput, int MaxLambdaNesting);
