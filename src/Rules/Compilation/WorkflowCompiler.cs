using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using AssessmentEngine.Rules.Binding;
using AssessmentEngine.Rules.Binding.Builtins;
using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Execution;
using AssessmentEngine.Rules.Model;
using AssessmentEngine.Rules.Syntax;
using BindingFlags = System.Reflection.BindingFlags;

namespace AssessmentEngine.Rules.Compilation;

/// <summary>
/// Binds every expression of one workflow and emits ONE delegate that evaluates the global parameters once into locals,
/// then each rule into the <see cref="RuleRun"/> buffer; a fault inside a rule fails only that rule.
/// </summary>
internal sealed class WorkflowCompiler
{
    private readonly Workflow _workflow;
    private readonly IReadOnlyList<RuleInput> _inputs;
    private readonly RuleCompilerOptions _options;
    private readonly List<Diagnostic> _diagnostics;
    private readonly BindingEnvironment _environment;
    private readonly ParameterExpression _context = Expression.Parameter(typeof(EvaluationContext), "context");
    private readonly ParameterExpression _inputArray = Expression.Parameter(typeof(object[]), "inputs");
    private readonly ParameterExpression _run = Expression.Parameter(typeof(RuleRun), "run");

    // The global parameters boxed once per RulesEngine-shaped execution, shared by every rule's visible values: boxing
    // them again in each rule put hundreds of allocations into the workflow's method, all cold on the scoring path.
    private readonly ParameterExpression _visibleGlobals = Expression.Variable(typeof(object[]), "visibleGlobals");

    // Set when any global parameter faulted, so rules check their dependencies' faults one by one only then.
    private readonly ParameterExpression _globalsFaulted = Expression.Variable(typeof(bool), "globalsFaulted");

    // The fault of each global parameter by index, allocated only when one faults.
    private readonly ParameterExpression _globalFaults = Expression.Variable(typeof(Exception[]), "globalFaults");
    private readonly ParameterExpression[] _inputLocals;
    private readonly List<ParameterSlot> _globals = [];
    private readonly Dictionary<ParameterSlot, int> _globalIndex = [];
    private readonly List<Expression> _globalValues = [];

    // The global int parameters by source text, to recognise a rule's Evidence that selects exactly what a Count parameter
    // counts; looked up by text so that many rules over many parameters stay linear.
    private readonly Dictionary<string, List<ParameterSlot>> _globalsByText = new(StringComparer.Ordinal);
    private readonly List<RuleNode> _nodes = [];
    private readonly Dictionary<ParameterSlot, ParameterValueCache> _valueCaches = [];
    private int _collectingCounts;
    private bool _hasErrors;
    private int _fusedLoops;

    public WorkflowCompiler(Workflow workflow, IReadOnlyList<RuleInput> inputs, RuleCompilerOptions options, MemberTable table, List<Diagnostic> diagnostics)
    {
        _workflow = workflow;
        _inputs = inputs;
        _options = options;
        _diagnostics = diagnostics;
        _inputLocals = inputs.Select(i => Expression.Variable(i.Type, i.Name)).ToArray();
        _environment = new BindingEnvironment(table, _context, options.MaxNestingDepth, _inputLocals.Length == 1 ? _inputLocals[0] : null, options.MaxLambdaNesting);
    }

