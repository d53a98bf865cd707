using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using AssessmentEngine.Web.Tests.Interlock;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Security;

/// <summary>
/// Every endpoint × every role over real HTTP: anonymous → 401, a role without the right → 403, a role with it → anything
/// but 401/403 and never a 5xx; and, for the endpoints that touch one unit or officer, in scope → found, out of scope → 404.
/// The table must list every endpoint the app maps, so a new endpoint cannot ship without its row.
/// </summary>
public abstract class AuthorizationMatrixTests
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);
    private static readonly Role[] Everyone = [Role.Admin, Role.Inspector, Role.Leader, Role.Officer, Role.Auditor, Role.System];
    private static readonly Role[] Readers = [Role.Admin, Role.Inspector, Role.Leader, Role.Auditor];

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>One row of the matrix: the route as the app maps it, a concrete request, and the roles allowed.</summary>
    private sealed record Row(string Method, string Pattern, Func<Ids, string> Url, Func<Ids, object?>? Body, Role[] Allowed, bool Anonymous = false);

    private sealed record Ids(Guid RunId, Guid OutcomeId, Guid AppealId, long UserId, long TokenId);

    private static readonly Row[] Rows =
    [
        new("GET", "/health", _ => "/health", null, Everyone, Anonymous: true),
        new("POST", "/api/auth/login", _ => "/api/auth/login", _ => new { userName = "nobody", password = "wrong-password" }, Everyone, Anonymous: true),
        new("POST", "/api/auth/logout", _ => "/api/auth/logout", null, Everyone),
        new("GET", "/api/auth/me", _ => "/api/auth/me", null, Everyone),
        new("POST", "/api/auth/password", _ => "/api/auth/password", _ => new { currentPassword = TestApp.Password, newPassword = "a brand new correct horse" }, [Role.Admin, Role.Inspector, Role.Leader, Role.Officer, Role.Auditor]),
        new("GET", "/api/units", _ => "/api/units", null, Readers),
        new("GET", "/openapi/{documentName}.json", _ => "/openapi/v1.json", null, Everyone),
        new("GET", "/api/users/", _ => "/api/users", null, [Role.Admin]),
        new("POST", "/api/users/", _ => "/api/users", _ => new { userName = $"u{Guid.NewGuid():N}"[..12], displayName = "新用户", role = "Auditor", password = TestApp.Password }, [Role.Admin]),
        new("POST", "/api/users/{id:long}/password", i => $"/api/users/{i.UserId}/password", _ => new { password = "another correct horse battery" }, [Role.Admin]),
        new("POST", "/api/users/{id:long}/unlock", i => $"/api/users/{i.UserId}/unlock", null, [Role.Admin]),
        new("POST", "/api/users/{id:long}/disable", i => $"/api/users/{i.UserId}/disable", null, [Role.Admin]),
        new("POST", "/api/users/{id:long}/enable", i => $"/api/users/{i.UserId}/enable", null, [Role.Admin]),
        new("GET", "/api/tokens/", _ => "/api/tokens", null, [Role.Admin]),
        new("POST", "/api/tokens/", _ => "/api/tokens", _ => new { name = $"t{Guid.NewGuid():N}", role = "System" }, [Role.Admin]),
        new("POST", "/api/tokens/{id:long}/rotate", i => $"/api/tokens/{i.TokenId}/rotate", null, [Role.Admin]),
        new("POST", "/api/tokens/{id:long}/revoke", i => $"/api/tokens/{i.TokenId}/revoke", null, [Role.Admin]),
        new("GET", "/api/audit/", _ => "/api/audit", null, [Role.Admin, Role.Auditor]),
        new("GET", "/api/audit/export", _ => "/api/audit/export?format=csv", null, [Role.Admin, Role.Auditor]),
        new("GET", "/api/periods/{period}/officers", _ => "/api/periods/2026-10/officers", null, [.. Readers, Role.Officer]),
        new("GET", "/api/periods/{period}/squads", _ => "/api/periods/2026-10/squads", null, Readers),
        new("GET", "/api/dashboard", _ => "/api/dashboard?period=2026-10", null, Readers),
        new("GET", "/api/periods/{period}/export", _ => "/api/periods/2026-10/export?format=csv", null, Readers),
        new("GET", "/api/officers/{officerId:long}/results/{period}", _ => "/api/officers/2/results/2026-10", null, [.. Readers, Role.Officer]),
        new("GET", "/api/officers/{officerId:long}/trend", _ => "/api/officers/2/trend?to=2026-10", null, [.. Readers, Role.Officer]),
        new("GET", "/api/outcomes/", _ => "/api/outcomes", null, Readers),
        new("POST", "/api/outcomes/approve", _ => "/api/outcomes/approve", i => new { outcomeIds = new[] { i.OutcomeId } }, [Role.Admin, Role.Leader]),
        new("POST", "/api/outcomes/{id:guid}/approve", i => $"/api/outcomes/{i.OutcomeId}/approve", null, [Role.Admin, Role.Leader]),
        new("POST", "/api/outcomes/{id:guid}/reject", i => $"/api/outcomes/{i.OutcomeId}/reject", _ => new { reason = "材料不全" }, [Role.Admin, Role.Leader]),
        new("POST", "/api/outcomes/{id:guid}/schedule", i => $"/api/outcomes/{i.OutcomeId}/schedule", _ => new { interviewer = "大队长", at = DateTimeOffset.UtcNow.AddDays(1), level = "Squad" }, [Role.Admin, Role.Leader]),
        new("POST", "/api/outcomes/{id:guid}/hold", i => $"/api/outcomes/{i.OutcomeId}/hold", _ => new { heldAt = DateTimeOffset.UtcNow, notes = "已谈话" }, [Role.Admin, Role.Leader]),
        new("POST", "/api/runs/{runId:guid}/publish", i => $"/api/runs/{i.RunId}/publish", null, [Role.Admin, Role.Leader]),
        new("POST", "/api/runs/{runId:guid}/finalize", i => $"/api/runs/{i.RunId}/finalize", null, [Role.Admin, Role.Leader]),
        new("GET", "/api/assessments/", _ => "/api/assessments", null, Readers),
        new("GET", "/api/assessments/{period}", _ => "/api/assessments/2026-10", null, Readers),
        new("GET", "/api/assessments/{period}/changes", _ => "/api/assessments/2026-10/changes", null, Readers),
        new("POST", "/api/assessments/{period}/publish", _ => "/api/assessments/2026-10/publish", null, [Role.Admin, Role.Leader]),
        new("POST", "/api/assessments/{period}/finalize", _ => "/api/assessments/2026-10/finalize", null, [Role.Admin, Role.Leader]),
        new("POST", "/api/assessments/{period}/reopen", _ => "/api/assessments/2026-10/reopen", _ => new { reason = "考勤数据更正" }, [Role.Admin]),
        new("GET", "/api/appeals/", _ => "/api/appeals", null, [.. Readers, Role.Officer]),
        new("POST", "/api/appeals/", i => "/api/appeals", i => new { runId = i.RunId, officerId = 2, ruleName = "LateArrival", statement = "考勤机故障" }, [Role.Officer, Role.Inspector, Role.Admin]),
        new("POST", "/api/appeals/{id:guid}/uphold", i => $"/api/appeals/{i.AppealId}/uphold", _ => new { points = 1, reason = "属实" }, [Role.Inspector, Role.Admin]),
        new("POST", "/api/appeals/{id:guid}/reject", i => $"/api/appeals/{i.AppealId}/reject", _ => new { reason = "不属实" }, [Role.Inspector, Role.Admin]),
        new("GET", "/api/runs/", _ => "/api/runs", null, Readers),
        new("GET", "/api/runs/{id:guid}", i => $"/api/runs/{i.RunId}", null, Readers),
        new("POST", "/api/runs/", _ => "/api/runs", _ => new { period = "2026-10" }, [Role.Admin, Role.Inspector, Role.Leader]),
        new("POST", "/api/runs/{id:guid}/cross-check/acknowledge", i => $"/api/runs/{i.RunId}/cross-check/acknowledge", _ => new { reason = "matrix" }, [Role.Admin]),
        new("GET", "/api/scheduler/", _ => "/api/scheduler", null, [Role.Admin]),
        new("POST", "/api/scheduler/pause", _ => "/api/scheduler/pause", null, [Role.Admin]),
        new("POST", "/api/scheduler/resume", _ => "/api/scheduler/resume", null, [Role.Admin]),
        new("POST", "/api/scheduler/trigger/{job}", _ => "/api/scheduler/trigger/monthly?period=2026-09", null, [Role.Admin]),
        new("GET", "/api/rulesets/", _ => "/api/rulesets", null, Readers),
        new("GET", "/api/rulesets/{scheme}/versions/{number:int}", _ => "/api/rulesets/test-officer-monthly/versions/1", null, Readers),
        new("GET", "/api/rulesets/{scheme}/diff", _ => "/api/rulesets/test-officer-monthly/diff?from=1&to=1", null, Readers),
        new("POST", "/api/rulesets/validate", _ => "/api/rulesets/validate", _ => new { content = TestSchemes.Officer }, [Role.Inspector, Role.Admin]),
        new("POST", "/api/rulesets/{scheme}/versions", _ => "/api/rulesets/test-officer-monthly/versions", _ => new { fromVersion = 1, note = "副本" }, [Role.Inspector, Role.Admin]),
        new("POST", "/api/rulesets/{scheme}/versions/{number:int}/dry-run", _ => "/api/rulesets/test-officer-monthly/versions/1/dry-run", _ => new { period = "2026-10" }, [Role.Inspector, Role.Admin]),
        new("GET", "/api/rulesets/{scheme}/versions/{number:int}/dry-runs/{id:guid}", i => $"/api/rulesets/test-officer-monthly/versions/1/dry-runs/{i.RunId}", null, [Role.Inspector, Role.Admin]),
        new("POST", "/api/rulesets/{scheme}/versions/{number:int}/activate", _ => "/api/rulesets/test-officer-monthly/versions/1/activate", _ => new { effectiveFrom = "2027-01" }, [Role.Inspector, Role.Admin]),
        new("POST", "/api/checks/{workflow}", _ => "/api/checks/penalty-interlock", _ => PenaltyEvents.Routine(officerId: 2), [Role.System, Role.Admin, Role.Inspector]),
        new("GET", "/api/ingest/kinds", _ => "/api/ingest/kinds", null, [Role.Admin, Role.Inspector, Role.Auditor, Role.System]),
        new("GET", "/api/ingest/batches", _ => "/api/ingest/batches", null, [Role.Admin, Role.Inspector, Role.Auditor, Role.System]),
        new("POST", "/api/ingest/{kind}", _ => "/api/ingest/commendations", _ => new[] { new { externalId = "MATRIX-1", officerId = 1, level = "letter", awardedAt = "2026-10-05T08:30:00+08:00" } }, [Role.Admin, Role.Inspector, Role.System]),
        new("GET", "/api/connectors/", _ => "/api/connectors", null, [Role.Admin, Role.Inspector, Role.Auditor]),
        new("GET", "/api/connectors/{name}/runs", _ => "/api/connectors/bodycam/runs", null, [Role.Admin, Role.Inspector, Role.Auditor]),
        new("POST", "/api/connectors/{name}/pull", _ => "/api/connectors/bodycam/pull", null, [Role.Admin, Role.Inspector]),
    ];

    [Fact]
    public async Task Every_endpoint_answers_every_role_as_the_matrix_says()
    {
        await using var app = await TestApp.StartAsync(Provider);
        var ids = await ArrangeAsync(app);
        var clients = new Dictionary<Role, HttpClient>();
        foreach (var role in Everyone)
        {
            clients[role] = role == Role.System
                ? app.CreateBearerClient((await app.CreateTokenAsync(Role.System)).Secret)
                : await app.SignInAsync(role, unitId: role == Role.Officer ? ConstructedBrigade.SquadA : null, officerId: role == Role.Officer ? 2 : null);
        }
        var anonymous = app.CreateClient();
        var failures = new List<string>();

        foreach (var row in Rows)
        {
            var status = await SendAsync(anonymous, row, ids);
            if (row.Anonymous ? status is >= 500 : status != 401)
                failures.Add($"{row.Method} {row.Pattern} anonymous → {status}, expected {(row.Anonymous ? "an answer" : "401")}");
            foreach (var role in Everyone)
            {
                if (row.Method == "POST" && row.Pattern == "/api/auth/logout")
                    continue; // signing out would end the session the next rows use
                status = await SendAsync(clients[role], row, ids);
                var allowed = row.Allowed.Contains(role);
                // Anonymous endpoints answer on their own terms (a wrong password is a 401 for anyone); only a 5xx is wrong.
                if (row.Anonymous ? status >= 500 : status >= 500 || (allowed && status is 401 or 403) || (!allowed && status != 403))
                    failures.Add($"{row.Method} {row.Pattern} as {role} → {status}, expected {(allowed ? "not 401/403" : "403")}");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Nothing_outside_ones_scope_is_readable_or_changeable()
    {
        await using var app = await TestApp.StartAsync(Provider);
        var ids = await ArrangeAsync(app);
        var leaderOfSquadB = await app.SignInAsync(Role.Leader, ConstructedBrigade.SquadB);
        var inspectorOfSquadB = await app.SignInAsync(Role.Inspector, ConstructedBrigade.SquadB);
        var inspectorOfSquadA = await app.SignInAsync(Role.Inspector, ConstructedBrigade.SquadA);
        var officerA2 = await app.SignInAsync(Role.Officer, ConstructedBrigade.SquadA, officerId: 2);

        // In scope: found.
        (await GetAsync(leaderOfSquadB, "/api/officers/4/results/2026-10")).Should().Be(HttpStatusCode.OK);
        (await GetAsync(officerA2, "/api/officers/2/results/2026-10")).Should().Be(HttpStatusCode.OK);
        (await GetAsync(officerA2, "/api/officers/2/trend?to=2026-10")).Should().Be(HttpStatusCode.OK);
        // Out of scope: not found, never forbidden (nothing tells what exists outside).
        (await GetAsync(leaderOfSquadB, "/api/officers/2/results/2026-10")).Should().Be(HttpStatusCode.NotFound);
        (await GetAsync(leaderOfSquadB, "/api/officers/2/trend?to=2026-10")).Should().Be(HttpStatusCode.NotFound);
        (await GetAsync(leaderOfSquadB, $"/api/periods/2026-10/officers?squadId={ConstructedBrigade.SquadA}")).Should().Be(HttpStatusCode.NotFound);
        (await GetAsync(leaderOfSquadB, $"/api/periods/2026-10/squads?brigadeId={ConstructedBrigade.Brigade}")).Should().Be(HttpStatusCode.NotFound);
        (await GetAsync(leaderOfSquadB, $"/api/dashboard?period=2026-10&unitId={ConstructedBrigade.SquadA}")).Should().Be(HttpStatusCode.NotFound);
        (await GetAsync(officerA2, "/api/officers/1/results/2026-10")).Should().Be(HttpStatusCode.NotFound);
        (await GetAsync(officerA2, "/api/officers/1/trend?to=2026-10")).Should().Be(HttpStatusCode.NotFound);
        (await leaderOfSquadB.PostAsync(new Uri($"/api/outcomes/{ids.OutcomeId}/approve", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound, "the outcome is A3's, in squad A");
        (await leaderOfSquadB.PostAsync(new Uri($"/api/runs/{ids.RunId}/publish", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound, "publishing concerns the whole detachment");
        (await inspectorOfSquadB.PostAsJsonAsync($"/api/appeals/{ids.AppealId}/reject", new { reason = "越权" }, TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await inspectorOfSquadB.PostAsJsonAsync("/api/appeals", new { runId = ids.RunId, officerId = 2, ruleName = "LateArrival", statement = "代为申诉" }, TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        // Real-time checks: a terminal (System token) or an inspector checks events of its own units' officers only.
        using var terminalOfSquadA = app.CreateBearerClient((await app.CreateTokenAsync(Role.System, ConstructedBrigade.SquadA)).Secret);
        using var terminalOfSquadB = app.CreateBearerClient((await app.CreateTokenAsync(Role.System, ConstructedBrigade.SquadB)).Secret);
        (await terminalOfSquadA.PostAsJsonAsync("/api/checks/penalty-interlock", PenaltyEvents.Routine(officerId: 2), TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await terminalOfSquadB.PostAsJsonAsync("/api/checks/penalty-interlock", PenaltyEvents.Routine(officerId: 2), TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await inspectorOfSquadA.PostAsJsonAsync("/api/checks/penalty-interlock", PenaltyEvents.Routine(officerId: 2), TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await inspectorOfSquadB.PostAsJsonAsync("/api/checks/penalty-interlock", PenaltyEvents.Routine(officerId: 2), TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        // A batch about an officer outside the sender's scope is refused, row by row, in the same words as an unknown officer.
        var outside = await inspectorOfSquadB.PostAsJsonAsync("/api/ingest/commendations", new[] { new { externalId = "SCOPE-1", officerId = 2, level = "letter", awardedAt = "2026-10-05T08:30:00+08:00" } }, TestApp.Json);
        outside.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await outside.Content.ReadAsStringAsync()).Should().Contain("Officer 2 is unknown or outside your unit scope.");
        // Lists are filtered instead: what is outside does not appear.
        var outcomes = await leaderOfSquadB.GetFromJsonAsync<List<Features.Reviews.OutcomeView>>("/api/outcomes", TestApp.Json);
        outcomes!.Should().OnlyContain(o => o.UnitId == ConstructedBrigade.SquadB);
        (await inspectorOfSquadB.GetFromJsonAsync<List<Features.Appeals.AppealView>>("/api/appeals", TestApp.Json)).Should().BeEmpty();
        (await inspectorOfSquadA.GetFromJsonAsync<List<Features.Appeals.AppealView>>("/api/appeals", TestApp.Json)).Should().ContainSingle();
    }

    [Fact]
    public async Task Only_someone_whose_scope_covers_the_runs_population_may_start_a_run()
    {
        await using var app = await TestApp.StartAsync(Provider, new Dictionary<string, string> { ["Scheduling:Enabled"] = "true", ["Scheduling:CatchUpMonths"] = "0" });
        await ArrangeAsync(app);
        var leaderOfSquadB = await app.SignInAsync(Role.Leader, ConstructedBrigade.SquadB);
        var leaderOfBrigade = await app.SignInAsync(Role.Leader, ConstructedBrigade.Brigade);
        var inspectorOfSquadA = await app.SignInAsync(Role.Inspector, ConstructedBrigade.SquadA);
        var leaderOfDetachment = await app.SignInAsync(Role.Leader);

        foreach (var (client, who) in new[] { (leaderOfSquadB, "a squad's leader"), (leaderOfBrigade, "a brigade's leader"), (inspectorOfSquadA, "a squad's inspector") })
        {
            var refused = await client.PostAsJsonAsync("/api/runs", new { period = "2026-10" }, TestApp.Json);
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{who} cannot re-run the whole detachment");
            (await refused.Content.ReadAsStringAsync()).Should().Contain("A run of 2026-10 concerns unit 1 and everything below it");
        }
        await using (var db = app.Database.CreateContext())
            (await db.EvaluationRuns.CountAsync()).Should().Be(1, "a refused request queues nothing");

        (await leaderOfDetachment.PostAsJsonAsync("/api/runs", new { period = "2026-10" }, TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await leaderOfSquadB.PostAsync(new Uri("/api/assessments/2026-10/publish?confirmPending=true", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound, "publishing concerns the whole detachment");
    }

    [Fact]
    public async Task The_matrix_lists_every_endpoint_the_app_maps()
    {
        await using var app = await TestApp.StartAsync(Provider);
        // Razor Pages and the job dashboard answer people with redirects, not 401/403: Pages.PageAccessTests and
        // Scheduling.DashboardAccess tests hold them.
        var mapped = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.ApplicationModels.PageRouteMetadata>() is null)
            .Where(e => e.RoutePattern.RawText?.StartsWith("/hangfire", StringComparison.Ordinal) != true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText)}"))
            .ToHashSet();
        var listed = Rows.Select(r => $"{r.Method} {Normalize(r.Pattern)}").ToHashSet();

        mapped.Except(listed).Should().BeEmpty("every endpoint needs a row in the authorization matrix");
    }

    private static string Normalize(string? pattern) => (pattern ?? "").TrimEnd('/').Replace("//", "/", StringComparison.Ordinal);

    private static async Task<int> SendAsync(HttpClient client, Row row, Ids ids)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(row.Url(ids), UriKind.Relative));
        if (row.Body?.Invoke(ids) is { } body)
            request.Content = JsonContent.Create(body, options: TestApp.Json);
        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>The constructed brigade evaluated for October, published, with an appeal by A2 and A3's warning proposed.</summary>
    private static async Task<Ids> ArrangeAsync(TestApp app)
    {
        Guid runId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
            await ConstructedBrigade.SeedAsync(db, [October]);
            await TestSchemes.ReplaceShippedAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
            await InterlockScheme.PutInForceAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
            var service = scope.ServiceProvider.GetRequiredService<EvaluationService>();
            runId = (await service.CompleteAsync((await service.QueueAsync(October)).Id, "test-node")).Id;
        }
        var admin = await app.AdminAsync();
        (await admin.PostAsync(new Uri($"/api/runs/{runId}/publish?confirmPending=true", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var officer = await app.SignInAsync(Role.Officer, ConstructedBrigade.SquadA, officerId: 2);
        var appeal = await (await officer.PostAsJsonAsync("/api/appeals", new { runId, officerId = 2, ruleName = "LateArrival", statement = "考勤机故障" }, TestApp.Json))
            .Content.ReadFromJsonAsync<Features.Appeals.AppealView>(TestApp.Json);
        var user = await app.CreateUserAsync(Role.Auditor);
        var token = await app.CreateTokenAsync(Role.System);
        await using var dbForIds = app.Database.CreateContext();
        var outcome = await dbForIds.Outcomes.SingleAsync(o => o.RunId == runId && o.Kind == OutcomeKind.Warning && o.SubjectId == 3);
        return new Ids(runId, outcome.Id, appeal!.Id, user.Id, token.Token.Id);
    }
}

public sealed class AuthorizationMatrixTestsOnSqlite : AuthorizationMatrixTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class AuthorizationMatrixTestsOnPostgres : AuthorizationMatrixTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
