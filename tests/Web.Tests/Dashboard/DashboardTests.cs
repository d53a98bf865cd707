using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Dashboard;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Dashboard;

/// <summary>The constructed brigade evaluated for September and October: the dashboard's figures are the hand-computed results.</summary>
public abstract class DashboardTests
{
    private static readonly AssessmentPeriod September = AssessmentPeriod.Month(2026, 9);
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);

    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task A_brigade_leader_sees_grades_squads_extremes_outcomes_and_the_trend_of_the_latest_month()
    {
        await using var app = await StartEvaluatedAsync();
        using var leader = await app.SignInAsync(Role.Leader, ConstructedBrigade.Brigade);

        var view = (await leader.GetFromJsonAsync<DashboardView>("/api/dashboard?extremes=2", TestApp.Json))!;

        view.Period.Should().Be("2026-10", "the latest evaluated month is the default");
        view.Unit.Should().Be("一大队");
        view.Officers.Should().Be(6);
        view.Vetoed.Should().Be(1);
        // 99.47 + 96 + 95 + 96.8 + 0 + 102 = 489.27 over six officers.
        view.AverageScore.Should().BeApproximately(81.545, 0.006);
        view.Grades.Select(g => (g.Grade, g.Officers)).Should().Equal(("优秀", 5), ("不合格", 1));
        view.Grades[0].AverageScore.Should().BeApproximately(97.854, 0.006);
        view.Top.Select(o => (o.BadgeNumber, o.Score)).Should().Equal(("B3", 102), ("A1", 99.47));
        view.Bottom.Select(o => (o.BadgeNumber, o.Score)).Should().Equal(("B2", 0), ("A3", 95));
        view.Bottom[0].Vetoed.Should().BeTrue();
        view.Bottom[0].Name.Should().Be("陈静");
        view.Squads.Select(s => (s.Squad, s.Grade)).Should().Equal(("一中队", "先进"), ("二中队", "后进"));
        view.Outcomes.Should().NotBeEmpty();
        view.ProposedOutcomes.Should().OnlyContain(o => o.Status == "Proposed" && o.Period == "2026-10");
        view.Trend.Select(t => (t.Period, t.Officers)).Should().Equal(("2026-09", 6), ("2026-10", 6));
        view.Periods.Should().Equal("2026-10", "2026-09");
    }

    [Fact]
    public async Task A_squad_leader_sees_only_the_squad_and_a_chosen_month()
    {
        await using var app = await StartEvaluatedAsync();
        using var squadLeader = await app.SignInAsync(Role.Leader, ConstructedBrigade.SquadB);

        var view = (await squadLeader.GetFromJsonAsync<DashboardView>("/api/dashboard?period=2026-09", TestApp.Json))!;

        view.Period.Should().Be("2026-09");
        view.Unit.Should().Be("二中队");
        view.Officers.Should().Be(3);
        view.Top.Concat(view.Bottom).Select(o => o.BadgeNumber).Should().OnlyContain(b => b.StartsWith('B'));
        view.Squads.Should().ContainSingle().Which.Squad.Should().Be("二中队");
        view.ProposedOutcomes.Should().OnlyContain(o => o.UnitId == ConstructedBrigade.SquadB);
    }

    [Fact]
    public async Task Out_of_scope_units_unknown_months_and_officers_are_refused()
    {
        await using var app = await StartEvaluatedAsync();
        using var squadLeader = await app.SignInAsync(Role.Leader, ConstructedBrigade.SquadB);
        using var officer = await app.SignInAsync(Role.Officer, ConstructedBrigade.SquadB, officerId: 4);
        var admin = await app.AdminAsync();

        (await squadLeader.GetAsync($"/api/dashboard?unitId={ConstructedBrigade.SquadA}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var unknown = await admin.GetAsync("/api/dashboard?period=2025-01");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("2025-01 has no completed evaluation run yet");
        (await admin.GetAsync("/api/dashboard?period=2026-13")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.GetAsync("/api/dashboard?unitId=999")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await officer.GetAsync("/api/dashboard")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.GetFromJsonAsync<DashboardView>("/api/dashboard", TestApp.Json))!.Unit.Should().Be("示范支队");
    }

    private async Task<TestApp> StartEvaluatedAsync()
    {
        var app = await TestApp.StartAsync(Provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        await ConstructedBrigade.SeedAsync(db, [September, October]);
        await TestSchemes.ReplaceShippedAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
        var service = scope.ServiceProvider.GetRequiredService<EvaluationService>();
        await service.EvaluateAsync(September, "test-node");
        await service.EvaluateAsync(October, "test-node");
        return app;
    }
}

public sealed class DashboardTestsOnSqlite : DashboardTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class DashboardTestsOnPostgres : DashboardTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