    public CompiledWorkflow? Compile()
    {
        if (!WithinLimits())
            return null;
        var symbols = new List<Symbol>();
        for (var i = 0; i < _inputs.Count; i++)
        {
            symbols.Add(new Symbol(_inputs[i].Name, SymbolKind.Input, _inputLocals[i]));
            var positional = $"input{i + 1}";
            if (!_inputs.Any(input => string.Equals(input.Name, positional, StringComparison.OrdinalIgnoreCase)))
                symbols.Add(new Symbol(positional, SymbolKind.Input, _inputLocals[i]));
        }
        var scope = new BindingScope(null, symbols);

        foreach (var param in _workflow.GlobalParams)
            scope = BindParameter(param, scope, null, isGlobal: true, null);

        var topLevel = new List<RuleNode>();
        foreach (var rule in _workflow.Rules.Where(r => r.Enabled))
            topLevel.Add(CompileRule(rule, scope, []));

        if (_hasErrors && !_options.EnableExceptionAsErrorMessage)
            return null;

        var body = Emit(topLevel);
        var lambda = Expression.Lambda<Action<object?[], EvaluationContext, RuleRun>>(body, "workflow_" + _workflow.WorkflowName, [_inputArray, _context, _run]);
        Action<object?[], EvaluationContext, RuleRun> run;
        try
        {
            run = lambda.Compile(preferInterpretation: false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException or InvalidProgramException)
        {
            // Every expression bound, so this is a defect of the compiler, not of the rule file; still never crash the host.
            Report(null, null, 0, DiagnosticMessages.WorkflowNotCompiled.Say(ex.Message));
            return null;
        }
        return new CompiledWorkflow(_workflow, _inputs, topLevel, _nodes.Count, run, _options) { FusedLoops = _fusedLoops };
    }

    /// <summary>Refuses a workflow too large to compile in bounded time and memory before anything is bound.</summary>
    private bool WithinLimits()
    {
        var rules = 0;
        var parameters = _workflow.GlobalParams.Count;
        var pending = new Stack<Rule>(_workflow.Rules);
        while (pending.Count > 0)
        {
            var rule = pending.Pop();
            rules++;
            parameters += rule.LocalParams.Count;
            foreach (var child in rule.Rules)
                pending.Push(child);
        }
        var withinLimits = true;
        foreach (var (tooMany, count, limit) in new[] { (DiagnosticMessages.TooManyRules, rules, _options.MaxRules), (DiagnosticMessages.TooManyParameters, parameters, _options.MaxParameters) })
        {
            if (count <= limit)
                continue;
            withinLimits = false;
            _diagnostics.Add(tooMany.Say(count, limit) with { File = _workflow.File, Workflow = _workflow.WorkflowName });
        }
        return withinLimits;
    }

    // ---- binding ----

    private BindingScope BindParameter(ScopedParam param, BindingScope scope, string? rule, bool isGlobal, RuleNode? owner)
    {
        var binder = new Binder(_environment);
        var value = BindSource(param.Expression, rule, binder, (b, syntax) => b.Bind(syntax, scope), DiagnosticPart.Parameter(param.Name), out _);
        if (value is null || value.Type == typeof(object) && value is ConstantExpression { Value: null })
        {
            if (value is not null)
                Report(param.Expression, rule, 1, DiagnosticMessages.ParameterAlwaysNull.Say(param.Name));
            if (owner is not null)
                owner.CompileError ??= ParseFailure(param.Expression, "parameter has errors");
            return new BindingScope(scope, [new Symbol(param.Name, SymbolKind.Parameter, Expression.Default(typeof(object)), new ParameterSlot(param.Name, typeof(object), isGlobal), Broken: true)]);
        }
        var slot = new ParameterSlot(param.Name, value.Type, isGlobal);
        foreach (var used in binder.UsedParameters)
            slot.DependsOn.Add(used);
        if (isGlobal)
        {
            _globalIndex[slot] = _globals.Count;
            _globals.Add(slot);
            _globalValues.Add(value);
            if (slot.Value.Type == typeof(int))
                (_globalsByText.TryGetValue(param.Expression.Text, out var same) ? same : _globalsByText[param.Expression.Text] = []).Add(slot);
        }
        else
        {
            owner!.Locals.Add((slot, value));
        }
        return new BindingScope(scope, [new Symbol(param.Name, SymbolKind.Parameter, slot.Value, slot)]);
    }

    private RuleNode CompileRule(Rule rule, BindingScope scope, List<ParameterSlot> inheritedLocals)
    {
        var node = new RuleNode(_nodes.Count, rule);
        _nodes.Add(node);
        foreach (var param in rule.LocalParams)
            scope = BindParameter(param, scope, rule.RuleName, isGlobal: false, node);

        var used = new HashSet<ParameterSlot>();
        var locals = inheritedLocals.Concat(node.Locals.Select(l => l.Slot)).ToList();
        if (rule.Operator is not null)
        {
            foreach (var child in rule.Rules.Where(r => r.Enabled))
                node.Children.Add(CompileRule(child, scope, locals));
        }
        else if (rule.Expression is { } expression)
        {
            var binder = new Binder(_environment);
            node.Condition = BindSource(expression, rule.RuleName, binder, (b, syntax) => b.BindBoolean(syntax, scope, DiagnosticMessages.RuleNotBoolean), null, out var error);
            if (node.Condition is null)
                node.CompileError ??= ParseFailure(expression, error ?? "");
            used.UnionWith(binder.UsedParameters);
        }

        if (rule.Scoring is { } scoring)
        {
            if (scoring.PointsExpression is { } points)
            {
                var binder = new Binder(_environment);
                node.Points = BindSource(points, rule.RuleName, binder, (b, syntax) => ToDecimal(b.Bind(syntax, scope), syntax.Start), DiagnosticPart.Points, out _);
                used.UnionWith(binder.UsedParameters);
            }
            if (scoring.Evidence is { } evidence)
            {
                var binder = new Binder(_environment);
                node.Evidence = BindSource(evidence, rule.RuleName, binder, (b, syntax) =>
                {
                    var bound = b.Bind(syntax, scope);
                    return MemberTable.IsEnumerable(bound.Type)
                        ? bound
                        : throw new SyntaxError(syntax.Start, DiagnosticMessages.EvidenceNotList, TypeNames.Of(bound.Type));
                }, DiagnosticPart.Evidence, out _);
                node.EvidenceReadsParameters = binder.UsedParameters.Count > 0;
                if (node.Evidence is not null && inheritedLocals.Count == 0 && node.Locals.Count == 0)
                    node.EvidenceCount = CountOf(evidence.Text, binder.UsedParameters);
            }
        }

        node.SuccessOutput = BindAction(rule.Actions?.OnSuccess, rule, scope);
        node.FailureOutput = BindAction(rule.Actions?.OnFailure, rule, scope);

        foreach (var slot in Closure(used.Concat(node.Locals.SelectMany(l => l.Slot.DependsOn))).Where(s => s.IsGlobal).OrderBy(s => _globalIndex[s]))
            node.GlobalDependencies.Add(slot);

        var visible = _globals.Concat(locals).ToList();
        node.Visible.AddRange(visible);
        if (rule.Scoring?.Parameters is { } names)
        {
            foreach (var name in names)
            {
                var slot = visible.FirstOrDefault(s => s.Name == name) ?? visible.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
                if (slot is null)
                    Report(null, rule.RuleName, 0, NameSuggester.Suggest(name, visible.Select(s => s.Name)) is { } s ? DiagnosticMessages.UnknownExplainedParameterSuggested.Say(name, s) : DiagnosticMessages.UnknownExplainedParameter.Say(name), rule.Line, rule.Column);
                else
                    node.Explained.Add(slot);
            }
        }
        else
        {
            node.Explained.AddRange(visible.Where(used.Contains));
        }
        return node;
    }

    /// <summary>
    /// The global parameter that counts what an Evidence <c>list.Where(…)</c> selects: its text is the evidence's with that
    /// Where as Count, it reads the same parameters and it is an int (so the replaced Where was the outermost call; an inner
    /// one would leave a list). Bound in the same scope, both select the same records, so the evidence loop may stop at that count.
    /// </summary>
    private ParameterSlot? CountOf(string evidence, IEnumerable<ParameterSlot> used)
    {
        const string Where = ".Where(";
        for (var at = evidence.IndexOf(Where, StringComparison.Ordinal); at >= 0; at = evidence.IndexOf(Where, at + 1, StringComparison.Ordinal))
        {
            var counted = string.Concat(evidence.AsSpan(0, at), ".Count(", evidence.AsSpan(at + Where.Length));
            if (_globalsByText.TryGetValue(counted, out var candidates) && candidates.FirstOrDefault(slot => slot.DependsOn.SetEquals(used)) is { } slot)
                return slot;
        }
        return null;
    }

    private static IEnumerable<ParameterSlot> Closure(IEnumerable<ParameterSlot> roots)
    {
        var seen = new HashSet<ParameterSlot>();
        var pending = new Stack<ParameterSlot>(roots);
        while (pending.Count > 0)
        {
            var slot = pending.Pop();
            if (!seen.Add(slot))
                continue;
            foreach (var dependency in slot.DependsOn)
                pending.Push(dependency);
        }
        return seen;
    }

    private Expression? BindAction(ActionInfo? action, Rule rule, BindingScope scope)
    {
        if (action is null || !string.Equals(action.Name, "OutputExpression", StringComparison.OrdinalIgnoreCase) || action.Expression is null)
            return null;
        var bound = BindSource(action.Expression, rule.RuleName, new Binder(_environment), (b, syntax) => b.Bind(syntax, scope), DiagnosticPart.OutputExpression, out _);
        return bound is null ? null : Expression.Convert(bound, typeof(object));
    }

    private static Expression ToDecimal(Expression value, int start)
    {
        var type = Nullable.GetUnderlyingType(value.Type) ?? value.Type;
        if (type != typeof(int) && type != typeof(long) && type != typeof(double) && type != typeof(float) && type != typeof(decimal))
            throw new SyntaxError(start, DiagnosticMessages.PointsNotNumber, TypeNames.Of(value.Type));
        return Expression.Convert(value, typeof(decimal));
    }

    private static string ParseFailure(ExpressionSource expression, string message) => $"Exception while parsing expression `{expression.Text}` - {message}";

    private Expression? BindSource(ExpressionSource source, string? rule, Binder binder, Func<Binder, SyntaxNode, Expression> bind, DiagnosticPart? what, out string? error)
    {
        error = null;
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            var syntax = Parser.Parse(source.Text, _options.MaxExpressionLength, _options.MaxNestingDepth);
            return bind(binder, syntax);
        }
        catch (SyntaxError syntaxError)
        {
            error = syntaxError.Message;
            if (!syntaxError.Suppressed)
                Report(source, rule, syntaxError.Start + 1, syntaxError.Said.SayAbout(what, [.. syntaxError.Arguments]));
            else
                _hasErrors = true;
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InsufficientExecutionStackException or NotSupportedException or OverflowException or FormatException or InvalidCastException)
        {
            error = ex.Message;
            Report(source, rule, 1, DiagnosticMessages.ExpressionNotCompiled.SayAbout(what, ex.Message));
            return null;
        }
    }

