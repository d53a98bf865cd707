using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AssessmentEngine.Client;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Rules;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Reviews;

/// <summary>
/// Over real HTTP: a run is evaluated and published; an officer reads the explanation of their points and appeals;
/// an inspector upholds the appeal; the period is re-run with the adjustment; leadership approves and rejects the
/// proposed outcomes, schedules and records an interview, publishes and, after the appeal window, finalises.
/// </summary>
public abstract class ReviewAndAppealFlowTests
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private static readonly JsonSerializerOptions Json = TestApp.Json;

    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task A_run_is_published_appealed_adjusted_re_run_reviewed_and_finalised()
    {
        await using var app = await TestApp.StartAsync(Provider);
        var firstRun = await EvaluateAsync(app, supersedes: null);
        var leaderAccount = await app.CreateUserAsync(Role.Leader);
        var adminAccount = await app.CreateUserAsync(Role.Admin);
        var leader = Api(await app.SignInAsync(leaderAccount.UserName, TestApp.Password));
        var inspector = Api(await app.SignInAsync(Role.Inspector, ConstructedBrigade.Brigade));
        var a2 = Api(await app.SignInAsync(Role.Officer, ConstructedBrigade.SquadA, officerId: 2));

        // 公示: the leader publishes; the appeal window is three working days.
        (await StatusOf(() => leader.PublishRunAsync(firstRun))).Should().Be(HttpStatusCode.Conflict, "proposals are pending and the leader did not confirm");
        (await leader.PublishRunAsync(firstRun, confirmPending: true)).Publication.Should().Be("Published");

        // The officer reads every point of their month with its records, but not a colleague's.
        var own = await a2.OfficerResultAsync(2, "2026-10");
        own.Officer.Score.Should().Be(96);
        var late = own.Lines.Single(l => l.RuleName == "LateArrival");
        late.Points.Should().Be(-3);
        late.Parameters.GetProperty("lateCount").GetInt32().Should().Be(3);
        late.Evidence.Should().HaveCount(3).And.OnlyContain(e => e.Kind == "attendance");
        (await StatusOf(() => a2.OfficerResultAsync(1, "2026-10"))).Should().Be(HttpStatusCode.NotFound);
        (await StatusOf(() => a2.SquadsAsync("2026-10"))).Should().Be(HttpStatusCode.Forbidden);

        // 申诉: the officer appeals the late-arrival points; a statement is required; the inspector upholds +3.
        (await StatusOf(() => a2.FileAppealAsync(new NewAppeal(firstRun, 2, "LateArrival", "")))).Should().Be(HttpStatusCode.BadRequest);
        (await StatusOf(() => a2.FileAppealAsync(new NewAppeal(firstRun, 1, "LateArrival", "替同事申诉")))).Should().Be(HttpStatusCode.NotFound);
        var appeal = await a2.FileAppealAsync(new NewAppeal(firstRun, 2, "LateArrival", "10月26-28日考勤机故障，已有中队证明"));
        (await StatusOf(() => a2.UpholdAppealAsync(appeal.Id, new AppealDecision(3, "自己批准")))).Should().Be(HttpStatusCode.Forbidden);
        (await inspector.UpholdAppealAsync(appeal.Id, new AppealDecision(3, "考勤机故障属实"))).Status.Should().Be("Upheld");

        // The re-run applies the audited adjustment: 96 + 3 = 99.
        var secondRun = await EvaluateAsync(app, supersedes: firstRun);
        var corrected = await a2.OfficerResultAsync(2, "2026-10");
        corrected.RunId.Should().Be(secondRun);
        corrected.Officer.Score.Should().Be(99);
        corrected.Lines.Should().Contain(l => l.RuleName == "Appeal" && l.Points == 3);
        corrected.Appeals.Should().ContainSingle("the appeal belongs to the period's assessment, not to a run").Which.Status.Should().Be("Upheld");
        (await a2.TrendAsync(2, "2026-10")).Should().ContainSingle().Which.Score.Should().Be(99);

        // 审核: the leader works through the proposed outcomes of the re-run.
        var ofSecondRun = (await leader.OutcomesAsync(period: "2026-10")).Where(o => o.RunId == secondRun).ToList();
        var warning = ofSecondRun.Single(o => o.Kind == "Warning");
        var excellent = ofSecondRun.First(o => o.Kind == "ExcellentOfficer");
        var interview = ofSecondRun.Single(o => o.Kind == "Interview");
        (await StatusOf(() => leader.RejectOutcomeAsync(warning.Id, new ReasonGiven(" ")))).Should().Be(HttpStatusCode.BadRequest);
        var rejected = await leader.RejectOutcomeAsync(warning.Id, new ReasonGiven("处罚决定已补传视频"));
        rejected.Status.Should().Be("Rejected");
        rejected.RejectionReason.Should().Be("处罚决定已补传视频");
        (await leader.ApproveOutcomeAsync(excellent.Id)).Status.Should().Be("Approved");
        (await StatusOf(() => inspector.ApproveOutcomeAsync(interview.Id))).Should().Be(HttpStatusCode.Forbidden);
        await leader.ApproveOutcomeAsync(interview.Id);
        var when = app.Clock.GetUtcNow().AddHours(1);
        (await leader.ScheduleInterviewAsync(interview.Id, new InterviewPlan("大队长 王建国", when, "Committee"))).Status.Should().Be("Scheduled");
        app.Clock.Advance(TimeSpan.FromHours(2));
        var held = await leader.RecordInterviewAsync(interview.Id, new InterviewRecord(when, "本人认识到违反禁酒令的严重性，写出书面检查"));
        held.Status.Should().Be("Held");
        held.Notes.Should().Contain("书面检查");

        // Publication and finalisation of the corrected run: final only after the window closes.
        (await StatusOf(() => leader.PublishRunAsync(firstRun, confirmPending: true))).Should().Be(HttpStatusCode.Conflict, "the first run is superseded");
        (await leader.AssessmentAsync("2026-10")).HasUnpublishedChanges.Should().BeTrue();
        (await leader.ChangesAsync("2026-10")).Changes.Should().Contain(c => c.SubjectId == 2 && c.ScoreBefore == 96 && c.ScoreAfter == 99);
        (await leader.PublishAssessmentAsync("2026-10", confirmPending: true)).PublishedRunId.Should().Be(secondRun);
        (await StatusOf(() => leader.FinalizeRunAsync(secondRun))).Should().Be(HttpStatusCode.UnprocessableEntity);
        app.Clock.Advance(TimeSpan.FromDays(8));
        leader = Api(await app.SignInAsync(leaderAccount.UserName, TestApp.Password));
        (await leader.FinalizeAssessmentAsync("2026-10")).Publication.Should().Be("Final");
        (await leader.AssessmentsAsync()).Should().ContainSingle(a => a.Period == "2026-10").Which.FinalizedAt.Should().NotBeNull();
        (await StatusOf(() => leader.ReopenAssessmentAsync("2026-10", new ReasonGiven("复核更正")))).Should().Be(HttpStatusCode.Forbidden, "only an Admin reopens a final period");
        (await Api(await app.SignInAsync(adminAccount.UserName, TestApp.Password)).ReopenAssessmentAsync("2026-10", new ReasonGiven("复核更正"))).ReopenReason.Should().Be("复核更正");

        // Every change is in the audit log, with who did it.
        await using var db = app.Database.CreateContext();
        var entries = await db.Set<AssessmentEngine.Web.Infrastructure.Auditing.AuditEntry>().ToListAsync();
        entries.Select(a => a.Action).Should().Contain(["PublishAssessment", "FileAppeal", "UpholdAppeal", "RejectOutcome", "ApproveOutcome", "ScheduleInterview", "RecordInterview", "FinalizeAssessment", "ReopenAssessment"]);
        // Each entry names the unit it concerns, so that a brigade's auditor reads it: the appeal is officer A2's, in squad A.
        entries.Where(a => a.Action is "FileAppeal" or "UpholdAppeal").Should().OnlyContain(a => a.UnitId == ConstructedBrigade.SquadA);
        entries.Single(a => a.Action == "RejectOutcome").UnitId.Should().Be(warning.UnitId);
        entries.Where(a => a.Action is "PublishAssessment" or "FinalizeAssessment" or "ReopenAssessment").Should().OnlyContain(a => a.UnitId == null, "a period assessment is the whole detachment's");
    }

    [Fact]
    public async Task Rankings_and_exports_show_only_what_the_caller_may_see()
    {
        await using var app = await TestApp.StartAsync(Provider);
        await EvaluateAsync(app, supersedes: null);
        var squadLeader = await app.SignInAsync(Role.Leader, ConstructedBrigade.SquadB);
        var admin = await app.AdminAsync();

        var all = await ReadAsync<JsonElement>(await admin.GetAsync(new Uri("/api/periods/2026-10/officers", UriKind.Relative)));
        var ofSquadB = await ReadAsync<JsonElement>(await squadLeader.GetAsync(new Uri("/api/periods/2026-10/officers", UriKind.Relative)));
        var roadOnly = await ReadAsync<JsonElement>(await admin.GetAsync(new Uri("/api/periods/2026-10/officers?post=Road&grade=优秀", UriKind.Relative)));

        all.GetProperty("total").GetInt32().Should().Be(6);
        ofSquadB.GetProperty("officers").EnumerateArray().Select(o => o.GetProperty("badgeNumber").GetString()).Should().BeEquivalentTo("B1", "B2", "B3");
        roadOnly.GetProperty("officers").EnumerateArray().Select(o => o.GetProperty("badgeNumber").GetString()).Should().Equal("A1", "B1", "A2", "A3");
        (await squadLeader.GetAsync(new Uri($"/api/periods/2026-10/officers?squadId={ConstructedBrigade.SquadA}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.GetAsync(new Uri("/api/periods/2026-13/officers", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var unknown = await admin.GetAsync(new Uri("/api/periods/2025-01/officers", UriKind.Relative));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("2025-01 has no completed evaluation run yet");

        var csv = await admin.GetAsync(new Uri("/api/periods/2026-10/export?format=csv", UriKind.Relative));
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        text.Split("\r\n")[0].Should().Be("排名,警号,姓名,人员类别,岗位,大队,中队,得分,等级,同组人数,百分位,一票否决");
        text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(7);
        var xlsx = await squadLeader.GetAsync(new Uri("/api/periods/2026-10/export?format=xlsx", UriKind.Relative));
        xlsx.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var sheet = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var rows = sheet.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
        rows.Should().HaveCount(4, "a header and squad B's three officers");
        rows[0].InnerText.Should().StartWith("排名警号姓名");
    }

    private static async Task<Guid> EvaluateAsync(TestApp app, Guid? supersedes)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        if (!await db.Units.AnyAsync())
        {
            await ConstructedBrigade.SeedAsync(db, [October]);
            await TestSchemes.ReplaceShippedAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
        }
        var service = scope.ServiceProvider.GetRequiredService<EvaluationService>();
        var run = await service.QueueAsync(October, supersedes: supersedes);
        return (await service.CompleteAsync(run.Id, "test-node")).Id;
    }

    private static IAssessmentEngineApi Api(HttpClient client) => AssessmentEngineClient.Create(client);

    /// <summary>The status code an API call failed with (Refit throws on any non-success answer).</summary>
    private static async Task<HttpStatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return HttpStatusCode.OK;
        }
        catch (Refit.ApiException ex)
        {
            return ex.StatusCode;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }
}

public sealed class ReviewAndAppealFlowTestsOnSqlite : ReviewAndAppealFlowTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class ReviewAndAppealFlowTestsOnPostgres : ReviewAndAppealFlowTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
