using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AssessmentEngine.Rules.Compilation;
using AssessmentEngine.Rules.Execution;
using AssessmentEngine.Rules.Model;

namespace AssessmentEngine.Rules;

/// <summary>
/// Turns the rule outcomes of one evaluation into a score: rule caps, category caps, veto, grade. Decimal arithmetic in
/// workflow order. Everything that does not depend on the subject is prepared once per workflow, so a score card
/// allocates little more than its own records.
/// </summary>
internal sealed class ScoreCalculator
{
    private readonly CompiledWorkflow _workflow;
    private readonly RuleNode[] _rules;
    private readonly int[] _slots;
    private readonly bool[] _hasPointsExpression;
    private readonly Scheme? _scheme;
    private readonly ScoreCategory[] _categories;
    private readonly int[] _categoryOf;
    private readonly CategoryScore[] _zeroScores;
    private readonly GradeBand[] _grades;

    // Without explanations, a rule with constant points fires the same way for everyone: one shared record.
    private readonly FiredRule?[] _constantFired;

    // The points of each constant-points rule as a long when they are a whole number (scale 0, at most 32 bits), else 0.
    private readonly long[] _wholePoints;

    // Shared category subtotal records for whole-number subtotals in (-CachedRange, CachedRange), filled on first use.
    private const int CachedRange = 128;
    private readonly CategoryScore?[][] _categoryScores;
    private readonly bool[] _compileError;
    private readonly bool _directSlots;
    private readonly decimal _baseScore;
    private readonly decimal _vetoScore;
    private readonly int _decimals;