    private void Report(ExpressionSource? source, string? rule, int column, Diagnostic said, int line = 0, int fileColumn = 0)
    {
        _hasErrors = true;
        var text = source?.Text;
        _diagnostics.Add(said with
        {
            Severity = _options.EnableExceptionAsErrorMessage ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
            File = _workflow.File,
            Workflow = _workflow.WorkflowName,
            Rule = rule,
            Expression = text is { Length: > 300 } ? text[..300] + "…" : text,
            ExpressionColumn = column,
            Line = source is { Line: > 0 } ? source.Line : line,
            Column = source is { Line: > 0 } ? source.FileColumnOf(column) : fileColumn,
        });
    }

    // ---- emission ----

    private Expression Emit(List<RuleNode> topLevel)
    {
        var statements = new List<Expression>();
        var variables = new List<ParameterExpression>(_inputLocals);
        for (var i = 0; i < _inputLocals.Length; i++)
            statements.Add(Expression.Assign(_inputLocals[i], Expression.Convert(Expression.ArrayIndex(_inputArray, Expression.Constant(i)), _inputLocals[i].Type)));

        var states = Expression.Variable(typeof(byte[]), "states");
        variables.Add(states);
        statements.Add(Expression.Assign(states, Expression.Property(_run, nameof(RuleRun.States))));

        var evaluation = new List<Expression>();
        variables.Add(_globalsFaulted);
        variables.Add(_globalFaults);
        evaluation.Add(Expression.Assign(_globalsFaulted, Expression.Constant(false)));
        variables.AddRange(_globals.Select(g => g.Value));
        if (_globals.Count > 0)
            evaluation.Add(EmitGlobals());
        variables.Add(_visibleGlobals);
        evaluation.Add(Expression.IfThen(Expression.Field(_run, nameof(RuleRun.Execute)), Expression.Assign(_visibleGlobals, Capture(_globals))));
        foreach (var node in topLevel)
        {
            var (code, ok) = EmitRule(node, states);
            evaluation.Add(Expression.Block(typeof(void), [ok], code));
        }

        Expression body = Expression.Block(typeof(void), evaluation);
        if (_options.FuseScans)
            body = ScanFusion.Apply(body, _inputLocals, _inputArray, _context, _run, variables, statements, out _fusedLoops);
        statements.Add(body);
        return Expression.Block(typeof(void), variables, statements);
    }

