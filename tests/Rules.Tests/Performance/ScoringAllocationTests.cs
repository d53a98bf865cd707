using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Performance;

/// <summary>
/// What the fast path allocates, which is deterministic. Speed itself is measured by bench/Engine.Bench, never by a
/// timed test: a shared two-core machine makes a time assertion either flaky or meaningless.
/// </summary>
public class ScoringAllocationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_score_card_without_explanations_allocates_under_one_kilobyte_per_officer(bool fuse)
    {
        var workflow = Workflows.Compile(Workflows.OfficerMonthlyJson, new RuleCompilerOptions { FuseScans = fuse })["officer-monthly"];
        var officers = OfficerFactory.Generate(2_000, seed: 11);
        var period = OfficerFactory.June2024;
        var context = Workflows.July2024 with { Explain = false };
        var inputs = officers.Select(o => new object?[] { o, period }).ToArray();
        foreach (var input in inputs)
            workflow.Score(context, input);

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var input in inputs)
            workflow.Score(context, input);
        var perOfficer = (GC.GetAllocatedBytesForCurrentThread() - before) / inputs.Length;

        perOfficer.Should().BeLessThan(1024);
    }

    [Fact]
    public void A_score_card_without_explanations_for_a_fired_set_seen_before_allocates_nothing()
    {
        // The fixture's rules all score constant points, so each card is shared by the officers with its fired rules (ADR 0034).
        var workflow = Workflows.Compile(Workflows.OfficerMonthlyJson)["officer-monthly"];
        var period = OfficerFactory.June2024;
        var context = Workflows.July2024 with { Explain = false };
        var inputs = OfficerFactory.Generate(2_000, seed: 11).Select(o => new object?[] { o, period }).ToArray();
        foreach (var input in inputs)
            workflow.Score(context, input);

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var input in inputs)
            workflow.Score(context, input);

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void An_explained_count_of_one_rule_allocates_no_parameter_value()
    {
        // Rules that explain one int parameter share its value records and their one-element arrays.
        var json = """
            { "WorkflowName": "counted",
              "GlobalParams": [ { "Name": "lateCount", "Expression": "officer.Attendance.Count(a => a.Status == \"late\")" } ],
              "Rules": [ { "RuleName": "Late", "Expression": "true", "Properties": { "Points": -1, "Parameters": [ "lateCount" ] } } ] }
            """;
        var workflow = Workflows.Compile(json)["counted"];
        var inputs = OfficerFactory.Generate(300, seed: 2).Select(o => new object?[] { o, OfficerFactory.June2024 }).ToArray();
        var first = inputs.Select(input => workflow.Score(Workflows.July2024, input).FiredRules[0].Parameters).ToList();

        var again = inputs.Select(input => workflow.Score(Workflows.July2024, input).FiredRules[0].Parameters).ToList();

        again.Zip(first).Should().OnlyContain(pair => ReferenceEquals(pair.First, pair.Second));
        again.Select(p => (p[0].Name, p[0].Value)).Should().Equal(
            inputs.Select(input => ("lateCount", (object?)((Officer)input[0]!).Attendance.Count(a => a.Status == "late"))));
    }

    [Fact]
    public void An_explained_evidence_id_costs_little_more_than_its_text()
    {
        // Evidence over every enforcement record: what explaining it allocates beyond the unexplained score, per id.
        var json = """
            { "WorkflowName": "evidence", "Rules": [
              { "RuleName": "Enforcements", "Expression": "officer.Enforcements.Count > 0",
                "Properties": { "Points": 1, "Evidence": "officer.Enforcements.Where(e => e.Code != null)" } } ] }
            """;
        var workflow = Workflows.Compile(json)["evidence"];
        var officers = OfficerFactory.Generate(500, seed: 5);
        var inputs = officers.Select(o => new object?[] { o, OfficerFactory.June2024 }).ToArray();
        var ids = inputs.Sum(input => workflow.Score(Workflows.July2024, input).FiredRules.Sum(f => f.EvidenceIds.Count));
        long Allocated(EvaluationContext context)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var input in inputs)
                workflow.Score(context, input);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(Workflows.July2024 with { Explain = false });

        var perId = (Allocated(Workflows.July2024) - Allocated(Workflows.July2024 with { Explain = false })) / (double)ids;

        ids.Should().BeGreaterThan(10 * officers.Count);
        // The ids are the records' own strings, so what remains is the id list (~27 bytes an id); reading them by reflection
        // (a lower-cased property name per record) from a copy of the records made through Enumerable.Where cost ~70.
        perId.Should().BeLessThan(48, $"explaining cost {perId:F1} bytes per evidence id");
    }

    [Fact]
    public void A_sixty_rule_workflow_compiles_without_diagnostics()
    {
        var rules = string.Join(",\n", Enumerable.Range(0, 60).Select(i =>
            $$"""{ "RuleName": "R{{i}}", "Expression": "officer.Enforcements.Count(e => e.HasFootage && e.UploadDelayHours > {{i}}) > 1 && officer.DutyHours < {{100 + i}}" }"""));
        var name = $"sixty{Guid.NewGuid():N}";
        var json = $$"""{ "WorkflowName": "{{name}}", "Rules": [ {{rules}} ] }""";

        var workflow = Workflows.Compile(json)[name];

        workflow.Definition.Rules.Should().HaveCount(60);
    }
}
