using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Scoring;

/// <summary>How often a test's records were read; one per test, so tests running in parallel do not share it.</summary>
public sealed class ReadTally
{
    public int Reads { get; set; }
}

public sealed class Visit(ReadTally tally, long id, bool open, bool broken = false)
{
    public long Id { get; } = id;

    public bool Open
    {
        get
        {
            tally.Reads++;
            return broken ? throw new InvalidOperationException($"visit {Id} cannot be read") : open;
        }
    }
}

public sealed class VisitLog
{
    public List<Visit> Visits { get; init; } = [];
}

/// <summary>
/// Evidence that selects what a global Count parameter counts (the same text with Where for Count) is collected by a
/// loop that stops at the last counted record instead of reading the whole list a second time.
/// </summary>
public class CountedEvidenceTests
{
    private static readonly RuleInput[] Inputs = [new("log", typeof(VisitLog))];

    private const string Scheme = """
        { "WorkflowName": "visits",
          "GlobalParams": [ { "Name": "openCount", "Expression": "log.Visits.Count(v => v.Open)" } ],
          "Rules": [
            { "RuleName": "Open", "Expression": "openCount > 0",
              "Properties": { "Points": "-1 * openCount", "Evidence": "log.Visits.Where(v => v.Open)", "Parameters": [ "openCount" ] } } ] }
        """;

    /// <summary>Scores once without explanations, then with them; returns the records the first read, leaving the tally at the second's.</summary>
    private static (int Unexplained, ScoreCard Card) ScoreWithoutThenWithExplanations(CompiledWorkflow workflow, ReadTally tally, VisitLog log)
    {
        workflow.Score(Workflows.July2024 with { Explain = false }, log);
        var unexplained = tally.Reads;
        tally.Reads = 0;
        return (unexplained, workflow.Score(Workflows.July2024, log));
    }

    private static VisitLog Log(ReadTally tally, params bool[] open) =>
        new() { Visits = [.. open.Select((o, i) => new Visit(tally, i + 1, o))] };

    [Fact]
    public void The_evidence_loop_stops_at_the_last_counted_record_and_gives_the_same_ids()
    {
        var workflow = Workflows.Compile(Scheme, null, Inputs)["visits"];
        var tally = new ReadTally();
        var log = Log(tally, true, false, true, false, false, false, false, false);

        var (unexplained, card) = ScoreWithoutThenWithExplanations(workflow, tally, log);

        card.FiredRules.Should().ContainSingle().Which.EvidenceIds.Should().Equal("1", "3");
        card.FiredRules[0].Parameters.Should().Equal(new ParameterValue("openCount", 2));
        card.Total.Should().Be(-2m);
        // The count read all eight records; the evidence only the first three (up to the second open visit), not eight again.
        unexplained.Should().Be(8);
        (tally.Reads - unexplained).Should().Be(3);
    }

    [Fact]
    public void Evidence_that_a_parameter_does_not_count_still_reads_the_whole_list()
    {
        var other = Scheme.Replace("\"Evidence\": \"log.Visits.Where(v => v.Open)\"", "\"Evidence\": \"log.Visits.Where(v => !v.Open)\"", StringComparison.Ordinal);
        var workflow = Workflows.Compile(other, null, Inputs)["visits"];
        var tally = new ReadTally();
        var log = Log(tally, true, false, true, false);

        var card = workflow.Score(Workflows.July2024, log);

        card.FiredRules.Should().ContainSingle().Which.EvidenceIds.Should().Equal("2", "4");
        tally.Reads.Should().Be(8);
    }

    [Fact]
    public void A_faulted_count_leaves_the_evidence_loop_to_fault_its_rule_as_before()
    {
        // The rule does not read the count, so only its evidence loop meets the record that cannot be read.
        var scheme = Scheme.Replace("\"Expression\": \"openCount > 0\"", "\"Expression\": \"true\"", StringComparison.Ordinal)
            .Replace("\"Points\": \"-1 * openCount\"", "\"Points\": -1", StringComparison.Ordinal)
            .Replace("\"Parameters\": [ \"openCount\" ]", "\"Parameters\": [ ]", StringComparison.Ordinal);
        var workflow = Workflows.Compile(scheme, null, Inputs)["visits"];
        var tally = new ReadTally();
        var log = new VisitLog { Visits = [new Visit(tally, 1, true), new Visit(tally, 2, true, broken: true)] };

        var card = workflow.Score(Workflows.July2024, log);

        card.FiredRules.Should().BeEmpty();
        card.Faults.Should().ContainSingle().Which.Message.Should().Contain("visit 2 cannot be read");
    }

    // A second aggregate over the same list, so the two are fused into one scan (ScanFusion needs two or more).
    private static readonly string FusedScheme = Scheme.Replace(
        "\"GlobalParams\": [ ",
        "\"GlobalParams\": [ { \"Name\": \"numbered\", \"Expression\": \"log.Visits.Count(v => v.Id > 0)\" }, ",
        StringComparison.Ordinal);

    [Fact]
    public void A_fused_scan_collects_the_counted_records_so_the_evidence_reads_none_again()
    {
        var workflow = Workflows.Compile(FusedScheme, null, Inputs)["visits"];
        var tally = new ReadTally();
        var log = Log(tally, true, false, true, false, false, false, false, false);

        var (unexplained, card) = ScoreWithoutThenWithExplanations(workflow, tally, log);

        workflow.FusedLoops.Should().Be(1);
        card.FiredRules.Should().ContainSingle().Which.EvidenceIds.Should().Equal("1", "3");
        card.FiredRules[0].Parameters.Should().Equal(new ParameterValue("openCount", 2));
        unexplained.Should().Be(8);
        tally.Reads.Should().Be(unexplained);
    }

    [Fact]
    public void Collected_evidence_gives_the_ids_the_unfused_engine_gives()
    {
        var fused = Workflows.Compile(FusedScheme, null, Inputs)["visits"];
        var unfused = Workflows.Compile(FusedScheme, new RuleCompilerOptions { FuseScans = false }, Inputs)["visits"];
        var random = new Random(7);
        for (var n = 0; n < 200; n++)
        {
            var log = Log(new ReadTally(), [.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(3) == 0)]);

            var collected = fused.Score(Workflows.July2024, log);
            var selected = unfused.Score(Workflows.July2024, log);

            collected.FiredRules.Select(r => r.EvidenceIds).Should().BeEquivalentTo(selected.FiredRules.Select(r => r.EvidenceIds), o => o.WithStrictOrdering());
            collected.Total.Should().Be(selected.Total);
        }
    }

    [Fact]
    public void A_fused_scan_that_faults_leaves_the_evidence_to_its_own_loop()
    {
        var workflow = Workflows.Compile(FusedScheme, null, Inputs)["visits"];
        var tally = new ReadTally();
        var log = new VisitLog { Visits = [new Visit(tally, 1, true), new Visit(tally, 2, true, broken: true)] };

        var card = workflow.Score(Workflows.July2024, log);

        // The count faults, so its rule faults as it does without fusion; no evidence is read from a half-made scan.
        card.FiredRules.Should().BeEmpty();
        card.Faults.Should().ContainSingle().Which.Message.Should().Contain("visit 2 cannot be read");
    }
}