    /// <summary>
    /// The global parameters in order inside ONE try block: a fault records itself by the index of the parameter being
    /// computed and evaluation resumes with the next one. A try block per parameter cost the JIT and the expression
    /// compiler more than linear time in the number of exception regions (thousands of parameters took seconds).
    /// </summary>
    private Expression EmitGlobals()
    {
        var next = Expression.Variable(typeof(int), "nextGlobal");
        var count = Expression.Constant(_globals.Count);
        var steps = new List<Expression>(_globals.Count);
        for (var i = 0; i < _globals.Count; i++)
        {
            var slot = _globals[i];
            steps.Add(Expression.IfThen(
                Expression.Equal(next, Expression.Constant(i)),
                Expression.Block(
                    typeof(void),
                    RethrowFaults(slot.DependsOn.Where(d => d.IsGlobal)),
                    Expression.Assign(slot.Value, _globalValues[i]),
                    Expression.Assign(next, Expression.Constant(i + 1)))));
        }
        var ex = Expression.Variable(typeof(Exception), "ex");
        var record = Expression.Block(
            typeof(void),
            Expression.IfThen(Expression.Equal(_globalFaults, Expression.Constant(null, typeof(Exception[]))), Expression.Assign(_globalFaults, Expression.NewArrayBounds(typeof(Exception), count))),
            Expression.Assign(Expression.ArrayAccess(_globalFaults, next), ex),
            Expression.Assign(_globalsFaulted, Expression.Constant(true)),
            Expression.PreIncrementAssign(next));
        var done = Expression.Label("globalsDone");
        return Expression.Block(
            typeof(void),
            [next],
            Expression.Assign(_globalFaults, Expression.Constant(null, typeof(Exception[]))),
            Expression.Assign(next, Expression.Constant(0)),
            Expression.Loop(
                Expression.Block(
                    typeof(void),
                    Expression.TryCatch(Expression.Block(typeof(void), steps), Expression.Catch(ex, record)),
                    Expression.IfThen(Expression.GreaterThanOrEqual(next, count), Expression.Break(done))),
                done));
    }

