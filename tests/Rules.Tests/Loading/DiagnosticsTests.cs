using AssessmentEngine.Rules.Diagnostics;
using AssessmentEngine.Rules.Loading;
using AssessmentEngine.Rules.Tests.Fixtures;

namespace AssessmentEngine.Rules.Tests.Loading;

public class DiagnosticsTests
{
    private static IReadOnlyList<Diagnostic> Compile(string json) =>
        new RuleEngine().Compile(json, "scheme.json", Workflows.OfficerAndPeriod).Diagnostics;

    [Fact]
    public void A_misspelt_member_names_the_file_workflow_rule_expression_and_column_and_suggests_the_right_name()
    {
        var diagnostics = Compile("""
            {
              "WorkflowName": "officer-monthly",
              "Rules": [
                { "RuleName": "Bodycam", "Expression": "officer.DutyHours > 1 && officer.DutyHour < 2" }
              ]
            }
            """);

        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Message.Should().Be("unknown member 'DutyHour' on 'Officer' — did you mean 'DutyHours'?");
        diagnostic.File.Should().Be("scheme.json");
        diagnostic.Workflow.Should().Be("officer-monthly");
        diagnostic.Rule.Should().Be("Bodycam");
        diagnostic.Expression.Should().Be("officer.DutyHours > 1 && officer.DutyHour < 2");
        diagnostic.ExpressionColumn.Should().Be(34);
        diagnostic.Line.Should().Be(4);
        diagnostic.Column.Should().Be(44 + 34);
        diagnostic.ToString().Should().Contain("scheme.json(4,78)").And.Contain("at column 34");
    }

    [Fact]
    public void Columns_in_the_file_account_for_escaped_quotes_in_the_expression()
    {
        const string Json = """{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "officer.Kind == \"x\" && officer.Knd == \"y\"" } ] }""";
        var diagnostic = Compile(Json).Single();

        diagnostic.ExpressionColumn.Should().Be(32);
        diagnostic.Column.Should().Be(Json.IndexOf("Knd", StringComparison.Ordinal) + 1);
    }

    [Fact]
    public void A_syntax_error_says_what_was_expected()
    {
        Compile("""{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "(officer.DutyHours > 1" } ] }""")
            .Single().Message.Should().Be("expected ')' but found end of expression");
    }

    [Fact]
    public void All_errors_of_a_file_are_reported_at_once_and_a_broken_param_reports_only_once()
    {
        var diagnostics = Compile("""
            { "WorkflowName": "w",
              "GlobalParams": [ { "Name": "broken", "Expression": "officer.Nope.Count" } ],
              "Rules": [
                { "RuleName": "A", "Expression": "broken > 1" },
                { "RuleName": "B", "Expression": "officer.DutyHours > \"x\"" },
                { "RuleName": "C", "Expression": "officer.Enforcements.Any(e => e.Cod == \"x\")" },
                { "RuleName": "D", "Expression": "officer.DutyHours" } ] }
            """);

        diagnostics.Select(d => (d.Rule, d.Code)).Should().Equal(
            (null, DiagnosticCodes.UnknownMember),
            ("B", DiagnosticCodes.TypeMismatch),
            ("C", DiagnosticCodes.UnknownMember),
            ("D", DiagnosticCodes.TypeMismatch));
        diagnostics[0].Message.Should().StartWith("parameter 'broken': unknown member 'Nope'");
        diagnostics[2].Message.Should().Contain("did you mean 'Code'?");
        diagnostics[3].Message.Should().Be("a rule expression must be true or false, but this expression gives double");
    }

    [Fact]
    public void Invalid_json_reports_the_line_and_column()
    {
        var diagnostic = WorkflowLoader.Load("{\n  \"WorkflowName\": \"w\",\n  \"Rules\": [ { \"RuleName\": \"R\" \"Expression\": \"true\" } ]\n}", "bad.json").Diagnostics.Single();

        diagnostic.Code.Should().Be(DiagnosticCodes.JsonSyntax);
        diagnostic.Line.Should().Be(3);
        diagnostic.Column.Should().BeGreaterThan(1);
        diagnostic.File.Should().Be("bad.json");
    }

