using System.Text.Json;
using AssessmentEngine.Web.Cli;
using AssessmentEngine.Web.Tests.Schemes;

namespace AssessmentEngine.Web.Tests.Cli;

public sealed class RulesCommandTests : IDisposable
{
    private const string Period = """{ "Start": "2026-10-01T00:00:00", "End": "2026-11-01T00:00:00", "Year": 2026, "Month": 10, "Quarter": 4, "Key": "2026-10", "WorkingDays": 22 }""";

    private const string Officer = """
        { "Id": "110001", "Name": "张警官", "Kind": "民警", "PostType": "road", "SquadId": "S1", "BrigadeId": "B1",
          "Attendance": [ { "Id": 1, "Day": "2026-10-09T00:00:00", "Status": "late", "MinutesLate": 12 } ],
          "Enforcements": [ { "Id": 11, "Code": "speeding", "At": "2026-10-05T10:00:00", "HasFootage": false, "PenaltyIssued": true } ],
          "Cases": [ { "Id": 21, "Kind": "admin", "AcceptedAt": "2026-10-01T09:00:00", "DeadlineAt": "2026-10-16T09:00:00", "ClosedAt": null } ] }
        """;

    private const string SeveralErrors = """
        { "WorkflowName": "broken",
          "Scheme": { "Title": "试验", "Population": "Officer", "Period": "Monthly" },
          "Rules": [
            { "RuleName": "Typo", "Expression": "officer.Enforcments.Count > 0", "Properties": { "Title": "拼写", "Points": -1 } },
            { "RuleName": "Syntax", "Expression": "officer.Cases.Count(c => c.ClosedAt == null &&) > 0", "Properties": { "Title": "语法", "Points": -1 } },
            { "RuleName": "BadPoints", "Expression": "true", "Properties": { "Title": "分值", "Points": "officer.Name * 2" } }
          ] }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("rules-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int ExitCode, string[] Lines) Run(params string[] words)
    {
        using var output = new StringWriter();
        var exitCode = RulesCommand.Run(new CommandArguments(words), output);
        return (exitCode, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Validating_the_shipped_schemes_prints_only_the_summary_and_exits_0()
    {
        var files = new[] { "officer-monthly.json", "auxiliary-monthly.json", "squad-monthly.json", "outcomes-monthly.json", "backlog-quarterly.json" }
            .Select(name => Write(name, ShippedSchemeFiles.Content(name))).ToArray();

        var (exitCode, lines) = Run(["validate", .. files]);

        exitCode.Should().Be(0);
        lines.Should().Equal("5 file(s) checked, 0 with errors: 0 error(s), 0 warning(s)");
    }

    [Fact]
    public void Validating_a_file_with_several_errors_reports_every_one_with_its_place_and_exits_1()
    {
        var broken = Write("broken.json", SeveralErrors);

        var (exitCode, lines) = Run("validate", broken);

        exitCode.Should().Be(1);
        lines.Should().HaveCount(4);
        lines[0].Should().Be($"{broken}(4,50): error RE0201: broken / Typo: unknown member 'Enforcments' on 'OfficerMonth' — did you mean 'Enforcements'? at column 9 of `officer.Enforcments.Count > 0`");
        lines[1].Should().StartWith($"{broken}(5,").And.Contain("error RE0100: broken / Syntax:").And.EndWith("at column 47 of `officer.Cases.Count(c => c.ClosedAt == null &&) > 0`");
        lines[2].Should().Contain("error RE0203: broken / BadPoints:").And.Contain("at column 14 of `officer.Name * 2`");
        lines[3].Should().Be("1 file(s) checked, 1 with errors: 3 error(s), 0 warning(s)");
    }

    [Fact]
    public void Validating_a_missing_file_is_an_error_and_the_other_files_are_still_checked()
    {
        var good = Write("squad-monthly.json", ShippedSchemeFiles.Content("squad-monthly.json"));

        var (exitCode, lines) = Run("validate", Path.Combine(_directory, "missing.json"), good);

        exitCode.Should().Be(1);
        lines.Should().Equal($"{Path.Combine(_directory, "missing.json")}: error RE0002: file not found", "2 file(s) checked, 1 with errors: 1 error(s), 0 warning(s)");
    }

    [Fact]
    public void Evaluating_a_scheme_prints_a_line_per_rule_and_then_the_score_card()
    {
        var scheme = Write("officer-monthly.json", ShippedSchemeFiles.Content("officer-monthly.json"));
        var officer = Write("officer.json", Officer);
        var period = Write("period.json", Period);

        var (exitCode, lines) = Run("eval", scheme, "--input", $"officer={officer}", "--input", $"period={period}", "--now", "2026-10-31T23:59:59+08:00");

        exitCode.Should().Be(0);
        var rules = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement).ToList();
        rules.Should().HaveCount(25);
        var fired = rules.Where(r => r.GetProperty("success").GetBoolean()).Select(r => (r.GetProperty("rule").GetString(), r.GetProperty("points").GetDecimal()));
        // 1 late day −1; coverage 0 % → −47.5 capped −10; a penalty without footage −5; case 21 overdue −3: 100 − 19 = 81
        fired.Should().Equal(("LateOrEarlyLeave", -1m), ("BodycamCoverageBelow95", -10m), ("PenaltyWithoutFootage", -5m), ("OverdueCase", -3m));
        var card = JsonDocument.Parse(lines[^1]).RootElement;
        card.GetProperty("scoreCard").GetString().Should().Be("officer-monthly");
        card.GetProperty("total").GetDecimal().Should().Be(81m);
        card.GetProperty("grade").GetString().Should().Be("合格");
        card.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()).Should().Equal("Warning");
    }

    [Fact]
    public void Evaluating_one_rule_prints_only_that_rule_and_now_defaults_to_the_end_of_the_period()
    {
        var scheme = Write("officer-monthly.json", ShippedSchemeFiles.Content("officer-monthly.json"));

        var (exitCode, lines) = Run("eval", scheme, "--input", $"officer={Write("officer.json", Officer)}", "--input", $"period={Write("period.json", Period)}", "--rule", "OverdueCase");

        exitCode.Should().Be(0);
        lines.Should().Equal("""{"rule":"OverdueCase","success":true,"message":null,"output":null,"points":-3}""");
    }

    [Fact]
    public void Evaluating_a_plain_workflow_infers_the_shape_of_its_JSON_input_and_prints_outputs()
    {
        var workflow = Write("plain.json", """
            { "WorkflowName": "plain", "Rules": [
              { "RuleName": "Big", "Expression": "order.Items.Sum(i => i.Qty) > 2",
                "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "order.Items.Count" } } } },
              { "RuleName": "Express", "Expression": "order.Express", "ErrorMessage": "not an express order" } ] }
            """);
        var order = Write("order.json", """{ "Id": "A1", "Express": false, "Items": [ { "Qty": 2 }, { "Qty": 3 } ] }""");

        var (exitCode, lines) = Run("eval", workflow, "--input", $"order={order}", "--now", "2026-10-31T23:59:59+08:00");

        exitCode.Should().Be(0);
        lines.Should().Equal(
            """{"rule":"Big","success":true,"message":null,"output":2,"points":null}""",
            """{"rule":"Express","success":false,"message":"not an express order","output":null,"points":null}""");
    }

    [Fact]
    public void Evaluating_a_file_of_several_workflows_runs_the_one_named_by_workflow()
    {
        var workflows = Write("two.json", """
            [ { "WorkflowName": "first", "Rules": [ { "RuleName": "A", "Expression": "order.Qty > 1" } ] },
              { "WorkflowName": "second", "Rules": [ { "RuleName": "B", "Expression": "order.Qty > 5" } ] } ]
            """);
        var order = Write("order.json", """{ "Qty": 3 }""");

        var (_, first) = Run("eval", workflows, "--input", $"order={order}", "--now", "2026-10-31T23:59:59+08:00");
        var (_, second) = Run("eval", workflows, "--input", $"order={order}", "--now", "2026-10-31T23:59:59+08:00", "--workflow", "second");

        first.Should().Equal("""{"rule":"A","success":true,"message":null,"output":null,"points":null}""");
        second.Should().Equal("""{"rule":"B","success":false,"message":null,"output":null,"points":null}""");
    }

    [Fact]
    public void Evaluating_a_workflow_that_does_not_compile_prints_its_diagnostics_and_exits_1()
    {
        var broken = Write("broken.json", SeveralErrors);

        var (exitCode, lines) = Run("eval", broken, "--input", $"officer={Write("officer.json", Officer)}", "--input", $"period={Write("period.json", Period)}");

        exitCode.Should().Be(1);
        lines.Should().HaveCount(3).And.OnlyContain(l => l.Contains("error RE0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scheme_evaluated_without_all_of_its_inputs_is_a_usage_error()
    {
        var scheme = Write("officer-monthly.json", ShippedSchemeFiles.Content("officer-monthly.json"));

        var act = () => Run("eval", scheme, "--input", $"officer={Write("officer.json", Officer)}", "--now", "2026-10-31T23:59:59+08:00");

        act.Should().Throw<CommandException>().WithMessage("*reads the inputs officer, period*");
    }
}