    private Expression RethrowFaults(IEnumerable<ParameterSlot> dependencies)
    {
        var checks = dependencies.Select(d =>
        {
            var fault = Expression.ArrayIndex(_globalFaults, Expression.Constant(_globalIndex[d]));
            return (Expression)Expression.IfThen(Expression.NotEqual(fault, Expression.Constant(null, typeof(Exception))), Expression.Throw(fault));
        }).ToList();
        return checks.Count == 0 ? Expression.Empty() : Expression.IfThen(_globalsFaulted, Expression.Block(typeof(void), checks));
    }

    private (Expression Code, ParameterExpression Ok) EmitRule(RuleNode node, ParameterExpression states)
    {
        var ok = Expression.Variable(typeof(bool), "ok" + node.Index);
        var index = Expression.Constant(node.Index);
        Expression SetState(RuleState state) => Expression.Assign(Expression.ArrayAccess(states, index), Expression.Constant((byte)state));

        if (node.CompileError is not null || (node.Condition is null && node.Rule.Operator is null))
            return (Expression.Block(typeof(void), Expression.Assign(ok, Expression.Constant(false)), SetState(RuleState.Failure)), ok);

        var body = new List<Expression>();
        body.Add(RethrowFaults(node.GlobalDependencies));
        var localVariables = new List<ParameterExpression>();
        foreach (var (slot, value) in node.Locals)
        {
            localVariables.Add(slot.Value);
            body.Add(Expression.Assign(slot.Value, value));
        }

        if (node.Rule.Operator is { } op)
        {
            var isAnd = op.StartsWith("And", StringComparison.Ordinal);
            var shortCircuit = op is "AndAlso" or "OrElse";
            body.Add(Expression.Assign(ok, Expression.Constant(isAnd && node.Children.Count > 0)));
            Expression? chain = null;
            foreach (var child in Enumerable.Reverse(node.Children))
            {
                var (code, childOk) = EmitRule(child, states);
                var combine = Expression.Assign(ok, isAnd ? Expression.AndAlso(ok, childOk) : Expression.OrElse(ok, childOk));
                var step = Expression.Block(typeof(void), [childOk], code, combine, chain ?? Expression.Empty());
                if (shortCircuit && chain is not null)
                    step = Expression.Block(typeof(void), [childOk], code, combine, Expression.IfThen(isAnd ? ok : Expression.Not(ok), chain));
                chain = step;
            }
            if (chain is not null)
                body.Add(chain);
        }
        else
        {
            body.Add(Expression.Assign(ok, node.Condition!));
        }
        body.Add(Expression.IfThenElse(ok, SetState(RuleState.Success), SetState(RuleState.Failure)));

        var onFire = new List<Expression>();
        if (node.Points is not null)
            onFire.Add(Expression.Assign(Expression.ArrayAccess(Expression.Property(_run, nameof(RuleRun.Points)), index), node.Points));
        var explain = new List<Expression>();
        if (node.Explained.Count > 0)
            explain.Add(Expression.Assign(Expression.ArrayAccess(Expression.Property(_run, nameof(RuleRun.Explained)), index), Expression.Convert(Explain(node.Explained), typeof(object[]))));
        if (node.Evidence is not null)
        {
            var element = MemberTable.ElementTypeOf(node.Evidence.Type)!;
            // A faulted count would read 0; the loop then runs to the end of the list, as without a count.
            var expected = node.EvidenceCount is { } counted
                ? Expression.Condition(_globalsFaulted, Expression.Constant(int.MaxValue), counted.Value)
                : null;
            explain.Add(EvidenceIds(node, element, expected) is { } ids
                ? Expression.Assign(Expression.ArrayAccess(Expression.Property(_run, nameof(RuleRun.EvidenceIds)), index), ids)
                : Expression.Assign(Expression.ArrayAccess(Expression.Property(_run, nameof(RuleRun.Evidence)), index), Expression.Convert(Expression.Call(typeof(Enumerable).GetMethod(nameof(Enumerable.ToArray))!.MakeGenericMethod(element), node.Evidence), typeof(object))));
        }
        if (explain.Count > 0)
            onFire.Add(Expression.IfThen(Expression.Field(_run, nameof(RuleRun.Explain)), Expression.Block(typeof(void), explain)));
        if (onFire.Count > 0)
            body.Add(Expression.IfThen(ok, Expression.Block(typeof(void), onFire)));

        var execute = new List<Expression>();
        if (node.Visible.Count > 0)
        {
            var ownLocals = node.Visible.Skip(_globals.Count).ToList();
            Expression captured = !node.Visible.Take(_globals.Count).SequenceEqual(_globals)
                ? Capture(node.Visible)
                : ownLocals.Count == 0
                    ? _visibleGlobals
                    : Expression.Call(typeof(RuleRun).GetMethod(nameof(RuleRun.WithLocals))!, _visibleGlobals, Capture(ownLocals));
            execute.Add(Expression.Assign(Expression.ArrayAccess(Expression.Property(_run, nameof(RuleRun.Visible)), index), captured));
        }
        if (node.SuccessOutput is not null || node.FailureOutput is not null)
        {
            var output = Expression.ArrayAccess(Expression.Property(_run, nameof(RuleRun.ActionOutputs)), index);
            var action = Expression.IfThenElse(
                ok,
                node.SuccessOutput is null ? Expression.Empty() : Expression.Assign(output, node.SuccessOutput),
                node.FailureOutput is null ? Expression.Empty() : Expression.Assign(output, node.FailureOutput));
            var actionFault = Expression.Variable(typeof(Exception), "actionFault");
            execute.Add(Expression.TryCatch(
                Expression.Block(typeof(void), action),
                Expression.Catch(actionFault, Expression.Block(typeof(void), Expression.Assign(Expression.ArrayAccess(Expression.Property(_run, nameof(RuleRun.ActionFaults)), index), actionFault)))));
        }
        if (execute.Count > 0)
            body.Add(Expression.IfThen(Expression.Field(_run, nameof(RuleRun.Execute)), Expression.Block(typeof(void), execute)));

        var fault = Expression.Variable(typeof(Exception), "fault");
        var guarded = Expression.TryCatch(
            Expression.Block(typeof(void), localVariables, body),
            Expression.Catch(fault, Expression.Block(
                typeof(void),
                Expression.Assign(Expression.ArrayAccess(Expression.Property(_run, nameof(RuleRun.Faults)), index), fault),
                SetState(RuleState.Fault),
                Expression.Assign(ok, Expression.Constant(false)))));
        return (guarded, ok);
    }

