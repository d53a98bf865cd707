using System.Globalization;
using AssessmentEngine.Domain;
using AssessmentEngine.Rules.Loading;
using AssessmentEngine.Rules.Model;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.RuleSets;

/// <summary>One field that differs; a null side means the thing is absent in that version.</summary>
public sealed record FieldChange(string Field, string? Old, string? New);

/// <summary>A rule present in both versions whose fields differ. Nested rules are named by their path, "Parent/Child".</summary>
public sealed record RuleChange(string Rule, IReadOnlyList<FieldChange> Fields);

/// <summary>What changed between two versions of a scheme, rule by rule.</summary>
public sealed record RuleSetDiff(
    string Scheme,
    int From,
    int To,
    IReadOnlyList<string> RulesAdded,
    IReadOnlyList<string> RulesRemoved,
    IReadOnlyList<RuleChange> RulesChanged,
    IReadOnlyList<FieldChange> ParamsChanged,
    IReadOnlyList<FieldChange> SchemeChanged)
{
    public bool IsEmpty => RulesAdded.Count + RulesRemoved.Count + RulesChanged.Count + ParamsChanged.Count + SchemeChanged.Count == 0;
}

/// <summary>The rule-level difference between two versions of a scheme (?from=1&amp;to=2).</summary>
[AllowedRoles(Role.Inspector, Role.Admin, Role.Leader, Role.Auditor)]
public sealed record DiffRuleSetVersions(string Scheme, int From, int To) : IRequest<RuleSetDiff>;

internal sealed class DiffRuleSetVersionsHandler(AssessmentDbContext db) : IRequestHandler<DiffRuleSetVersions, RuleSetDiff>
{
    private static readonly (string Field, Func<Rule, string?> Read)[] RuleFields =
    [
        ("Expression", r => r.Expression?.Text),
        ("Operator", r => r.Operator),
        ("Enabled", r => Text(r.Enabled)),
        ("ErrorMessage", r => r.ErrorMessage),
        ("SuccessEvent", r => r.SuccessEvent),
        ("LocalParams", r => r.LocalParams.Count == 0 ? null : string.Join("; ", r.LocalParams.Select(p => $"{p.Name} = {p.Expression.Text}"))),
        ("Title", r => r.Scoring?.Title),
        ("Category", r => r.Scoring?.Category),
        ("Points", r => r.Scoring?.Points is { } points ? Text(points) : r.Scoring?.PointsExpression?.Text),
        ("Cap", r => r.Scoring?.Cap is { } cap ? Text(cap) : null),
        ("Veto", r => Text(r.Scoring?.Veto ?? false)),
        ("Outcome", r => r.Scoring?.Outcome),
        ("Evidence", r => r.Scoring?.Evidence?.Text),
        ("Parameters", r => r.Scoring?.Parameters is { Count: > 0 } parameters ? string.Join(", ", parameters) : null),
    ];

    public async ValueTask<RuleSetDiff> Handle(DiffRuleSetVersions request, CancellationToken cancellationToken)
    {
        var from = Load(await db.FindAsync(request.Scheme, request.From, tracked: false, cancellationToken));
        var to = Load(await db.FindAsync(request.Scheme, request.To, tracked: false, cancellationToken));

        var oldRules = Flatten(from.Rules, prefix: null);
        var newRules = Flatten(to.Rules, prefix: null);
        var changed = new List<RuleChange>();
        foreach (var (name, oldRule) in oldRules)
        {
            if (!newRules.TryGetValue(name, out var newRule))
                continue;
            var fields = RuleFields.Select(f => new FieldChange(f.Field, f.Read(oldRule), f.Read(newRule)))
                .Where(f => !string.Equals(f.Old, f.New, StringComparison.Ordinal))
                .ToList();
            if (fields.Count > 0)
                changed.Add(new RuleChange(name, fields));
        }

        return new RuleSetDiff(
            request.Scheme,
            request.From,
            request.To,
            newRules.Keys.Where(n => !oldRules.ContainsKey(n)).ToList(),
            oldRules.Keys.Where(n => !newRules.ContainsKey(n)).ToList(),
            changed,
            Compare(from.GlobalParams.ToDictionary(p => p.Name, p => (string?)p.Expression.Text), to.GlobalParams.ToDictionary(p => p.Name, p => (string?)p.Expression.Text)),
            Compare(SchemeFields(from.Scheme), SchemeFields(to.Scheme)));
    }

    private static Workflow Load(Domain.Schemes.RuleSetVersion version)
    {
        var loaded = WorkflowLoader.Load(version.Content, version.FileName());
        return loaded.Workflows.Count == 1
            ? loaded.Workflows[0]
            : throw new DomainException("VersionDoesNotLoad", $"{version.FileName()} does not load as one workflow ({loaded.Diagnostics.Count} problem(s)); fix the file before comparing it.", version.SchemeName, version.Number, loaded.Diagnostics.Count);
    }

    /// <summary>Rules by name in file order, nested rules under their parent's path.</summary>
    private static Dictionary<string, Rule> Flatten(IEnumerable<Rule> rules, string? prefix)
    {
        var byName = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var name = prefix is null ? rule.RuleName : $"{prefix}/{rule.RuleName}";
            byName.TryAdd(name, rule);
            foreach (var (childName, child) in Flatten(rule.Rules, name))
                byName.TryAdd(childName, child);
        }
        return byName;
    }

    /// <summary>The Scheme block as named values: categories and grade bands are keyed by their names.</summary>
    private static Dictionary<string, string?> SchemeFields(Scheme? scheme)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (scheme is null)
            return fields;
        fields["Title"] = scheme.Title;
        fields["Population"] = scheme.Population;
        fields["Period"] = scheme.Period;
        fields["BaseScore"] = Text(scheme.BaseScore);
        fields["VetoScore"] = Text(scheme.VetoScore);
        fields["PeerGroup"] = string.Join(", ", scheme.PeerGroup);
        foreach (var category in scheme.Categories)
        {
            fields[$"Categories[{category.Name}]"] = "present";
            fields[$"Categories[{category.Name}].Title"] = category.Title;
            fields[$"Categories[{category.Name}].Cap"] = category.Cap is { } cap ? Text(cap) : null;
        }
        foreach (var grade in scheme.Grades)
            fields[$"Grades[{grade.Name}].Min"] = grade.Min is { } min ? Text(min) : "(none)";
        return fields;
    }

    private static List<FieldChange> Compare(Dictionary<string, string?> old, Dictionary<string, string?> @new) =>
        old.Keys.Union(@new.Keys)
            .Select(k => new FieldChange(k, old.GetValueOrDefault(k), @new.GetValueOrDefault(k)))
            .Where(f => !string.Equals(f.Old, f.New, StringComparison.Ordinal))
            .ToList();

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(bool value) => value ? "true" : "false";
}
