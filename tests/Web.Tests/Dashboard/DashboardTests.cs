using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Dashboard;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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
        view.Bottom[0].Squad.Should().Be("一大队·二中队", "an officer's squad is named with its brigade");
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

    [Fact]
    public async Task The_dashboard_is_served_from_cache_until_a_decision_is_taken_here_or_its_lifetime_ends()
    {
        await using var app = await StartEvaluatedAsync();
        var admin = await app.AdminAsync();
        var before = (await admin.GetFromJsonAsync<DashboardView>("/api/dashboard", TestApp.Json))!;
        await using (var db = app.Database.CreateContext())
        {
            // Written behind the application's back, as another node would: this node cannot know until its entry expires.
            await db.Database.ExecuteSqlRawAsync("UPDATE officer_results SET score = score - 1");
        }

        var cached = (await admin.GetFromJsonAsync<DashboardView>("/api/dashboard", TestApp.Json))!;
        app.Clock.Advance(new DashboardOptions().CacheLifetime + TimeSpan.FromSeconds(1));
        var expired = (await admin.GetFromJsonAsync<DashboardView>("/api/dashboard", TestApp.Json))!;
        var proposed = expired.ProposedOutcomes[0];
        (await admin.PostAsJsonAsync($"/api/outcomes/{proposed.Id}/approve", new { }, TestApp.Json)).StatusCode.Should().Be(HttpStatusCode.OK);
        var decided = (await admin.GetFromJsonAsync<DashboardView>("/api/dashboard", TestApp.Json))!;

        cached.AverageScore.Should().Be(before.AverageScore, "within its lifetime the entry is served as computed");
        expired.AverageScore.Should().BeApproximately(before.AverageScore - 1, 0.01);
        decided.ProposedCount.Should().Be(expired.ProposedCount - 1, "a decision taken on this node drops the cache at once");
        decided.ProposedOutcomes.Should().NotContain(o => o.Id == proposed.Id);
    }

    [Fact]
    public async Task Lists_are_bounded_and_paged_whatever_the_size_of_the_unit()
    {
        await using var app = await StartEvaluatedAsync(new Dictionary<string, string> { ["Dashboard:ListLength"] = "1" });
        var admin = await app.AdminAsync();

        var first = (await admin.GetFromJsonAsync<DashboardView>("/api/dashboard", TestApp.Json))!;
        var second = (await admin.GetFromJsonAsync<DashboardView>("/api/dashboard?squadPage=2", TestApp.Json))!;

        first.SquadCount.Should().Be(2);
        first.Squads.Should().ContainSingle().Which.Squad.Should().Be("一中队");
        second.Squads.Should().ContainSingle().Which.Squad.Should().Be("二中队");
        second.SquadPage.Should().Be(2);
        first.ProposedCount.Should().BeGreaterThan(1);
        first.ProposedOutcomes.Should().ContainSingle();
    }

    [Fact]
    public async Task Reads_beyond_the_concurrency_limit_are_refused_with_503_and_retry_after_instead_of_queueing()
    {
        var gate = new GatedUnits();
        await using var app = await StartEvaluatedAsync(
            new Dictionary<string, string> { ["Dashboard:MaxConcurrentReads"] = "1", ["Dashboard:MaxQueuedReads"] = "0" },
            services => services.AddScoped<IUnitHierarchy>(sp => gate.Wrap(ActivatorUtilities.CreateInstance<Features.Organization.UnitTree>(sp))));
        using var leader = await app.SignInAsync(Role.Leader, ConstructedBrigade.Brigade);
        var admin = await app.AdminAsync();

        gate.Close();
        var held = leader.GetAsync("/api/dashboard");
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(60));
        var refused = await admin.GetAsync("/api/dashboard");
        gate.Open();
        var served = await held;

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetAsync("/api/dashboard")).StatusCode.Should().Be(HttpStatusCode.OK, "the permit is returned when the read ends");
    }

    /// <summary>Holds the unit-scope look-up of a request while closed, so a read can be kept in flight for as long as a test needs.</summary>
    private sealed class GatedUnits
    {
        private TaskCompletionSource _open = Opened();
        private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Close()
        {
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Open() => _open.TrySetResult();

        public IUnitHierarchy Wrap(IUnitHierarchy inner) => new Gated(inner, this);

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }

        private sealed class Gated(IUnitHierarchy inner, GatedUnits gate) : IUnitHierarchy
        {
            public async Task<IReadOnlySet<long>> SubtreeAsync(long unitId, CancellationToken cancellationToken)
            {
                gate._entered.TrySetResult();
                await gate._open.Task.WaitAsync(cancellationToken);
                return await inner.SubtreeAsync(unitId, cancellationToken);
            }
        }
    }

    private async Task<TestApp> StartEvaluatedAsync(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = await TestApp.StartAsync(Provider, settings, services);
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