    [Fact]
    public void Structural_problems_of_rules_are_reported_together()
    {
        var result = WorkflowLoader.Load("""
            { "WorkflowName": "w",
              "Scheme": { "Categories": [ { "Name": "attendance", "Cap": -20 } ] },
              "Rules": [
                { "Expression": "true" },
                { "RuleName": "Dup", "Expression": "true" },
                { "RuleName": "Dup", "Expression": "true" },
                { "RuleName": "Empty", "Expression": "  " },
                { "RuleName": "Op", "Operator": "Xor", "Rules": [ { "RuleName": "Child", "Expression": "true" } ] },
                { "RuleName": "Points", "Expression": "true", "Properties": { "Points": true } },
                { "RuleName": "Cat", "Expression": "true", "Properties": { "Category": "attendence", "Points": 1 } } ] }
            """, "s.json");

        result.Diagnostics.Select(d => d.Message).Should().BeEquivalentTo(
            "a rule has no RuleName",
            "rule name 'Dup' is used more than once",
            "rule 'Empty' has an empty Expression",
            "unknown Operator 'Xor' — expected one of And, AndAlso, Or, OrElse",
            "Points must be a number or an expression, not true/false",
            "category 'attendence' is not declared in the Scheme — did you mean 'attendance'?");
        result.Diagnostics.Should().OnlyContain(d => d.Line > 0 && d.File == "s.json");
    }

    [Fact]
    public void An_unknown_injected_workflow_is_reported()
    {
        Compile("""{ "WorkflowName": "w", "WorkflowsToInject": ["shard"], "Rules": [ { "RuleName": "R", "Expression": "true" } ] }""")
            .Single().Message.Should().Contain("WorkflowsToInject names 'shard'");
    }

    [Fact]
    public void Structural_problems_and_expression_errors_of_one_file_come_back_together()
    {
        var result = new RuleEngine().Compile("""
            { "WorkflowName": "w", "Rules": [ { "Expression": "true" }, { "RuleName": "Bad", "Expression": "officer.DutyHours >" } ] }
            """, "both.json", Workflows.OfficerAndPeriod);

        result.Succeeded.Should().BeFalse();
        result.Diagnostics.Select(d => d.Message).Should().Equal("a rule has no RuleName", "expected a value but found end of expression");
    }

    [Fact]
    public void A_misspelt_field_is_a_warning_that_names_the_right_one()
    {
        var result = new RuleEngine().Compile("""
            { "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "true", "SucessEvent": "x" } ] }
            """, "w.json", Workflows.OfficerAndPeriod);

        result.Succeeded.Should().BeTrue();
        var warning = result.Diagnostics.Should().ContainSingle().Subject;
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Message.Should().Be("unknown field 'SucessEvent' is ignored — did you mean 'SuccessEvent'?");
    }

    [Fact]
    public void A_text_compared_with_a_date_must_be_a_date()
    {
        Compile("""{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "period.Start > \"June\"" } ] }""")
            .Single().Message.Should().Be("\"June\" is not a date; write dates as \"2024-06-01\" or \"2024-06-01T08:00:00\"");
    }

    [Theory]
    [InlineData("officer.Post == \"Raod\"", "\"Raod\" is not a value of PostKind (values: Road, Accident, Window) — did you mean \"Road\"?")]
    [InlineData("officer.Enforcements.Frist().Code == \"x\"", "'Frist' is not an allowed method of 'List<Enforcement>' — did you mean 'First'?")]
    [InlineData("officer.Enforcements.Any(e.Code == \"drunk\")", "unknown name 'e' — to name the list element write a lambda such as 'e => e.…'")]
    [InlineData("officer.Cases.Any(c => c.ClosedAt.Day > 1)", "unknown member 'Day' on 'DateTime?' — the value may be missing; use '.Value.Day' or np(…)")]
    [InlineData("officer.Kind == “民警”", "unexpected character '“' (a full-width or curly character) — type '\"' instead")]
    [InlineData("officer.Enforcements.Count（） > 1", "unexpected character '（' (a full-width or curly character) — type '(' instead")]
    [InlineData("Math.Round(\"x\") > 1", "Math.Round cannot be called with (string); it takes Math.Round(decimal) or Math.Round(decimal, int) or Math.Round(double) or Math.Round(double, int)")]
    public void Common_mistakes_get_messages_that_say_how_to_fix_them(string expression, string message)
    {
        Compile($$"""{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": {{System.Text.Json.JsonSerializer.Serialize(expression)}} } ] }""")
            .Single().Message.Should().Be(message);
    }
}

