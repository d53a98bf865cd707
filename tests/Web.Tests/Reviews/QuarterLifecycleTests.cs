using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Appeals;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Features.Runs;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Reviews;

/// <summary>
/// A brigade's quarter over real HTTP: three months evaluated, reviewed (approve, reject with a reason, schedule and record
/// an interview) and published; an officer appeals, an inspector upholds; the last month is re-run three times (the
/// adjustment, a corrected fact, nothing new) and republished after the change list; then finalised and reopened.
/// </summary>
public abstract class QuarterLifecycleTests
{
    private static readonly AssessmentPeriod[] Quarter = [AssessmentPeriod.Month(2026, 7), AssessmentPeriod.Month(2026, 8), AssessmentPeriod.Month(2026, 9)];

    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task Decisions_appeals_and_publication_survive_three_re_runs_of_a_published_month()
    {
        await using var app = await TestApp.StartAsync(Provider);
        await SeedAsync(app);
        var leaderAccount = await app.CreateUserAsync(Role.Leader);
        var leader = await app.SignInAsync(leaderAccount.UserName, TestApp.Password);
        var inspector = await app.SignInAsync(Role.Inspector, ConstructedBrigade.Brigade);
        var a2 = await app.SignInAsync(Role.Officer, ConstructedBrigade.SquadA, officerId: 2);
        var b3 = await app.SignInAsync(Role.Officer, ConstructedBrigade.SquadB, officerId: 6);

        // Each month: evaluated, reviewed, published (the pending ones need an explicit confirmation, which reports their number).
        foreach (var month in Quarter)
        {
            await EvaluateAsync(app, month);
            var queue = await QueueAsync(leader, month, "All");
            queue.Should().OnlyHaveUniqueItems(o => o.SubjectKind + ":" + o.SubjectId + ":" + o.Kind + ":" + o.Level);
            var warning = queue.Single(o => o.Kind == "Warning" && o.SubjectId == 3);
            (await PostAsync(leader, $"/api/outcomes/{warning.Id}/reject", new { reason = "补传视频已核实" })).StatusCode.Should().Be(HttpStatusCode.OK);
            var excellent = queue.Single(o => o.Kind == "ExcellentOfficer" && o.SubjectId == 1);
            (await PostAsync(leader, $"/api/outcomes/{excellent.Id}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
            var interview = queue.Single(o => o.Kind == "Interview" && o.SubjectId == 5);
            await PostOkAsync(leader, $"/api/outcomes/{interview.Id}/approve", null);
            (await PostAsync(leader, $"/api/outcomes/{interview.Id}/hold", new { heldAt = app.Clock.GetUtcNow(), notes = "x" })).StatusCode
                .Should().Be(HttpStatusCode.UnprocessableEntity, "an approved interview is scheduled before it is held");
            var past = await PostAsync(leader, $"/api/outcomes/{interview.Id}/schedule", new { interviewer = "大队长 王建国", at = app.Clock.GetUtcNow().AddHours(-1), level = "Committee" });
            past.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
            (await past.Content.ReadAsStringAsync()).Should().Contain("which is in the past");
            await PostOkAsync(leader, $"/api/outcomes/{interview.Id}/schedule", new { interviewer = "大队长 王建国", at = app.Clock.GetUtcNow().AddHours(1), level = "Committee" });
            var future = await PostAsync(leader, $"/api/outcomes/{interview.Id}/hold", new { heldAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), notes = "谈话" });
            future.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
            (await future.Content.ReadAsStringAsync()).Should().Contain("which is in the future");
            app.Clock.Advance(TimeSpan.FromHours(2));
            await PostOkAsync(leader, $"/api/outcomes/{interview.Id}/hold", new { heldAt = app.Clock.GetUtcNow().AddMinutes(-50), notes = "本人认识到违反禁酒令的严重性，写出书面检查" });

            var pending = (await QueueAsync(leader, month, "Proposed")).Count;
            pending.Should().BeGreaterThan(0, "the squad commendation and B3's are left pending");
            var refused = await PostAsync(leader, $"/api/assessments/{month.Key}/publish", null);
            refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await refused.Content.ReadAsStringAsync()).Should().Contain($"{pending} proposed outcome(s) of {month.Key} are still pending review");
            var published = await PostOkAsync<AssessmentView>(leader, $"/api/assessments/{month.Key}/publish?confirmPending=true", null);
            published.Publication.Should().Be("Published");
            published.PublicationNumber.Should().Be(1);
        }

        // September: A2 appeals the late arrivals; the inspector upholds +3; the line cannot be appealed again in this publication.
        var september = Quarter[2];
        var appeal = await PostOkAsync<AppealView>(a2, "/api/appeals", new { period = "2026-09", officerId = 2, ruleName = "LateArrival", statement = "9月26-28日考勤机故障，已有中队证明" }, HttpStatusCode.Created);
        var upheld = await PostOkAsync<AppealView>(inspector, $"/api/appeals/{appeal.Id}/uphold", new { points = 3, reason = "考勤机故障属实" });
        upheld.Status.Should().Be("Upheld");
        var again = await PostAsync(a2, "/api/appeals", new { period = "2026-09", officerId = 2, ruleName = "LateArrival", statement = "再次申诉" });
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).Should().Contain("was already appealed by officer 2 in this publication and the appeal was Upheld");
        var firstRun = (await GetAsync<AssessmentView>(leader, "/api/assessments/2026-09")).CurrentRunId!.Value;
        var before = await QueueAsync(leader, september, "All");

