using System.Net;
using System.Net.Http.Json;
using System.Text;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace AssessmentEngine.Web.Tests.RuleSets;

/// <summary>Saving, checking and comparing rule files over HTTP, against the shipped schemes the app imports at start-up.</summary>
public abstract class RuleSetAuthoringTests<TApp>(TApp fixture) : IClassFixture<TApp>
    where TApp : TestAppFixture
{
    private static int _schemeCounter;

    private TestApp App => fixture.App;

    /// <summary>A fresh scheme name per test, so tests sharing the app do not see each other's versions.</summary>
    private static string NewScheme() => $"trial-officer-{Interlocked.Increment(ref _schemeCounter)}";

    private static string OfficerScheme(string name) => TestSchemes.Officer.Replace("test-officer-monthly", name, StringComparison.Ordinal);

    [Fact]
    public async Task A_file_with_ten_errors_reports_all_ten_with_their_positions()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var rules = string.Join(",\n", Enumerable.Range(1, 10).Select(i =>
            $$"""    { "RuleName": "Broken{{i}}", "Expression": "officer.Missing{{i}} > 0", "Properties": { "Title": "t{{i}}", "Points": -1 } }"""));
        var content = $$"""
            { "WorkflowName": "ten-errors",
              "Scheme": { "Population": "Officer", "Period": "Monthly" },
              "Rules": [
            {{rules}}
              ] }
            """;

        var response = await inspector.PostAsJsonAsync("/api/rulesets/validate", new { content }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var check = (await response.Content.ReadFromJsonAsync<RuleFileCheck>(TestApp.Json))!;
        check.ErrorCount.Should().Be(10);
        check.Diagnostics.Select(d => d.Rule).Should().Equal(Enumerable.Range(1, 10).Select(i => $"Broken{i}"));
        check.Diagnostics.Select(d => d.Line).Should().Equal(Enumerable.Range(4, 10), "rule i sits on line 3 + i of the file");
        // The unknown member starts at column 9 of the expression, column 53 of the line (54 for "Broken10", one letter longer).
        check.Diagnostics.Select(d => d.Column).Should().Equal([.. Enumerable.Repeat(53, 9), 54]);
        check.Diagnostics.Should().OnlyContain(d => d.ExpressionColumn == 9 && d.Workflow == "ten-errors" && d.Expression!.StartsWith("officer.Missing", StringComparison.Ordinal) && d.Code.Length > 0 && d.Message.Length > 0);
    }

    [Fact]
    public async Task A_structural_error_does_not_hide_the_expression_errors_of_the_same_file()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var content = """
            { "WorkflowName": "mixed-errors",
              "Scheme": { "Population": "Officer", "Period": "Monthly" },
              "Rules": [
                { "Expression": "officer.Enforcements.Count > 0", "Properties": { "Points": -1 } },
                { "RuleName": "UnknownField", "Expression": "officer.Missing > 0", "Properties": { "Points": -1 } }
              ] }
            """;

        var check = (await (await inspector.PostAsJsonAsync("/api/rulesets/validate", new { content }, TestApp.Json)).Content.ReadFromJsonAsync<RuleFileCheck>(TestApp.Json))!;

        check.Diagnostics.Select(d => (d.Code, d.Line)).Should().BeEquivalentTo(new[] { ("RE0002", 4), ("RE0201", 5) });
        check.ErrorCount.Should().Be(2);
    }

    [Fact]
    public async Task Malformed_json_in_a_rule_file_is_a_diagnostic_with_line_and_column_not_a_server_error()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);

        var response = await inspector.PostAsJsonAsync("/api/rulesets/validate", new { content = "{ \"WorkflowName\": \"x\",\n  \"Rules\": [ { \"RuleName\": } ] }" }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var check = (await response.Content.ReadFromJsonAsync<RuleFileCheck>(TestApp.Json))!;
        check.ErrorCount.Should().BeGreaterThan(0);
        check.Diagnostics.Should().Contain(d => d.Code == "RE0001" && d.Line == 2 && d.Column > 0);
    }

    [Theory]
    [InlineData("officer.GetType().Assembly != null")]
    [InlineData("System.IO.File.ReadAllText(\\\"/etc/passwd\\\").Length > 0")]
    public async Task A_hostile_expression_is_reported_by_validation_and_its_saved_draft_can_never_be_activated(string expression)
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var scheme = NewScheme();
        var content = OfficerScheme(scheme).Replace("\"lateCount > 0\"", $"\"{expression}\"", StringComparison.Ordinal);

        var validated = (await (await inspector.PostAsJsonAsync("/api/rulesets/validate", new { content }, TestApp.Json)).Content.ReadFromJsonAsync<RuleFileCheck>(TestApp.Json))!;
        var saved = await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content, note = "hostile" }, TestApp.Json);
        var activated = await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions/1/activate", new { effectiveFrom = "2027-01" }, TestApp.Json);

        validated.ErrorCount.Should().BeGreaterThan(0);
        validated.Diagnostics.Should().Contain(d => d.Rule == "LateArrival" && d.Severity == Rules.Diagnostics.DiagnosticSeverity.Error && d.Line > 0);
        saved.StatusCode.Should().Be(HttpStatusCode.Created);
        var draft = (await saved.Content.ReadFromJsonAsync<RuleSetVersionDetail>(TestApp.Json))!;
        draft.Version.Status.Should().Be(RuleSetStatus.Draft);
        draft.Version.ErrorCount.Should().Be(validated.ErrorCount);
        draft.Diagnostics.Should().BeEquivalentTo(validated.Diagnostics, o => o.Excluding(d => d.File));
        activated.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await activated.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json))!.Detail.Should().Contain("error(s) and cannot be activated");
    }

    [Fact]
    public async Task A_draft_with_errors_is_saved_with_its_error_count_and_its_activation_is_refused_with_422()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var scheme = NewScheme();
        var content = OfficerScheme(scheme).Replace("lateCount > 0", "lateCont > 0", StringComparison.Ordinal);

        var saved = await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content }, TestApp.Json);
        var activated = await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions/1/activate", new { effectiveFrom = "2027-01" }, TestApp.Json);
        var dryRun = await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions/1/dry-run", new { period = "2026-10" }, TestApp.Json);

        saved.StatusCode.Should().Be(HttpStatusCode.Created);
        saved.Headers.Location!.ToString().Should().Be($"/api/rulesets/{scheme}/versions/1");
        var draft = (await saved.Content.ReadFromJsonAsync<RuleSetVersionDetail>(TestApp.Json))!;
        draft.Version.ErrorCount.Should().Be(1);
        draft.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("lateCount");
        activated.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        dryRun.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_second_scheme_for_a_population_that_already_has_one_in_force_cannot_be_activated()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var scheme = NewScheme();
        await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content = OfficerScheme(scheme) }, TestApp.Json);

        var response = await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions/1/activate", new { effectiveFrom = "2027-01" }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json))!.Detail.Should()
            .Be($"officer-monthly is the monthly Officer scheme in force; {scheme} cannot score the same population until it is retired.");
    }

    [Fact]
    public async Task The_diff_shows_exactly_the_changed_rule_and_field()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var scheme = NewScheme();
        var v1 = OfficerScheme(scheme);
        var v2 = v1.Replace("\"Points\": 2", "\"Points\": 3", StringComparison.Ordinal);
        (await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content = v1 }, TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content = v2, note = "letters count more" }, TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.Created);

        var diff = (await inspector.GetFromJsonAsync<RuleSetDiff>($"/api/rulesets/{scheme}/diff?from=1&to=2", TestApp.Json))!;

        diff.RulesAdded.Should().BeEmpty();
        diff.RulesRemoved.Should().BeEmpty();
        diff.ParamsChanged.Should().BeEmpty();
        diff.SchemeChanged.Should().BeEmpty();
        diff.RulesChanged.Should().ContainSingle().Which.Should().BeEquivalentTo(new RuleChange("Letter", [new FieldChange("Points", "2", "3")]));
    }

    [Fact]
    public async Task The_diff_lists_added_and_removed_rules_params_and_scheme_changes()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var scheme = NewScheme();
        var v1 = OfficerScheme(scheme);
        var v2 = v1.Replace("\"RuleName\": \"Letter\"", "\"RuleName\": \"ThanksLetter\"", StringComparison.Ordinal)
            .Replace("\"Name\": \"overdue\"", "\"Name\": \"overdueCases\"", StringComparison.Ordinal)
            .Replace("overdue > 0", "overdueCases > 0", StringComparison.Ordinal)
            .Replace("-3 * overdue", "-3 * overdueCases", StringComparison.Ordinal)
            .Replace("\"Cap\": 15", "\"Cap\": 10", StringComparison.Ordinal);
        await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content = v1 }, TestApp.Json);
        await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content = v2 }, TestApp.Json);

        var diff = (await inspector.GetFromJsonAsync<RuleSetDiff>($"/api/rulesets/{scheme}/diff?from=1&to=2", TestApp.Json))!;

        diff.RulesAdded.Should().Equal("ThanksLetter");
        diff.RulesRemoved.Should().Equal("Letter");
        diff.RulesChanged.Should().ContainSingle().Which.Should().BeEquivalentTo(new RuleChange("OverdueCase",
            [new FieldChange("Expression", "overdue > 0", "overdueCases > 0"), new FieldChange("Points", "-3 * overdue", "-3 * overdueCases")]));
        diff.ParamsChanged.Select(p => (p.Field, p.Old is null, p.New is null)).Should().BeEquivalentTo(new[] { ("overdue", false, true), ("overdueCases", true, false) });
        diff.SchemeChanged.Should().Equal(new FieldChange("Categories[commendation].Cap", "15", "10"));
    }

    [Fact]
    public async Task A_version_copied_from_an_earlier_one_has_its_content_and_the_list_shows_both()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var scheme = NewScheme();
        await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content = OfficerScheme(scheme), note = "first" }, TestApp.Json);

        var copied = await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { fromVersion = 1 }, TestApp.Json);
        using var leader = await App.SignInAsync(Role.Leader);
        var list = (await leader.GetFromJsonAsync<List<SchemeView>>("/api/rulesets", TestApp.Json))!;
        var one = (await leader.GetFromJsonAsync<RuleSetVersionDetail>($"/api/rulesets/{scheme}/versions/2", TestApp.Json))!;

        copied.StatusCode.Should().Be(HttpStatusCode.Created);
        one.Content.Should().Be(OfficerScheme(scheme));
        one.Diagnostics.Should().BeEmpty();
        one.Version.Note.Should().Be("copy of v1");
        var listed = list.Single(s => s.Name == scheme);
        listed.Title.Should().Be("测试民警月度考核");
        listed.Population.Should().Be("Officer");
        listed.Versions.Select(v => (v.Number, v.Status, v.ErrorCount)).Should().Equal((2, RuleSetStatus.Draft, 0), (1, RuleSetStatus.Draft, 0));
        listed.Versions[0].Hash.Should().Be(listed.Versions[1].Hash).And.HaveLength(64);
        listed.Versions.Should().OnlyContain(v => v.CreatedBy.StartsWith("inspector", StringComparison.Ordinal));
        list.Should().Contain(s => s.Name == "officer-monthly" && s.InForceNumber == 1 && s.Versions[0].EffectiveFrom == "2020-01");
    }

    [Fact]
    public async Task A_file_whose_workflow_name_is_another_scheme_is_refused_with_400()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);

        var response = await inspector.PostAsJsonAsync($"/api/rulesets/{NewScheme()}/versions", new { content = OfficerScheme("officer-monthly") }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(TestApp.Json))!.Errors["content"].Single().Should().Contain("WorkflowName is 'officer-monthly'");
    }

    [Fact]
    public async Task A_malformed_request_body_is_a_400_and_so_is_a_body_with_both_content_and_a_source_version()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var scheme = NewScheme();

        var malformed = await inspector.PostAsync($"/api/rulesets/{scheme}/versions", new StringContent("{ \"content\": ", Encoding.UTF8, "application/json"));
        var both = await inspector.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content = OfficerScheme(scheme), fromVersion = 1 }, TestApp.Json);
        var badPeriod = await inspector.PostAsJsonAsync("/api/rulesets/officer-monthly/versions/1/activate", new { effectiveFrom = "November" }, TestApp.Json);

        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        both.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badPeriod.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_scheme_or_version_answers_404_with_the_reason()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);

        var scheme = await inspector.GetAsync("/api/rulesets/no-such-scheme/versions/1");
        var version = await inspector.GetAsync("/api/rulesets/officer-monthly/versions/99");
        var copy = await inspector.PostAsJsonAsync("/api/rulesets/officer-monthly/versions", new { fromVersion = 99 }, TestApp.Json);
        var diff = await inspector.GetAsync("/api/rulesets/no-such-scheme/diff?from=1&to=2");

        scheme.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await scheme.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json))!.Detail.Should().Be("There is no scheme named 'no-such-scheme'.");
        version.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await version.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json))!.Detail.Should().Be("Scheme 'officer-monthly' has no version 99; its versions are 1 to 1.");
        copy.StatusCode.Should().Be(HttpStatusCode.NotFound);
        diff.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_dry_run_of_a_period_without_a_completed_run_answers_404_with_the_reason()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);

        var response = await inspector.PostAsJsonAsync("/api/rulesets/officer-monthly/versions/1/dry-run", new { period = "2026-09" }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json))!.Detail.Should().Be("2026-09 has no completed evaluation run to compare with; evaluate the period first.");
    }

    [Theory]
    [InlineData(Role.Officer)]
    [InlineData(Role.Leader)]
    [InlineData(Role.Auditor)]
    public async Task Only_inspectors_and_admins_save_validate_dry_run_or_activate(Role role)
    {
        using var client = await App.SignInAsync(role, unitId: role == Role.Officer ? 1 : null);
        var scheme = NewScheme();

        var save = await client.PostAsJsonAsync($"/api/rulesets/{scheme}/versions", new { content = OfficerScheme(scheme) }, TestApp.Json);
        var validate = await client.PostAsJsonAsync("/api/rulesets/validate", new { content = OfficerScheme(scheme) }, TestApp.Json);
        var dryRun = await client.PostAsJsonAsync("/api/rulesets/officer-monthly/versions/1/dry-run", new { period = "2026-10" }, TestApp.Json);
        var activate = await client.PostAsJsonAsync("/api/rulesets/officer-monthly/versions/1/activate", new { effectiveFrom = "2027-01" }, TestApp.Json);

        new[] { save, validate, dryRun, activate }.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_officer_cannot_read_rule_sets_and_an_anonymous_caller_gets_401()
    {
        using var officer = await App.SignInAsync(Role.Officer, unitId: 1);
        using var anonymous = App.CreateClient();

        (await officer.GetAsync("/api/rulesets")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync("/api/rulesets")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsJsonAsync("/api/rulesets/officer-monthly/versions", new { fromVersion = 1 }, TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}

public sealed class RuleSetAuthoringTestsOnSqlite(SqliteApp app) : RuleSetAuthoringTests<SqliteApp>(app);

public sealed class RuleSetAuthoringTestsOnPostgres(PostgresApp app) : RuleSetAuthoringTests<PostgresApp>(app);