    /// <summary>
    /// A rule's Evidence for the score card. A list or an array, or <c>list.Where(x =&gt; …)</c> over one (what evidence
    /// usually is), becomes an inline loop that writes the ids of the selected records straight into an exact-size array:
    /// through Enumerable.Where every explained evaluation created the predicate's delegate anew and ran it through an
    /// iterator, and the records were copied to an array only to be read again for their ids. Null for anything else,
    /// which is materialised as records and has its ids read afterwards, as the reference engine's are. With
    /// <paramref name="expected"/> (how many records the filter selects, already counted) the array is allocated at that
    /// size and the loop stops at the last of them; otherwise ids gather in the run's scratch array and are copied out.
    /// </summary>
    private static Expression? SelectIds(Expression evidence, Type element, Expression? expected, Expression run)
    {
        var (source, predicate) = evidence is MethodCallExpression { Method: { Name: nameof(Enumerable.Where), IsGenericMethod: true } method } call
            && method.DeclaringType == typeof(Enumerable)
            && call.Arguments[1] is LambdaExpression { Parameters.Count: 1 } lambda
            && lambda.Parameters[0].Type == element
                ? (call.Arguments[0], lambda)
                : (evidence, null);
        var listType = typeof(List<>).MakeGenericType(element);
        var isArray = source.Type == element.MakeArrayType();
        if (!isArray && !source.Type.IsAssignableTo(listType))
            return null;

        var counted = expected is not null && predicate is not null;
        var ids = Expression.Variable(typeof(string[]), "evidenceIds");
        var found = Expression.Variable(typeof(int), "found");
        var list = Expression.Variable(isArray ? source.Type : listType, "evidenceSource");
        var count = Expression.Variable(typeof(int), "n");
        var position = Expression.Variable(typeof(int), "i");
        var wanted = Expression.Variable(typeof(int), "wanted");
        // Read through the backing array, as the scans are (ScanLoop): the indexer checks the list's count on every element.
        var items = isArray ? list : Expression.Variable(element.MakeArrayType(), "evidenceItems");
        var item = predicate?.Parameters[0] ?? Expression.Variable(element, "record");
        var exit = Expression.Label("evidenceEnd");
        var add = Expression.Block(
            Expression.Assign(Expression.ArrayAccess(ids, found), IdText(item, found)),
            Expression.PreIncrementAssign(found));
        return Expression.Block(
            typeof(string[]),
            isArray ? [ids, found, list, count, position, wanted] : [ids, found, list, (ParameterExpression)items, count, position, wanted],
            Expression.Assign(list, source.Type == list.Type ? source : Expression.Convert(source, list.Type)),
            // Enumerable's own refusal of a missing list, so a fault reads the same as before.
            Expression.IfThen(Expression.Equal(list, Expression.Constant(null, list.Type)), Expression.Throw(Expression.New(typeof(ArgumentNullException).GetConstructor([typeof(string)])!, Expression.Constant("source")))),
            Expression.Assign(count, isArray ? Expression.ArrayLength(list) : Expression.Property(list, nameof(List<object>.Count))),
            isArray ? Expression.Empty() : Expression.Assign(items, ListItems.Of(list, element)),
            counted
                ? Expression.Block(
                    Expression.Assign(wanted, Expression.Call(typeof(Math).GetMethod(nameof(Math.Min), [typeof(int), typeof(int)])!, count, Expression.Call(typeof(Math).GetMethod(nameof(Math.Max), [typeof(int), typeof(int)])!, expected!, Expression.Constant(0)))),
                    Expression.Assign(ids, Expression.NewArrayBounds(typeof(string), wanted)))
                : Expression.Block(
                    Expression.Assign(wanted, count),
                    Expression.Assign(ids, Expression.Call(run, typeof(RuleRun).GetMethod(nameof(RuleRun.IdScratch))!, count, Expression.Constant(0)))),
            Expression.Assign(found, Expression.Constant(0)),
            Expression.Assign(position, Expression.Constant(0)),
            Expression.Loop(
                Expression.IfThenElse(
                    counted
                        ? Expression.AndAlso(Expression.LessThan(position, count), Expression.LessThan(found, wanted))
                        : Expression.LessThan(position, count),
                    Expression.Block(
                        [item],
                        Expression.Assign(item, Expression.ArrayIndex(items, position)),
                        predicate is null ? add : Expression.IfThen(predicate.Body, add),
                        Expression.PostIncrementAssign(position)),
                    Expression.Break(exit)),
                exit),
            Expression.Call(typeof(RuleRun).GetMethod(nameof(RuleRun.Exact))!, ids, found));
    }