        // Re-run 1: the adjustment. Re-run 2: a corrected fact (A1's verified drinking on duty). Re-run 3: nothing new.
        await EvaluateAsync(app, september);
        var officerToken = await app.CreateTokenAsync(Role.System);
        using (var system = app.CreateBearerClient(officerToken.Secret))
        {
            var correction = await system.PostAsJsonAsync("/api/ingest/discipline-incidents",
                new[] { new { externalId = "INC-2026-09-A1", officerId = 1, code = "drinking", occurredAt = "2026-09-18T21:00:00+08:00", status = "verified" } }, TestApp.Json);
            correction.StatusCode.Should().Be(HttpStatusCode.OK, await correction.Content.ReadAsStringAsync());
        }
        await EvaluateAsync(app, september);
        var lastRun = await EvaluateAsync(app, september);

        // One queue item per proposal: what the current run proposes, once; decisions carried with their history.
        var after = await QueueAsync(leader, september, "All");
        after.Should().OnlyHaveUniqueItems(o => o.SubjectKind + ":" + o.SubjectId + ":" + o.Kind + ":" + o.Level);
        var live = after.Where(o => o.Live).ToList();
        var lastRunView = await GetAsync<RunDetail>(leader, $"/api/runs/{lastRun}");
        live.Should().HaveCount(lastRunView.Run.Outcomes!.Value);
        var carriedWarning = after.Single(o => o.Kind == "Warning" && o.SubjectId == 3);
        carriedWarning.Id.Should().Be(before.Single(o => o.Kind == "Warning" && o.SubjectId == 3).Id);
        carriedWarning.Status.Should().Be("Rejected");
        carriedWarning.RejectionReason.Should().Be("补传视频已核实");
        carriedWarning.History.Count(e => e.Action == "Carried").Should().Be(3);
        var carriedInterview = after.Single(o => o.Kind == "Interview" && o.SubjectId == 5);
        carriedInterview.Status.Should().Be("Held");
        carriedInterview.Notes.Should().Contain("书面检查");

