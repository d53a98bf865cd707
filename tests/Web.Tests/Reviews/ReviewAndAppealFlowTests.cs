using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        var leader = await app.SignInAsync(leaderAccount.UserName, TestApp.Password);
        var inspector = await app.SignInAsync(Role.Inspector, ConstructedBrigade.Brigade);
        var a2 = await app.SignInAsync(Role.Officer, ConstructedBrigade.SquadA, officerId: 2);

        // 公示: the leader publishes; the appeal window is three working days.
        var published = await ReadAsync<JsonElement>(await leader.PostAsync(new Uri($"/api/runs/{firstRun}/publish", UriKind.Relative), null));
        published.GetProperty("publication").GetString().Should().Be("Published");

        // The officer reads every point of their month with its records, but not a colleague's.
        var own = await ReadAsync<JsonElement>(await a2.GetAsync(new Uri("/api/officers/2/results/2026-10", UriKind.Relative)));
        own.GetProperty("officer").GetProperty("score").GetDouble().Should().Be(96);
        var late = own.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("ruleName").GetString() == "LateArrival");
        late.GetProperty("points").GetDouble().Should().Be(-3);
        late.GetProperty("parameters").GetProperty("lateCount").GetInt32().Should().Be(3);
        late.GetProperty("evidence").EnumerateArray().Should().HaveCount(3).And.OnlyContain(e => e.GetProperty("kind").GetString() == "attendance");
        (await a2.GetAsync(new Uri("/api/officers/1/results/2026-10", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await a2.GetAsync(new Uri("/api/periods/2026-10/squads", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // 申诉: the officer appeals the late-arrival points; a statement is required; the inspector upholds +3.
        (await a2.PostAsJsonAsync("/api/appeals", new { runId = firstRun, officerId = 2, ruleName = "LateArrival", statement = "" }, Json)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await a2.PostAsJsonAsync("/api/appeals", new { runId = firstRun, officerId = 1, ruleName = "LateArrival", statement = "替同事申诉" }, Json)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var appeal = await ReadAsync<JsonElement>(await a2.PostAsJsonAsync("/api/appeals", new { runId = firstRun, officerId = 2, ruleName = "LateArrival", statement = "10月26-28日考勤机故障，已有中队证明" }, Json), HttpStatusCode.Created);
        var appealId = appeal.GetProperty("id").GetGuid();
        (await a2.PostAsJsonAsync($"/api/appeals/{appealId}/uphold", new { points = 3, reason = "自己批准" }, Json)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var upheld = await ReadAsync<JsonElement>(await inspector.PostAsJsonAsync($"/api/appeals/{appealId}/uphold", new { points = 3, reason = "考勤机故障属实" }, Json));
        upheld.GetProperty("status").GetString().Should().Be("Upheld");

        // The re-run applies the audited adjustment: 96 + 3 = 99.
        var secondRun = await EvaluateAsync(app, supersedes: firstRun);
        var corrected = await ReadAsync<JsonElement>(await a2.GetAsync(new Uri("/api/officers/2/results/2026-10", UriKind.Relative)));
        corrected.GetProperty("runId").GetGuid().Should().Be(secondRun);
        corrected.GetProperty("officer").GetProperty("score").GetDouble().Should().Be(99);
        corrected.GetProperty("lines").EnumerateArray().Should().Contain(l => l.GetProperty("ruleName").GetString() == "Appeal" && l.GetProperty("points").GetDouble() == 3);

        // 审核: the leader works through the proposed outcomes of the re-run.
        var queue = await ReadAsync<List<JsonElement>>(await leader.GetAsync(new Uri("/api/outcomes?period=2026-10", UriKind.Relative)));
        var ofSecondRun = queue.Where(o => o.GetProperty("runId").GetGuid() == secondRun).ToList();
        var warning = ofSecondRun.Single(o => o.GetProperty("kind").GetString() == "Warning");
        var excellent = ofSecondRun.First(o => o.GetProperty("kind").GetString() == "ExcellentOfficer");
        var interview = ofSecondRun.Single(o => o.GetProperty("kind").GetString() == "Interview");
        (await leader.PostAsJsonAsync($"/api/outcomes/{warning.GetProperty("id").GetGuid()}/reject", new { reason = " " }, Json)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var rejected = await ReadAsync<JsonElement>(await leader.PostAsJsonAsync($"/api/outcomes/{warning.GetProperty("id").GetGuid()}/reject", new { reason = "处罚决定已补传视频" }, Json));
        rejected.GetProperty("status").GetString().Should().Be("Rejected");
        rejected.GetProperty("rejectionReason").GetString().Should().Be("处罚决定已补传视频");
        (await ReadAsync<JsonElement>(await leader.PostAsync(new Uri($"/api/outcomes/{excellent.GetProperty("id").GetGuid()}/approve", UriKind.Relative), null)))
            .GetProperty("status").GetString().Should().Be("Approved");
        (await inspector.PostAsync(new Uri($"/api/outcomes/{interview.GetProperty("id").GetGuid()}/approve", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var interviewId = interview.GetProperty("id").GetGuid();
        await ReadAsync<JsonElement>(await leader.PostAsync(new Uri($"/api/outcomes/{interviewId}/approve", UriKind.Relative), null));
        var when = DateTimeOffset.UtcNow.AddDays(2);
        var scheduled = await ReadAsync<JsonElement>(await leader.PostAsJsonAsync($"/api/outcomes/{interviewId}/schedule", new { interviewer = "大队长 王建国", at = when, level = "Committee" }, Json));
        scheduled.GetProperty("status").GetString().Should().Be("Scheduled");
        var held = await ReadAsync<JsonElement>(await leader.PostAsJsonAsync($"/api/outcomes/{interviewId}/hold", new { heldAt = when, notes = "本人认识到违反禁酒令的严重性，写出书面检查" }, Json));
        held.GetProperty("status").GetString().Should().Be("Held");

        // Publication and finalisation of the corrected run: final only after the window closes.
        await ReadAsync<JsonElement>(await leader.PostAsync(new Uri($"/api/runs/{secondRun}/publish", UriKind.Relative), null));
        (await leader.PostAsync(new Uri($"/api/runs/{secondRun}/finalize", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        app.Clock.Advance(TimeSpan.FromDays(8));
        leader = await app.SignInAsync(leaderAccount.UserName, TestApp.Password);
        var final = await ReadAsync<JsonElement>(await leader.PostAsync(new Uri($"/api/runs/{secondRun}/finalize", UriKind.Relative), null));
        final.GetProperty("publication").GetString().Should().Be("Final");

        // Every change is in the audit log, with who did it.
        await using var db = app.Database.CreateContext();
        var actions = await db.Set<AssessmentEngine.Web.Infrastructure.Auditing.AuditEntry>().Select(a => a.Action).ToListAsync();
        actions.Should().Contain(["PublishRun", "FileAppeal", "UpholdAppeal", "RejectOutcome", "ApproveOutcome", "ScheduleInterview", "RecordInterview", "FinalizeRun"]);
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
            // The hand-computed figures are those of the test schemes: withdraw the shipped ones the app imported.
            foreach (var shipped in await db.RuleSetVersions.ToListAsync())
                shipped.Retire();
            await db.SaveChangesAsync();
            await ShippedSchemes.ImportAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>(), TestSchemes.All, DateTimeOffset.UtcNow);
        }
        var service = scope.ServiceProvider.GetRequiredService<EvaluationService>();
        var run = await service.QueueAsync(October, supersedes: supersedes);
        return (await service.CompleteAsync(run.Id, "test-node")).Id;
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