    /// <summary>
    /// A fired rule's evidence ids (null when its Evidence is not a list or a <c>Where</c> over one). Evidence that reads
    /// only the inputs runs out of line through an <see cref="EvidenceSelector"/>: explanations are cold code, and each
    /// inline loop added locals to the workflow's method until the JIT stopped keeping them in registers (it tracks about
    /// a thousand), which slowed the scoring path too. Counted evidence (<see cref="RuleNode.EvidenceCount"/>) whose count
    /// is a Count over the same list is marked so that a fused scan collects the counted records' positions
    /// (<see cref="CountedEvidenceExpression"/>) and the ids are read at them, without a second pass.
    /// </summary>
    private Expression? EvidenceIds(RuleNode node, Type element, Expression? expected)
    {
        if (node.EvidenceReadsParameters)
            return SelectIds(node.Evidence!, element, expected, _run);
        var run = Expression.Parameter(typeof(RuleRun), "run");
        var wanted = Expression.Parameter(typeof(int), "expected");
        if (SelectIds(node.Evidence!, element, expected is null ? null : wanted, run) is not { } select)
            return null;
        var selectLambda = Expression.Lambda<Func<object?[], RuleRun, int, string[]>>(WithInputs(select, typeof(string[])), "evidence_" + node.Rule.RuleName, [_inputArray, run, wanted]);
        var count = node.EvidenceCount is { } slot
            && _globalValues[_globalIndex[slot]] is ScanAggregateExpression { Kind: AggregateKind.Count, Body: not null } counted
            && counted.Element.Type == element
            && (counted.Source.Type.IsArray || counted.Source.Type.IsAssignableTo(typeof(List<>).MakeGenericType(element)))
                ? counted
                : null;
        Expression<Func<object?[], int[], int, string[]>>? atLambda = null;
        if (count is not null)
        {
            var positions = Expression.Parameter(typeof(int[]), "positions");
            var found = Expression.Parameter(typeof(int), "found");
            atLambda = Expression.Lambda<Func<object?[], int[], int, string[]>>(WithInputs(FromPositions(count.Source, element, positions, found), typeof(string[])), "evidenceAt_" + node.Rule.RuleName, [_inputArray, positions, found]);
        }
        var selector = Expression.Constant(new EvidenceSelector(selectLambda, atLambda));
        var fallback = Expression.Call(selector, typeof(EvidenceSelector).GetMethod(nameof(EvidenceSelector.Select))!, _inputArray, _run, expected ?? Expression.Constant(0));
        if (count is null)
            return fallback;
        count.CollectInto ??= _collectingCounts++;
        return new CountedEvidenceExpression(count, fallback, (positions, found) => Expression.Call(selector, typeof(EvidenceSelector).GetMethod(nameof(EvidenceSelector.At))!, _inputArray, positions, found));
    }

    /// <summary><paramref name="body"/> in a lambda of its own over the input array: the inputs are read from it first.</summary>
    private BlockExpression WithInputs(Expression body, Type type)
    {
        var statements = new List<Expression>();
        for (var i = 0; i < _inputLocals.Length; i++)
            statements.Add(Expression.Assign(_inputLocals[i], Expression.Convert(Expression.ArrayIndex(_inputArray, Expression.Constant(i)), _inputLocals[i].Type)));
        statements.Add(body);
        return Expression.Block(type, _inputLocals, statements);
    }