        // A1's approved commendation is withdrawn by the re-run that saw the correction; a withdrawn proposal refuses decisions.
        var withdrawn = after.Single(o => o.Kind == "ExcellentOfficer" && o.SubjectId == 1);
        withdrawn.Live.Should().BeFalse();
        withdrawn.Status.Should().Be("Withdrawn");
        withdrawn.WithdrawnByRunId.Should().NotBeNull().And.NotBe(firstRun);
        var refusedDecision = await PostAsync(leader, $"/api/outcomes/{withdrawn.Id}/reject", new { reason = "迟来的驳回" });
        refusedDecision.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refusedDecision.Content.ReadAsStringAsync()).Should().Contain($"was withdrawn by run {withdrawn.WithdrawnByRunId}");
        var newInterview = after.Single(o => o.Kind == "Interview" && o.SubjectId == 1);
        newInterview.Status.Should().Be("Proposed");

        // The adjustment is counted exactly once, whatever the number of re-runs.
        var explained = await GetAsync<OfficerResultView>(a2, "/api/officers/2/results/2026-09");
        explained.Officer.Score.Should().Be(99);
        explained.Lines.Where(l => l.RuleName == "Appeal").Should().ContainSingle().Which.Points.Should().Be(3);
        await using (var db = app.Database.CreateContext())
            (await db.ManualAdjustments.CountAsync()).Should().Be(1);

        // The appeal stays visible to the officer across the runs.
        explained.Appeals.Should().ContainSingle().Which.Status.Should().Be("Upheld");
        (await GetAsync<List<AppealView>>(a2, "/api/appeals?period=2026-09")).Should().ContainSingle(a => a.Id == appeal.Id);
        explained.HasUnpublishedChanges.Should().BeTrue();

        // The change list leaders read before republishing; a superseded run refuses publication with a reason.
        var changes = await GetAsync<ChangeListView>(leader, "/api/assessments/2026-09/changes");
        changes.PublishedRunId.Should().Be(firstRun);
        changes.CurrentRunId.Should().Be(lastRun);
        changes.Changes.Should().Contain(c => c.SubjectKind == "Officer" && c.SubjectId == 2 && c.ScoreDelta == 3);
        changes.Changes.Should().Contain(c => c.SubjectKind == "Officer" && c.SubjectId == 1 && c.OutcomesBefore.Contains("ExcellentOfficer") && c.OutcomesAfter.Contains("Interview:Committee"));
        changes.Changes.Should().NotContain(c => c.SubjectId == 6 && c.SubjectKind == "Officer", "B3's results did not change");
        var stale = await PostAsync(leader, $"/api/runs/{firstRun}/publish?confirmPending=true", null);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await stale.Content.ReadAsStringAsync()).Should().Contain($"Run {firstRun} is superseded by run {lastRun}");

        var republished = await PostOkAsync<AssessmentView>(leader, "/api/assessments/2026-09/publish?confirmPending=true", null);
        republished.PublicationNumber.Should().Be(2);
        republished.PublishedRunId.Should().Be(lastRun);
        republished.HasUnpublishedChanges.Should().BeFalse();
        var runs = await GetAsync<List<RunView>>(leader, "/api/runs?period=2026-09");
        runs.Should().HaveCount(4);
        (await GetAsync<List<AssessmentView>>(leader, "/api/assessments")).Where(a => a.Period == "2026-09")
            .Should().ContainSingle().Which.PublishedRunId.Should().Be(lastRun, "no earlier run is shown as published");

        // The new window is for those whose results changed: A2 may appeal again, B3 may not.
        (await PostAsync(a2, "/api/appeals", new { period = "2026-09", officerId = 2, ruleName = "LateArrival", statement = "调整后仍有一日未核实" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var unchanged = await PostAsync(b3, "/api/appeals", new { period = "2026-09", officerId = 6, ruleName = "Letter", statement = "锦旗应计两面" });
        unchanged.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await unchanged.Content.ReadAsStringAsync()).Should().Contain("Publication 2 of 2026-09 opened appeals only for those whose results changed");
        var second = (await GetAsync<List<AppealView>>(inspector, "/api/appeals?period=2026-09&status=Filed")).Single();
        await PostOkAsync(inspector, $"/api/appeals/{second.Id}/reject", new { reason = "无新证据" });

        // Final after the window; a final period is re-run only after an administrator reopens it, with a reason.
        app.Clock.Advance(TimeSpan.FromDays(8));
        leader = await app.SignInAsync(leaderAccount.UserName, TestApp.Password);
        (await PostOkAsync<AssessmentView>(leader, "/api/assessments/2026-09/finalize", null)).Publication.Should().Be("Final");
        var rerunFinal = async () => await EvaluateAsync(app, september);
        await rerunFinal.Should().ThrowAsync<AssessmentEngine.Domain.DomainConflictException>().WithMessage("2026-09 is final (定稿)*");
        var admin = await app.SignInAsync(AssessmentEngine.Web.Features.Accounts.CreateInitialAdmin.UserName, TestApp.AdminPassword);
        (await PostAsync(leader, "/api/assessments/2026-09/reopen", new { reason = "x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var reopened = await PostOkAsync<AssessmentView>(admin, "/api/assessments/2026-09/reopen", new { reason = "督察通报更正：A1 饮酒记录核实有误" });
        reopened.Publication.Should().Be("Published");
        reopened.ReopenReason.Should().Contain("核实有误");
        await using (var db = app.Database.CreateContext())
        {
            var actions = await db.Set<AssessmentEngine.Web.Infrastructure.Auditing.AuditEntry>().Select(a => a.Action).ToListAsync();
            actions.Should().Contain(["PublishAssessment", "FinalizeAssessment", "ReopenAssessment", "FileAppeal", "UpholdAppeal"]);
        }
        await EvaluateAsync(app, september);
    }

    private static async Task SeedAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        await ConstructedBrigade.SeedAsync(db, Quarter);
        await TestSchemes.ReplaceShippedAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
    }

    /// <summary>Queues and completes a run of <paramref name="period"/> in the app (scheduling is off in these tests).</summary>
    private static async Task<Guid> EvaluateAsync(TestApp app, AssessmentPeriod period)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<EvaluationService>();
        var run = await service.QueueAsync(period);
        return (await service.CompleteAsync(run.Id, "test-node")).Id;
    }

    private static Task<List<OutcomeView>> QueueAsync(HttpClient client, AssessmentPeriod period, string status) =>
        GetAsync<List<OutcomeView>>(client, $"/api/outcomes?period={period.Key}&status={status}");

    private static async Task<T> GetAsync<T>(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(TestApp.Json))!;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object? body) =>
        body is null ? client.PostAsync(new Uri(url, UriKind.Relative), null) : client.PostAsJsonAsync(url, body, TestApp.Json);

    private static async Task PostOkAsync(HttpClient client, string url, object? body)
    {
        using var response = await PostAsync(client, url, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<T> PostOkAsync<T>(HttpClient client, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await PostAsync(client, url, body);
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(TestApp.Json))!;
    }
}

public sealed class QuarterLifecycleTestsOnSqlite : QuarterLifecycleTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class QuarterLifecycleTestsOnPostgres : QuarterLifecycleTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