    public ScoreCalculator(CompiledWorkflow workflow, IReadOnlyList<RuleNode> rules)
    {
        _workflow = workflow;
        _rules = [.. rules];
        _slots = rules.Select(r => r.Index).ToArray();
        _hasPointsExpression = rules.Select(r => r.Rule.Scoring?.PointsExpression is not null).ToArray();
        _scheme = workflow.Definition.Scheme;
        _decimals = _scheme?.Decimals ?? Scheme.DefaultPrecision;
        var categories = new List<ScoreCategory>(_scheme?.Categories ?? []);
        foreach (var name in rules.Select(r => r.Rule.Scoring?.Category ?? "").Where(n => n.Length > 0))
            if (!categories.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal)))
                categories.Add(new ScoreCategory(name, null, null));
        if (rules.Any(r => r.Rule.Scoring?.Category is null))
            categories.Add(new ScoreCategory("", null, null));
        _categories = [.. categories];
        _categoryOf = rules.Select(r => categories.FindIndex(c => c.Name == (r.Rule.Scoring?.Category ?? ""))).ToArray();
        _zeroScores = _categories.Select(c => new CategoryScore(c.Name, c.Title, 0m, c.Cap, 0m)).ToArray();
        _grades = [.. (_scheme?.Grades ?? []).OrderByDescending(g => g.Min ?? decimal.MinValue)];
        _constantFired = rules.Select(r => r.Rule.Scoring?.PointsExpression is null ? Fired(r, r.Rule.Scoring?.Points ?? 0m, [], [], _decimals) : null).ToArray();
        _wholePoints = _constantFired.Select(r => r is null ? 0 : WholeOf(r.Points) ?? 0).ToArray();
        _categoryScores = _categories.Select(_ => new CategoryScore?[2 * CachedRange]).ToArray();
        _compileError = rules.Select(r => r.CompileError is not null).ToArray();
        _directSlots = _slots.Select((slot, i) => slot == i).All(same => same) && !_compileError.Contains(true);
        _baseScore = _scheme?.BaseScore ?? 0m;
        _vetoScore = _scheme?.VetoScore ?? 0m;
        // Without explanations and faults, a card whose fired rules all score constant points depends on nothing but
        // which rules fired: such cards are shared by every subject with the same set (ADR 0034).
        if (_directSlots && _rules.Length <= 64 && _slots.Length == workflow.SlotCount && Vector256.IsHardwareAccelerated)
        {
            _cards = new CardTable();
            for (var i = 0; i < _rules.Length; i++)
                if (_hasPointsExpression[i])
                    _computedPoints |= 1UL << i;
        }
    }

    private readonly CardTable? _cards;

    // The rules whose points are computed per subject (a Points expression): a card with any of them fired is not shared.
    private readonly ulong _computedPoints;

    public ScoreCard Calculate(RuleRun run)
    {
        if (run.Explain || _cards is null)
            return Compute(run);
        var (key, faulted) = FiredSet(run.States);
        if (faulted || (key & _computedPoints) != 0)
            return Compute(run);
        if (_cards.Find(key) is { } shared)
            return shared;
        var card = Compute(run);
        _cards.Add(key, card);
        return card;
    }

    /// <summary>The rules that fired as bits by workflow position, and whether any faulted (top-level rules in slots 0..63 only).</summary>
    private static (ulong Fired, bool Faulted) FiredSet(byte[] states)
    {
        ulong fired = 0, faulted = 0;
        ref var first = ref MemoryMarshal.GetArrayDataReference(states);
        for (var block = 0; block < states.Length; block += RuleRun.StateBlock)
        {
            var vector = Vector256.LoadUnsafe(ref first, (nuint)block);
            fired |= (ulong)Vector256.Equals(vector, Vector256.Create((byte)RuleState.Success)).ExtractMostSignificantBits() << block;
            faulted |= (ulong)Vector256.Equals(vector, Vector256.Create((byte)RuleState.Fault)).ExtractMostSignificantBits() << block;
        }
        return (fired, faulted != 0);
    }

    private ScoreCard Compute(RuleRun run)
    {
        // One pass finds the rules that fired or faulted (a few of the 25); the second pass looks only at those.
        var states = run.States;
        var ruleCount = _rules.Length;
        Span<int> hits = ruleCount <= 256 ? stackalloc int[ruleCount] : new int[ruleCount];
        int hitCount = 0, firedCount = 0;
        if (_directSlots && ruleCount <= 64 && states.Length >= RuleRun.StateBlock * ((ruleCount + RuleRun.StateBlock - 1) / RuleRun.StateBlock) && Vector256.IsHardwareAccelerated)
        {
            // Top-level rules own slots 0..n-1 and none failed to compile: one vector compare per 32 rules marks the rules
            // that fired or faulted (states are padded to whole blocks of 32, NotEvaluated beyond the last rule).
            ulong marked = 0;
            ref var first = ref MemoryMarshal.GetArrayDataReference(states);
            for (var block = 0; block < ruleCount; block += RuleRun.StateBlock)
            {
                var vector = Vector256.LoadUnsafe(ref first, (nuint)block);
                var hit = Vector256.Equals(vector, Vector256.Create((byte)RuleState.Success)) | Vector256.Equals(vector, Vector256.Create((byte)RuleState.Fault));
                marked |= (ulong)hit.ExtractMostSignificantBits() << block;
            }
            while (marked != 0)
            {
                var i = BitOperations.TrailingZeroCount(marked);
                marked &= marked - 1;
                hits[hitCount++] = i;
                if ((RuleState)states[i] == RuleState.Success)
                    firedCount++;
            }
        }
        else if (_directSlots)
        {
            // Top-level rules own slots 0..n-1 and none failed to compile: skip the passed rules with a vector search.
            var span = states.AsSpan(0, ruleCount);
            for (var i = span.IndexOfAnyExcept((byte)RuleState.Failure, (byte)RuleState.NotEvaluated); i >= 0;)
            {
                hits[hitCount++] = i;
                if ((RuleState)span[i] == RuleState.Success)
                    firedCount++;
                var next = span[(i + 1)..].IndexOfAnyExcept((byte)RuleState.Failure, (byte)RuleState.NotEvaluated);
                i = next < 0 ? -1 : i + 1 + next;
            }
        }
        else
        {
            for (var i = 0; i < ruleCount; i++)
            {
                var state = (RuleState)states[_slots[i]];
                if (_compileError[i] || state == RuleState.Fault)
                {
                    hits[hitCount++] = i;
                }
                else if (state == RuleState.Success)
                {
                    hits[hitCount++] = i;
                    firedCount++;
                }
            }
        }

        var fired = firedCount == 0 ? [] : new FiredRule[firedCount];
        var faults = hitCount == firedCount ? [] : new RuleFault[hitCount - firedCount];
        var categoryCount = _categories.Length;
        // Whole-number points (the usual kind) are summed as longs; a category's decimal subtotal starts only at its
        // first fraction, from the whole sum so far. Decimal addition is exact here, so the subtotal is the same number
        // with the same scale as adding every point as a decimal in workflow order.
        Span<long> whole = categoryCount <= 64 ? stackalloc long[categoryCount] : new long[categoryCount];
        Span<decimal> raw = categoryCount <= 64 ? stackalloc decimal[categoryCount] : new decimal[categoryCount];
        Span<byte> touched = categoryCount <= 64 ? stackalloc byte[categoryCount] : new byte[categoryCount];
        var vetoed = false;
        var hasOutcome = false;
        int f = 0, x = 0;
        foreach (var i in hits[..hitCount])
        {
            var node = _rules[i];
            if (node.CompileError is not null)
            {
                faults[x++] = new RuleFault(node.Rule.RuleName, node.CompileError);
                continue;
            }
            var slot = _slots[i];
            if ((RuleState)states[slot] == RuleState.Fault)
            {
                faults[x++] = new RuleFault(node.Rule.RuleName, $"Error while executing rule : {node.Rule.RuleName} - {run.Faults[slot]?.Message}");
                continue;
            }

            var values = run.Explain ? run.Explained[slot] : null;
            var evidence = run.Explain ? run.Evidence[slot] : null;
            var ids = run.Explain ? run.EvidenceIds[slot] : null;
            var record = values is null && evidence is null && ids is null && _constantFired[i] is { } shared
                ? shared
                : Fired(node, _hasPointsExpression[i] ? run.Points[slot] : node.Rule.Scoring?.Points ?? 0m, Explain(node, values), ids ?? (evidence is null ? [] : CompiledWorkflow.EvidenceIds(evidence)), _decimals);
            fired[f++] = record;
            vetoed |= record.Veto;
            hasOutcome |= record.Outcome is not null;
            var c = _categoryOf[i];
            if (_wholePoints[i] is var points and not 0)
            {
                if (touched[c] == Fraction)
                    raw[c] += record.Points;
                else
                    (whole[c], touched[c]) = (whole[c] + points, Whole);
            }
            else if (record.Points != 0m)
            {
                if (WholeOf(record.Points) is { } units && touched[c] != Fraction)
                {
                    (whole[c], touched[c]) = (whole[c] + units, Whole);
                }
                else
                {
                    raw[c] = touched[c] == Fraction ? raw[c] + record.Points : whole[c] + record.Points;
                    touched[c] = Fraction;
                }
            }
        }

        var categories = new CategoryScore[categoryCount];
        var sum = 0m;
        for (var c = 0; c < categoryCount; c++)
        {
            if (touched[c] == Untouched)
            {
                categories[c] = _zeroScores[c];
                continue;
            }
            var score = touched[c] == Whole ? CategoryScoreOf(c, whole[c]) : CategoryScoreOf(c, raw[c]);
            sum += score.Capped;
            categories[c] = score;
        }

        var total = vetoed ? _vetoScore : _baseScore + sum;
        return new ScoreCard
        {
            Workflow = _workflow.Name,
            VersionHash = _workflow.VersionHash,
            BaseScore = _baseScore,
            Total = total,
            Grade = Grade(total),
            Vetoed = vetoed,
            BarredFromCommendations = vetoed,
            Categories = categories,
            FiredRules = fired,
            Outcomes = hasOutcome ? Outcomes(fired, vetoed) : [],
            Faults = faults,
        };
    }

    private const byte Untouched = 0;
    private const byte Whole = 1;
    private const byte Fraction = 2;

    /// <summary>A rounded point value with no decimal places (scale 0) as a long, else null.</summary>
    private static long? WholeOf(decimal points)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(points, bits);
        // At most 32 bits, so the sum of any number of rules' points fits a long.
        if (points.Scale != 0 || bits[2] != 0 || bits[1] != 0)
            return null;
        var magnitude = (long)(uint)bits[0];
        return bits[3] < 0 ? -magnitude : magnitude;
    }

    /// <summary>A whole-number subtotal: the shared record when it is in the cached range, else the decimal path.</summary>
    private CategoryScore CategoryScoreOf(int category, long raw)
    {
        if (raw is <= -CachedRange or >= CachedRange or 0)
            return CategoryScoreOf(category, (decimal)raw);
        var cache = _categoryScores[category];
        var index = (int)raw + CachedRange;
        var score = Volatile.Read(ref cache[index]);
        if (score is null)
        {
            var definition = _categories[category];
            var subtotal = (decimal)raw;
            score = new CategoryScore(definition.Name, definition.Title, subtotal, definition.Cap, ApplyCap(subtotal, definition.Cap));
            Volatile.Write(ref cache[index], score);
        }
        return score;
    }

    /// <summary>
    /// A category's subtotal. Whole-number subtotals in a small range recur from officer to officer, so their records
    /// are made once per workflow and shared (they are immutable); other subtotals get a record of their own.
    /// </summary>
    private CategoryScore CategoryScoreOf(int category, decimal raw)
    {
        var definition = _categories[category];
        // A whole number in (-CachedRange, CachedRange) other than 0, read from the decimal's parts (comparing decimals costs more).
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(raw, bits);
        var magnitude = (uint)bits[0];
        if (raw.Scale != 0 || bits[1] != 0 || bits[2] != 0 || magnitude == 0 || magnitude >= CachedRange)
            return new CategoryScore(definition.Name, definition.Title, raw, definition.Cap, ApplyCap(raw, definition.Cap));
        var cache = _categoryScores[category];
        var index = (bits[3] < 0 ? -(int)magnitude : (int)magnitude) + CachedRange;
        var score = Volatile.Read(ref cache[index]);
        if (score is null)
        {
            score = new CategoryScore(definition.Name, definition.Title, raw, definition.Cap, ApplyCap(raw, definition.Cap));
            Volatile.Write(ref cache[index], score);
        }
        return score;
    }

    /// <summary>The explanation of one fired rule, for RulesEngine-shaped results.</summary>
    public static FiredRule Explain(RuleNode node, RuleRun run, int decimals)
    {
        var slot = node.Index;
        var points = node.Rule.Scoring?.PointsExpression is not null ? run.Points[slot] : node.Rule.Scoring?.Points ?? 0m;
        return Fired(node, points, Explain(node, run.Explained[slot]), run.EvidenceIds[slot] ?? (run.Evidence[slot] is { } evidence ? CompiledWorkflow.EvidenceIds(evidence) : []), decimals);
    }

    private static IReadOnlyList<ParameterValue> Explain(RuleNode node, object?[]? values)
    {
        if (values is null)
            return [];
        if (values is ParameterValue[] named)
            return named;
        var explained = new ParameterValue[values.Length];
        for (var v = 0; v < values.Length; v++)
            explained[v] = new ParameterValue(node.Explained[v].Name, values[v]);
        return explained;
    }

    private static FiredRule Fired(RuleNode node, decimal unrounded, IReadOnlyList<ParameterValue> parameters, IReadOnlyList<string> evidenceIds, int decimals)
    {
        var scoring = node.Rule.Scoring;
        // Rounded once, here: every sum after it is exact, and both engines compare the same numbers.
        var rawPoints = Math.Round(unrounded, decimals, MidpointRounding.AwayFromZero);
        var points = rawPoints;
        if (scoring?.Cap is { } cap)
            points = rawPoints < 0 ? Math.Max(rawPoints, -Math.Abs(cap)) : Math.Min(rawPoints, Math.Abs(cap));
        return new FiredRule
        {
            RuleName = node.Rule.RuleName,
            Title = scoring?.Title,
            Category = scoring?.Category,
            RawPoints = rawPoints,
            Points = points,
            Veto = scoring?.Veto == true,
            Outcome = scoring?.Outcome,
            Parameters = parameters,
            EvidenceIds = evidenceIds,
        };
    }

    private static string[] Outcomes(FiredRule[] fired, bool vetoed) =>
        fired.Where(r => r.Outcome is not null && !(vetoed && r.Outcome.StartsWith("Commendation", StringComparison.OrdinalIgnoreCase))).Select(r => r.Outcome!).ToArray();

    private static decimal ApplyCap(decimal raw, decimal? cap) => cap switch
    {
        null => raw,
        < 0 => Math.Max(raw, cap.Value),
        _ => Math.Min(raw, cap.Value),
    };

    private string? Grade(decimal total)
    {
        foreach (var grade in _grades)
            if (grade.Min is null || total >= grade.Min)
                return grade.Name;
        return null;
    }
}