    /// <summary>The ids of the records of <paramref name="source"/> at the first <paramref name="found"/> of <paramref name="positions"/>.</summary>
    private static Expression FromPositions(Expression source, Type element, Expression positions, Expression found)
    {
        var ids = Expression.Variable(typeof(string[]), "evidenceIds");
        var items = Expression.Variable(element.MakeArrayType(), "evidenceItems");
        var record = Expression.Variable(element, "record");
        var at = Expression.Variable(typeof(int), "at");
        var exit = Expression.Label("idsEnd");
        return Expression.Block(
            typeof(string[]),
            [ids, items, at],
            Expression.Assign(items, source.Type.IsArray ? source : ListItems.Of(source, element)),
            Expression.Assign(ids, Expression.NewArrayBounds(typeof(string), found)),
            Expression.Assign(at, Expression.Constant(0)),
            Expression.Loop(
                Expression.IfThenElse(
                    Expression.LessThan(at, found),
                    Expression.Block(
                        [record],
                        Expression.Assign(record, Expression.ArrayIndex(items, Expression.ArrayIndex(positions, at))),
                        Expression.Assign(Expression.ArrayAccess(ids, at), IdText(record, at)),
                        Expression.PostIncrementAssign(at)),
                    Expression.Break(exit)),
                exit),
            ids);
    }

    /// <summary>
    /// The id of one evidence record as text (<c>#position</c> when it has none): read directly when the record's type is
    /// known exactly (sealed or a value type), else through the per-type accessor <see cref="CompiledWorkflow.EvidenceIdOf"/>.
    /// </summary>
    private static Expression IdText(ParameterExpression record, Expression position)
    {
        var type = record.Type;
        var exact = (type.IsSealed || type.IsValueType) && Nullable.GetUnderlyingType(type) is null;
        var property = exact ? type.GetProperty("Id", BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) : null;
        var numbered = Expression.Call(typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string)])!, Expression.Constant("#"), Expression.Call(position, typeof(int).GetMethod(nameof(int.ToString), [typeof(IFormatProvider)])!, Expression.Constant(CultureInfo.InvariantCulture)));
        Expression text;
        if (exact && property is null)
            return numbered;
        if (property is { GetMethod.IsPublic: true } && property.GetIndexParameters().Length == 0)
        {
            var id = Expression.Property(record, property);
            // Integer ids print the same through their own ToString as through IFormattable, without boxing each id.
            var format = id.Type == typeof(long) || id.Type == typeof(int)
                ? Expression.Call(id, id.Type.GetMethod(nameof(long.ToString), [typeof(IFormatProvider)])!, Expression.Constant(CultureInfo.InvariantCulture))
                : Expression.Call(typeof(TextFunctions).GetMethod(nameof(TextFunctions.Format))!.MakeGenericMethod(id.Type), id);
            text = id.Type.IsValueType && Nullable.GetUnderlyingType(id.Type) is null
                ? format
                : Expression.Call(typeof(TextFunctions).GetMethod(nameof(TextFunctions.FormatOrNull))!.MakeGenericMethod(id.Type), id);
            if (!type.IsValueType)
                text = Expression.Condition(Expression.Equal(record, Expression.Constant(null, type)), Expression.Constant(null, typeof(string)), text);
        }
        else
        {
            text = Expression.Call(typeof(CompiledWorkflow).GetMethod(nameof(CompiledWorkflow.EvidenceIdOf), BindingFlags.NonPublic | BindingFlags.Static)!, Expression.Convert(record, typeof(object)));
        }
        return Expression.Coalesce(text, numbered);
    }

    /// <summary>
    /// A fired rule's parameter values as the score card shows them, built once where they are captured; int values come
    /// from a <see cref="ParameterValueCache"/> per parameter (one per parameter slot, shared by the rules that explain it).
    /// </summary>
    private Expression Explain(IReadOnlyList<ParameterSlot> slots)
    {
        if (slots.Count == 1 && slots[0].Value.Type == typeof(int))
            return Expression.Call(Expression.Constant(ValueCache(slots[0])), typeof(ParameterValueCache).GetMethod(nameof(ParameterValueCache.Single))!, slots[0].Value);
        return Expression.NewArrayInit(typeof(ParameterValue), slots.Select(s => s.Value.Type == typeof(int)
            ? (Expression)Expression.Call(Expression.Constant(ValueCache(s)), typeof(ParameterValueCache).GetMethod(nameof(ParameterValueCache.Of))!, s.Value)
            : Expression.New(typeof(ParameterValue).GetConstructor([typeof(string), typeof(object)])!, Expression.Constant(s.Name), Expression.Convert(s.Value, typeof(object)))));
    }

    private ParameterValueCache ValueCache(ParameterSlot slot) =>
        _valueCaches.TryGetValue(slot, out var cache) ? cache : _valueCaches[slot] = new ParameterValueCache(slot.Name);

    private static NewArrayExpression Capture(IEnumerable<ParameterSlot> slots) =>
        Expression.NewArrayInit(typeof(object), slots.Select(s => Expression.Convert(s.Value, typeof(object))));
}
