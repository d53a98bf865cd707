using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Domain.Schemes;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.RuleSets;

/// <summary>
/// The app with the brigade of <see cref="EvaluationRunTests"/> evaluated for October 2026 on the test schemes (the shipped
/// ones retired): a1 99.47, a2 96, a3 95 in squad A (96.82, 先进); b1 96.8, b2 0 (veto), b3 102 in squad B.
/// </summary>
public abstract class EvaluatedOctoberFixture : IAsyncLifetime
{
    public static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);

    private TestApp? _app;

    public TestApp App => _app ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    public Guid OctoberRunId { get; private set; }

    protected abstract DatabaseProvider Provider { get; }

    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(Provider, Settings);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        await TestSchemes.ReplaceShippedAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
        await ConstructedBrigade.SeedAsync(db, [October]);
        var run = await scope.ServiceProvider.GetRequiredService<EvaluationService>().EvaluateAsync(October, "test-node");
        OctoberRunId = run.Id;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

public sealed class EvaluatedOctoberOnSqlite : EvaluatedOctoberFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class EvaluatedOctoberOnPostgres : EvaluatedOctoberFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public abstract class RuleSetLifecycleTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EvaluatedOctoberFixture
{
    private const string Scheme = "test-officer-monthly";

    private TestApp App => fixture.App;

    /// <summary>Late arrivals cost 7 points each instead of 1.</summary>
    private static string HarsherLateRule => TestSchemes.Officer.Replace("\"-1 * lateCount\"", "\"-7 * lateCount\"", StringComparison.Ordinal);