public class DiagnosticMessageTests
{
    [Fact]
    public void A_misspelt_member_carries_its_message_id_and_the_names_a_page_needs_to_say_it_in_another_language()
    {
        var diagnostic = new RuleEngine().Compile(
            """{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "officer.DutyHour > 1" } ] }""", "scheme.json", Workflows.OfficerAndPeriod).Diagnostics.Single();

        diagnostic.MessageId.Should().Be("RE0201.UnknownMemberSuggested");
        diagnostic.Arguments.Should().Equal("DutyHour", "Officer", "DutyHours");
        diagnostic.Message.Should().Be("unknown member 'DutyHour' on 'Officer' — did you mean 'DutyHours'?");
    }

    [Fact]
    public void A_finding_about_a_part_of_a_rule_names_the_part_apart_from_its_sentence()
    {
        var diagnostic = new RuleEngine().Compile(
            """{ "WorkflowName": "w", "GlobalParams": [ { "Name": "p", "Expression": "officer.Nope" } ], "Rules": [ { "RuleName": "R", "Expression": "p > 1" } ] }""",
            "scheme.json", Workflows.OfficerAndPeriod).Diagnostics[0];

        diagnostic.Part.Should().Be(DiagnosticPart.Parameter("p"));
        diagnostic.MessageId.Should().Be("RE0201.UnknownMember");
        diagnostic.Arguments.Should().Equal("Nope", "Officer");
        diagnostic.Message.Should().Be("parameter 'p': unknown member 'Nope' on 'Officer'");
    }

    [Fact]
    public void A_value_worded_in_English_reaches_other_languages_in_its_neutral_form()
    {
        var diagnostic = new RuleEngine().Compile(
            """{ "WorkflowName": "w", "Rules": [ { "RuleName": "R", "Expression": "officer.DutyHours > 1 \"x\"" } ] }""", "scheme.json", Workflows.OfficerAndPeriod).Diagnostics.Single();

        diagnostic.MessageId.Should().Be("RE0100.ExpectedOperatorOrEnd");
        diagnostic.Message.Should().Be("expected an operator or end of expression but found text \"x\"");
        diagnostic.Arguments.Should().Equal("\"x\"");
    }

    [Fact]
    public void Every_message_has_a_unique_id_under_a_known_code_and_is_reported_somewhere_in_the_engine()
    {
        var codes = typeof(DiagnosticCodes).GetFields().Select(f => (string)f.GetValue(null)!).Append("Part").ToHashSet();
        var all = DiagnosticMessages.All;

        all.Select(m => m.Id).Should().OnlyHaveUniqueItems();
        all.Should().AllSatisfy(m => codes.Should().Contain(m.Code, $"{m.Id} must start with a code of DiagnosticCodes"));

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "AssessmentEngine.sln")))
            root = root.Parent!;
        string Sources(string folder) => string.Join("\n", Directory.EnumerateFiles(Path.Combine(root.FullName, "src", folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("DiagnosticMessages.cs", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var engine = Sources("Rules");
        var everywhere = engine + Sources("Web");
        var fields = typeof(DiagnosticMessages).GetFields().Where(f => f.FieldType == typeof(DiagnosticMessage)).Select(f => f.Name);
        fields.Where(name => !everywhere.Contains("DiagnosticMessages." + name, StringComparison.Ordinal)
                && !(name.StartsWith("Part", StringComparison.Ordinal) && everywhere.Contains("DiagnosticPart." + name[4..], StringComparison.Ordinal)))
            .Should().BeEmpty("every message is reported by some site (a part phrase through DiagnosticPart)");
        System.Text.RegularExpressions.Regex.Matches(engine, @"\bMessage\s*=\s*\$?""").Should().BeEmpty("findings are made from DiagnosticMessages, not free text");
    }
}
