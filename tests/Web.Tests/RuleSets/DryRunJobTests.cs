using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.RuleSets;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.RuleSets;

/// <summary>October evaluated, with a paused scheduler looking again within half a second, so a test holds a dry run queued as long as it likes.</summary>
public abstract class DryRunJobFixture : EvaluatedOctoberFixture
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Scheduling:PausedRecheck"] = "00:00:00.300",
        ["Scheduling:SchedulePollInterval"] = "00:00:00.300",
        ["Scheduling:QueuePollInterval"] = "00:00:00.300",
    };
}

public sealed class DryRunJobFixtureOnSqlite : DryRunJobFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class DryRunJobFixtureOnPostgres : DryRunJobFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Dry runs as background jobs (ADR 27): started at once, progress on their row, the report when done, over real HTTP.</summary>
public abstract class DryRunJobTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : EvaluatedOctoberFixture
{
    private const string Scheme = "test-officer-monthly";

    private TestApp App => fixture.App;

    private static string HarsherLateRule => TestSchemes.Officer.Replace("\"-1 * lateCount\"", "\"-7 * lateCount\"", StringComparison.Ordinal);

    private async Task<int> SaveHarsherVersionAsync(HttpClient inspector)
    {
        var saved = await inspector.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions", new { content = HarsherLateRule }, TestApp.Json);
        saved.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await saved.Content.ReadFromJsonAsync<RuleSetVersionDetail>(TestApp.Json))!.Version.Number;
    }

    [Fact]
    public async Task A_dry_run_answers_202_at_once_waits_while_paused_then_shows_its_progress_and_the_report_the_evaluation_computes()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var admin = await App.AdminAsync();
        var number = await SaveHarsherVersionAsync(inspector);

        (await admin.PostAsync("/api/scheduler/pause", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        DryRunView started, again, queued;
        HttpResponseMessage otherPeriod;
        try
        {
            started = await DryRuns.StartAsync(inspector, Scheme, number, "2026-10");
            again = await DryRuns.StartAsync(inspector, Scheme, number, "2026-10");
            otherPeriod = await inspector.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions/{number}/dry-run", new { period = "2026-09" }, TestApp.Json);
            queued = await DryRuns.StateAsync(inspector, started);
        }
        finally
        {
            (await admin.PostAsync("/api/scheduler/resume", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var seen = new List<DryRunView>();
        var finished = await DryRuns.FinishedAsync(inspector, started, seen);

        (started.Status, started.Stage, started.SubjectsDone, started.StartedAt, started.Report).Should().Be((DryRunStatus.Queued, DryRunStage.Queued, 0, (DateTimeOffset?)null, (DryRunReport?)null));
        started.StartedBy.Should().StartWith("inspector");
        again.Id.Should().Be(started.Id, "the dry run of this version and period is still queued, so starting it again answers with it");
        otherPeriod.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await otherPeriod.Content.ReadAsStringAsync()).Should().Contain($"{Scheme} v{number} is being dry-run on 2026-10");
        (queued.Status, queued.Report).Should().Be((DryRunStatus.Queued, null));

        finished.Should().Match<DryRunView>(d => d.Status == DryRunStatus.Completed && d.Stage == DryRunStage.Done && d.Error == null
            && d.SubjectsDone == 6 && d.SubjectsTotal == 6 && d.BrigadesDone == 1 && d.BrigadesTotal == 1 && d.StartedAt != null && d.FinishedAt >= d.StartedAt);
        seen.Select(s => s.SubjectsDone).Should().BeInAscendingOrder("progress only moves forward");
        seen.Select(s => (int)s.Stage).Should().BeInAscendingOrder();

        // The same evaluation in this process, reporting to a list instead of the dry run's row.
        var reported = new List<DryRunProgress>();
        DryRunReport expected;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var evaluation = scope.ServiceProvider.GetRequiredService<DryRunEvaluation>();
            var plan = await evaluation.PlanAsync(Scheme, number, AssessmentPeriod.Month(2026, 10));
            expected = await evaluation.EvaluateAsync(plan, reachable: null, (p, _) =>
            {
                reported.Add(p);
                return Task.CompletedTask;
            });
        }
        JsonSerializer.Serialize(finished.Report, TestApp.Json).Should().Be(JsonSerializer.Serialize(expected, TestApp.Json));
        reported.Should().Equal(
            new DryRunProgress(DryRunStage.Scoring, 0, 1, 0, 6),
            new DryRunProgress(DryRunStage.Scoring, 1, 1, 6, 6),
            new DryRunProgress(DryRunStage.Ranking, 1, 1, 6, 6),
            new DryRunProgress(DryRunStage.Comparing, 1, 1, 6, 6));
        // What the synchronous dry run answered for this draft (RuleSetLifecycleTests): a2 falls to 不合格, squad A to 达标.
        finished.Report!.Summary.Should().Be(new DryRunSummary(6, 2, 1, 2, 1, -3.2, 2, 1, 1, 0, 0));
        finished.Report.Officers.Select(o => (o.Label, o.ScoreAfter, o.GradeAfter)).Should().Equal(("A1", 98.27, "优秀"), ("A2", 78.0, "不合格"), ("A3", 95.0, "优秀"));

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action == nameof(DryRunRuleSetVersion) && e.EntityId == started.Id.ToString()).ToListAsync();
            entries.Should().HaveCount(2, "the start and the second start that found it running are both audited");
            entries.Should().OnlyContain(e => e.EntityType == nameof(DryRun) && e.AfterJson!.Contains("\"period\":\"2026-10\""));
        }
    }

    [Fact]
    public async Task Unknown_ids_other_versions_and_scopes_the_caller_does_not_cover_are_404_and_other_roles_are_403()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var number = await SaveHarsherVersionAsync(inspector);
        var started = await DryRuns.StartAsync(inspector, Scheme, number, "2026-10");
        using var squadInspector = await App.SignInAsync(Role.Inspector, unitId: 102);
        using var leader = await App.SignInAsync(Role.Leader);
        using var auditor = await App.SignInAsync(Role.Auditor);

        var unknown = await inspector.GetAsync($"/api/rulesets/{Scheme}/versions/{number}/dry-runs/{Guid.NewGuid()}");
        var otherVersion = await inspector.GetAsync($"/api/rulesets/{Scheme}/versions/1/dry-runs/{started.Id}");
        var badVersion = await inspector.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions/999/dry-run", new { period = "2026-10" }, TestApp.Json);
        var outOfScope = await squadInspector.GetAsync(DryRunView.Location(Scheme, number, started.Id));
        var byLeader = await leader.GetAsync(DryRunView.Location(Scheme, number, started.Id));
        var startedByLeader = await leader.PostAsJsonAsync($"/api/rulesets/{Scheme}/versions/{number}/dry-run", new { period = "2026-10" }, TestApp.Json);
        var byAuditor = await auditor.GetAsync(DryRunView.Location(Scheme, number, started.Id));

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherVersion.StatusCode.Should().Be(HttpStatusCode.NotFound);
        badVersion.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await badVersion.Content.ReadAsStringAsync()).Should().Contain($"Scheme '{Scheme}' has no version 999");
        outOfScope.StatusCode.Should().Be(HttpStatusCode.NotFound, "a dry run started for the whole detachment lists squads outside a squad inspector's scope");
        (byLeader.StatusCode, startedByLeader.StatusCode, byAuditor.StatusCode).Should().Be((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden));
        (await DryRuns.FinishedAsync(inspector, started)).Status.Should().Be(DryRunStatus.Completed);
    }

    [Fact]
    public async Task The_client_starts_a_dry_run_and_reads_it_until_its_report_is_there()
    {
        using var http = await App.SignInAsync(Role.Inspector);
        var number = await SaveHarsherVersionAsync(http);
        var client = AssessmentEngine.Client.AssessmentEngineClient.Create(http);

        var started = await client.DryRunAsync(Scheme, number, new AssessmentEngine.Client.PeriodRequest("2026-10"));
        var finished = await Eventually.UntilAsync(() => client.DryRunStateAsync(Scheme, number, started.Id), d => d.IsFinished, "the dry run to finish, read through the client");

        (started.Status, started.Number).Should().Be(("Queued", number));
        (finished.Status, finished.SubjectsDone, finished.SubjectsTotal).Should().Be(("Completed", 6, 6));
        finished.Report!.Value.GetProperty("summary").GetProperty("officerGradeChanges").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task A_dry_run_left_queued_without_a_job_by_a_restart_is_queued_again_and_completes()
    {
        using var inspector = await App.SignInAsync(Role.Inspector);
        var number = await SaveHarsherVersionAsync(inspector);
        var orphan = new DryRun { Id = Guid.NewGuid(), SchemeName = Scheme, VersionNumber = number, Period = AssessmentPeriod.Month(2026, 10), StartedBy = "inspector-before-restart", QueuedAt = App.Clock.GetUtcNow() };
        int resumed;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            db.DryRuns.Add(orphan);
            await db.SaveChangesAsync();
            resumed = await DryRunJob.ResumeUnfinishedAsync(db, scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>(), scope.ServiceProvider.GetRequiredService<JobStorage>());
        }

        resumed.Should().Be(1);
        var finished = await DryRuns.FinishedAsync(inspector, DryRunView.Of(orphan));
        (finished.Status, finished.SubjectsDone).Should().Be((DryRunStatus.Completed, 6));
    }
}

public sealed class DryRunJobTestsOnSqlite(DryRunJobFixtureOnSqlite app) : DryRunJobTests<DryRunJobFixtureOnSqlite>(app);

public sealed class DryRunJobTestsOnPostgres(DryRunJobFixtureOnPostgres app) : DryRunJobTests<DryRunJobFixtureOnPostgres>(app);