    [Fact]
    public async Task An_inspector_saves_validates_dry_runs_and_activates_a_rule_change_end_to_end()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);

        var check = (await (await inspector.PostAsJsonAsync("/api/rulesets/validate", new { content = HarsherLateRule }, TestApp.Json)).Content.ReadFromJsonAsync<RuleFileCheck>(TestApp.Json))!;
        check.Should().Match<RuleFileCheck>(c => c.ErrorCount == 0 && c.Scheme == Scheme && c.Population == SchemePopulation.Officer);

        var saved = await inspector.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions", new { content = HarsherLateRule, note = "迟到每次扣7分" }, TestApp.Json);
        saved.StatusCode.Should().Be(HttpStatusCode.Created);
        var draft = (await saved.Content.ReadFromJsonAsync<RuleSetVersionDetail>(TestApp.Json))!.Version;
        draft.Status.Should().Be(RuleSetStatus.Draft);
        draft.ErrorCount.Should().Be(0);
        var number = draft.Number;

        var diff = (await inspector.GetFromJsonAsync<RuleSetDiff>($"/api/rulesets/{Scheme}/diff?from=1&to={number}", TestApp.Json))!;
        diff.RulesChanged.Should().ContainSingle().Which.Should().BeEquivalentTo(new RuleChange("LateArrival", [new FieldChange("Points", "-1 * lateCount", "-7 * lateCount")]));

        var report = await DryRuns.ReportAsync(inspector, Scheme, number, "2026-10");

        // a2: 100 − 3 × 7 − 1 (linked: a3) = 78, below the 80 pass mark → 不合格 and a squad interview; rank 3 → 4 of the road post.
        // a1 leads squad A: own deductions 0, −21, −5 average −26/3; 20 % of it is −1.73 → 98.27 (−1.2); still first.
        // a3 is unchanged at 95 but passes a2: rank 4 → 3. Squad A: (98.27 + 78 + 95) / 3 = 90.4233 → 90.42, 先进 → 达标.
        report.ComparedRunId.Should().Be(fixture.OctoberRunId);
        report.Officers.Select(o => (o.Label, o.ScoreBefore, o.ScoreAfter, o.ScoreDelta, o.GradeBefore, o.GradeAfter, o.RankBefore, o.RankAfter)).Should().Equal(
            ("A1", 99.47, 98.27, -1.2, "优秀", "优秀", 1, 1),
            ("A2", 96.0, 78.0, -18.0, "优秀", "不合格", 3, 4),
            ("A3", 95.0, 95.0, 0.0, "优秀", "优秀", 4, 3));
        report.Officers.Single(o => o.Label == "A2").Should().Match<SubjectChange>(o => o.OutcomesBefore.Count == 0 && o.OutcomesAfter.SequenceEqual(new[] { "Interview:Squad" }) && o.Name == "王芳");
        report.Officers.Single(o => o.Label == "A1").OutcomesAfter.Should().Equal("ExcellentOfficer");
        var squadA = report.Squads.Should().ContainSingle().Subject;
        squadA.Id.Should().Be(101);
        squadA.ScoreBefore.Should().Be(96.82);
        squadA.ScoreAfter.Should().Be(90.42);
        squadA.ScoreDelta.Should().Be(-6.4);
        (squadA.GradeBefore, squadA.GradeAfter, squadA.RankAfter).Should().Be(("先进", "达标", 1));
        report.Summary.Should().Be(new DryRunSummary(
            OfficersCompared: 6, OfficerScoreChanges: 2, OfficerGradeChanges: 1, OfficerRankChanges: 2, OfficerOutcomeChanges: 1, AverageOfficerScoreDelta: -3.2,
            SquadsCompared: 2, SquadScoreChanges: 1, SquadGradeChanges: 1, SquadRankChanges: 0, SquadOutcomeChanges: 0));

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            (await db.EvaluationRuns.CountAsync()).Should().Be(1, "a dry run stores nothing but its own row");
            (await db.OfficerResults.CountAsync()).Should().Be(6);
            (await db.Outcomes.CountAsync()).Should().Be(5);
            (await db.RuleSetVersions.SingleAsync(v => v.SchemeName == Scheme && v.Number == number)).Status.Should().Be(RuleSetStatus.Draft);
        }

        var activated = await inspector.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions/{number}/activate", new { effectiveFrom = "2026-11" }, TestApp.Json);
        activated.StatusCode.Should().Be(HttpStatusCode.OK);
        var active = (await activated.Content.ReadFromJsonAsync<RuleSetVersionView>(TestApp.Json))!;
        (active.Status, active.EffectiveFrom).Should().Be((RuleSetStatus.Active, "2026-11"));
        active.ActivatedBy.Should().StartWith("inspector");

        var listed = (await inspector.GetFromJsonAsync<List<SchemeView>>("/api/rulesets", TestApp.Json))!.Single(s => s.Name == Scheme);
        listed.Versions.Single(v => v.Number == 1).FirstUsedFor.Should().Be("2026-10");
        listed.Versions.Single(v => v.Number == number).EffectiveFrom.Should().Be("2026-11");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.EntityType == nameof(RuleSetVersion)).ToListAsync();
            entries.Should().Contain(e => e.Action == nameof(SaveRuleSetVersion) && e.BeforeJson == null && e.AfterJson!.Contains("\"status\":\"Draft\""));
            entries.Should().Contain(e => e.Action == nameof(ActivateRuleSetVersion) && e.BeforeJson!.Contains("\"status\":\"Draft\"") && e.AfterJson!.Contains("\"effectiveFrom\":\"2026-11\""));
        }
    }

    [Fact]
    public async Task An_inspector_scoped_to_a_squad_sees_only_that_squads_changes_in_a_dry_run()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var saved = (await (await inspector.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions", new { content = HarsherLateRule }, TestApp.Json)).Content.ReadFromJsonAsync<RuleSetVersionDetail>(TestApp.Json))!;
        using var squadInspector = await App.SignInAsync(Role.Inspector, unitId: 102);

        var report = await DryRuns.ReportAsync(squadInspector, Scheme, saved.Version.Number, "2026-10");

        // Squad B has no late arrivals: ranks are still computed over the whole brigade, and B1 96.8 stays second.
        report.Officers.Should().BeEmpty();
        report.Squads.Should().BeEmpty();
        report.Summary.OfficersCompared.Should().Be(3);
        report.Summary.SquadsCompared.Should().Be(1);
    }

    [Fact]
    public async Task An_activation_that_would_rewrite_an_evaluated_period_is_refused_with_the_domain_message()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var saved = (await (await inspector.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions", new { fromVersion = 1 }, TestApp.Json)).Content.ReadFromJsonAsync<RuleSetVersionDetail>(TestApp.Json))!;

        var response = await inspector.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions/{saved.Version.Number}/activate", new { effectiveFrom = "2026-10" }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json))!.Detail.Should().Be($"{Scheme} v1 already evaluated 2026-10; a new version can take effect from 2026-11 at the earliest.");
    }
}

public sealed class RuleSetLifecycleTestsOnSqlite(EvaluatedOctoberOnSqlite app) : RuleSetLifecycleTests<EvaluatedOctoberOnSqlite>(app);

public sealed class RuleSetLifecycleTestsOnPostgres(EvaluatedOctoberOnPostgres app) : RuleSetLifecycleTests<EvaluatedOctoberOnPostgres>(app);
