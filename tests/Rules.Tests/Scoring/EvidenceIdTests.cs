using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Scoring;

// Record shapes evidence can meet: a sealed type with an id, a base type whose subclasses may carry one, a struct,
// an id that may be missing, a lower-case id, no id at all.
public class Note
{
    public bool Open { get; init; }
}

public sealed class NumberedNote : Note
{
    public long Id { get; init; }
}

public readonly record struct Reading(int Id, bool High);

public sealed class Ticket
{
    public long? Id { get; init; }
    public bool Open { get; init; }
}

public sealed class LowerCase
{
#pragma warning disable IDE1006, SA1300 // A lower-case property name is the point of this record type.
    public string id { get; init; } = "";
#pragma warning restore IDE1006, SA1300
    public bool Open { get; init; }
}

public sealed class Anonymous
{
    public bool Open { get; init; }
}

public sealed class NoteList : List<Note>;

public sealed class Desk
{
    public NoteList Notes { get; init; } = [];
    public Reading[] Readings { get; init; } = [];
    public List<Ticket> Tickets { get; init; } = [];
    public List<LowerCase> Cards { get; init; } = [];
    public List<Anonymous> Slips { get; init; } = [];
    public List<Ticket>? Missing { get; init; }
}

/// <summary>
/// Evidence ids written by the compiled loop (a list or array, or Where over one) must read exactly as the ids the
/// generic path reads from materialised records (any other evidence expression, and the reference engine's records).
/// </summary>
public class EvidenceIdTests
{
    private static readonly RuleInput[] Inputs = [new("desk", typeof(Desk))];

    // Each rule twice: "Loop" as the compiled loop writes it, "Records" through Select (not a list, so materialised as records).
    private static readonly (string Name, string Loop, string Records)[] Evidence =
    [
        ("Notes", "desk.Notes.Where(n => n.Open)", "desk.Notes.Select(n => n).Where(n => n.Open)"),
        ("AllNotes", "desk.Notes", "desk.Notes.Select(n => n)"),
        ("Readings", "desk.Readings.Where(r => r.High)", "desk.Readings.Select(r => r).Where(r => r.High)"),
        ("Tickets", "desk.Tickets.Where(t => t.Open)", "desk.Tickets.Select(t => t).Where(t => t.Open)"),
        ("Cards", "desk.Cards.Where(c => c.Open)", "desk.Cards.Select(c => c).Where(c => c.Open)"),
        ("Slips", "desk.Slips", "desk.Slips.Select(s => s)"),
    ];

    private static string Scheme(Func<(string Name, string Loop, string Records), string> evidence) =>
        "{ \"WorkflowName\": \"desk\", \"Rules\": ["
        + string.Join(", ", Evidence.Select(e => $$"""{ "RuleName": "{{e.Name}}", "Expression": "true", "Properties": { "Points": 1, "Evidence": "{{evidence(e)}}" } }"""))
        + "] }";

    private static readonly Desk Sample = new()
    {
        Notes = [new Note { Open = true }, new NumberedNote { Id = 7, Open = true }, new NumberedNote { Id = 8 }, new NumberedNote { Id = 9, Open = true }],
        Readings = [new Reading(3, true), new Reading(4, false), new Reading(5, true)],
        Tickets = [new Ticket { Id = 11, Open = true }, new Ticket { Id = null, Open = true }, new Ticket { Id = 13, Open = false }, new Ticket { Id = 14, Open = true }],
        Cards = [new LowerCase { id = "A", Open = true }, new LowerCase { id = "B", Open = true }],
        Slips = [new Anonymous(), new Anonymous()],
    };

    private static Dictionary<string, IReadOnlyList<string>> IdsOf(string scheme)
    {
        var card = Workflows.Compile(scheme, null, Inputs)["desk"].Score(Workflows.July2024, Sample);
        card.Faults.Should().BeEmpty();
        return card.FiredRules.ToDictionary(f => f.RuleName, f => f.EvidenceIds);
    }

    [Fact]
    public void The_compiled_evidence_loop_gives_the_ids_the_records_give()
    {
        var loop = IdsOf(Scheme(e => e.Loop));
        var records = IdsOf(Scheme(e => e.Records));

        loop["Notes"].Should().Equal("#0", "7", "9");
        loop["AllNotes"].Should().Equal("#0", "7", "8", "9");
        loop["Readings"].Should().Equal("3", "5");
        loop["Tickets"].Should().Equal("11", "#1", "14");
        loop["Cards"].Should().Equal("A", "B");
        loop["Slips"].Should().Equal("#0", "#1");
        foreach (var (name, ids) in loop)
            records[name].Should().Equal(ids, $"rule {name}");
    }

    [Fact]
    public void Evidence_over_a_missing_list_faults_its_rule_as_Enumerable_would()
    {
        var scheme = """{ "WorkflowName": "desk", "Rules": [ { "RuleName": "R", "Expression": "true", "Properties": { "Points": 1, "Evidence": "desk.Missing.Where(t => t.Open)" } } ] }""";
        var records = scheme.Replace("desk.Missing.Where", "desk.Missing.Select(t => t).Where", StringComparison.Ordinal);

        var loop = Workflows.Compile(scheme, null, Inputs)["desk"].Score(Workflows.July2024, Sample);
        var reference = Workflows.Compile(records, null, Inputs)["desk"].Score(Workflows.July2024, Sample);

        loop.Faults.Should().ContainSingle().Which.Message.Should().Contain("Value cannot be null. (Parameter 'source')");
        loop.Faults.Should().Equal(reference.Faults);
    }

    [Fact]
    public void Without_explanations_no_evidence_is_read()
    {
        var card = Workflows.Compile(Scheme(e => e.Loop), null, Inputs)["desk"].Score(Workflows.July2024 with { Explain = false }, Sample);

        card.FiredRules.Should().HaveCount(Evidence.Length).And.OnlyContain(f => f.EvidenceIds.Count == 0);
    }

    [Fact]
    public void Aggregates_over_a_class_derived_from_a_list_read_every_element_fused_or_not()
    {
        var scheme = """
            { "WorkflowName": "desk", "Rules": [
              { "RuleName": "Open", "Expression": "desk.Notes.Count(n => n.Open) == 3 && desk.Notes.Any(n => !n.Open) && desk.Notes.All(n => n != null)" } ] }
            """;
        foreach (var fuse in new[] { true, false })
        {
            var workflow = Workflows.Compile(scheme, new RuleCompilerOptions { FuseScans = fuse }, Inputs)["desk"];
            workflow.Execute(Workflows.July2024, Sample).Single().IsSuccess.Should().BeTrue($"fusion {(fuse ? "on" : "off")}");
        }
    }
}
