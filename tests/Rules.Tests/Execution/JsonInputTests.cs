using System.Text.Json;
using System.Text.Json.Nodes;
using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Execution;

public class JsonInputTests
{
    private const string Shape = """
        { "Code": "string", "At": "datetime", "HasFootage": "bool", "Amount": "number", "Fine": "decimal", "Points": "int?",
          "Items": [ { "Qty": "int", "Name": "string" } ], "Tags": [ "string" ] }
        """;

    private const string Document = """
        { "Code": "drunk", "At": "2024-06-05T23:00:00", "HasFootage": true, "Amount": 2.5, "Fine": 100.5, "Points": null,
          "Items": [ { "Qty": 1, "Name": "a" }, { "Qty": 3, "Name": "b" } ], "Tags": [ "x", "y" ] }
        """;

    private const string Rules = """
        { "WorkflowName": "w", "Rules": [
          { "RuleName": "Typed", "Expression": "event.Code == \"drunk\" && event.HasFootage && event.Amount > 2 && event.Fine >= 100.5" },
          { "RuleName": "Dates", "Expression": "event.At.Day == 5 && event.At < DateTime.Now" },
          { "RuleName": "Lists", "Expression": "event.Items.Any(i => i.Qty > 2) && event.Items.Sum(Qty) == 4 && event.Tags.Contains(\"y\")" },
          { "RuleName": "Nulls", "Expression": "event.Points == null && (event.Points ?? 7) == 7" } ] }
        """;

    [Fact]
    public void A_JSON_document_with_a_declared_shape_is_used_exactly_like_a_typed_input()
    {
        var set = Workflows.Compile(Rules, null, RuleInput.Json("event", JsonShape.Parse(Shape)));
        using var document = JsonDocument.Parse(Document);

        var fromElement = set["w"].Execute(Workflows.July2024, document.RootElement);
        var fromNode = set["w"].Execute(Workflows.July2024, JsonNode.Parse(Document));
        var fromText = set["w"].Execute(Workflows.July2024, Document);

        foreach (var results in new[] { fromElement, fromNode, fromText })
            results.Select(r => (r.Rule.RuleName, r.IsSuccess, r.ExceptionMessage)).Should().Equal(("Typed", true, null), ("Dates", true, null), ("Lists", true, null), ("Nulls", true, null));
    }

    [Fact]
    public void An_ErrorMessage_placeholder_reads_members_of_a_JSON_input()
    {
        const string rules = """
            { "WorkflowName": "w", "Rules": [
              { "RuleName": "NeedsFootage", "Expression": "event.HasFootage && event.Amount > 10",
                "ErrorMessage": "$(event.Code) at $(event.Amount) has footage $(event.HasFootage); item $(event.Missing) unknown" } ] }
            """;
        var set = Workflows.Compile(rules, null, RuleInput.Json("event", JsonShape.Parse(Shape)));
        using var document = JsonDocument.Parse(Document);

        foreach (var input in new object[] { document.RootElement, JsonNode.Parse(Document)!, Document })
        {
            var result = set["w"].Execute(Workflows.July2024, input).Single();
            result.IsSuccess.Should().BeFalse();
            result.ExceptionMessage.Should().Be("drunk at 2.5 has footage true; item $(event.Missing) unknown");
        }
    }

    [Fact]
    public void A_member_missing_from_the_declared_shape_is_a_load_error()
    {
        var diagnostics = new RuleEngine().Compile("""{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "event.Cod == \"x\"" } ] }""",
            "w.json", RuleInput.Json("event", JsonShape.Parse(Shape))).Diagnostics;

        diagnostics.Should().ContainSingle().Which.Message.Should().Be("unknown member 'Cod' on 'event' — did you mean 'Code'?");
    }

    [Fact]
    public void Without_a_declaration_the_shape_is_inferred_from_a_sample_document()
    {
        using var sample = JsonDocument.Parse(Document);
        var set = Workflows.Compile("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "event.Items.Count(i => i.Qty >= 1) == 2 && event.At.Month == 6 && event.Amount * 2 == 5" } ] }
            """, null, RuleInput.Json("event", JsonShape.Infer(sample.RootElement)));

        set["w"].Execute(Workflows.July2024, sample.RootElement).Single().IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void Declaring_the_same_shape_twice_gives_the_same_input_type_and_rule_set_version()
    {
        var engine = new RuleEngine();
        var first = engine.Compile(Rules, "a.json", RuleInput.Json("event", JsonShape.Parse(Shape)));
        var second = engine.Compile(Rules, "a.json", RuleInput.Json("event", JsonShape.Parse(Shape)));

        second.RuleSet.Should().BeSameAs(first.RuleSet);
        second.RuleSet!["w"].Execute(Workflows.July2024, Document).Should().OnlyContain(r => r.IsSuccess);
    }
}
