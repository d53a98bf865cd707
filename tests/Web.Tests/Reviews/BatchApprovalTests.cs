using System.Net;
using System.Net.Http.Json;
using AssessmentEngine.Client;
using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Periods;
using AssessmentEngine.Web.Features.Evaluations;
using AssessmentEngine.Web.Features.Reviews;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Evaluations;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using AuditEntry = AssessmentEngine.Web.Infrastructure.Auditing.AuditEntry;

namespace AssessmentEngine.Web.Tests.Reviews;

/// <summary>
/// POST /api/outcomes/approve over real HTTP on the constructed brigade's October (proposed: 优秀民警 A1 and B3, 预警 A3,
/// 约谈 B2 at committee level, 先进中队 一中队): all or none, each outcome checked for scope and status, one audit entry
/// each; and the queue's filters by kind, level and unit.
/// </summary>
public abstract class BatchApprovalTests
{
    private static readonly AssessmentPeriod October = AssessmentPeriod.Month(2026, 10);

    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task A_leader_filters_the_queue_and_approves_every_proposal_at_once_with_one_audit_entry_each()
    {
        await using var app = await StartAsync();
        var leader = AssessmentEngineClient.Create(await app.SignInAsync(Role.Leader));

        var all = await leader.OutcomesAsync(period: October.Key);
        var committee = await leader.OutcomesAsync(period: October.Key, kind: "Interview", level: "Committee");
        var squadA = await leader.OutcomesAsync(period: October.Key, unitId: ConstructedBrigade.SquadA);
        var brigade = await leader.OutcomesAsync(period: October.Key, unitId: ConstructedBrigade.Brigade);
        var approved = await leader.ApproveOutcomesAsync(new Approvals([.. all.Select(o => o.Id)]));

        all.Should().HaveCount(5);
        committee.Should().ContainSingle().Which.Subject.Should().Contain("陈静");
        squadA.Select(o => o.Subject).Should().BeEquivalentTo(["A1 张伟", "A3 李强", "一中队"]);
        squadA.Should().OnlyContain(o => o.UnitName == "一大队·一中队", "a card names the subject's brigade and squad");
        brigade.Should().HaveCount(5, "a brigade's filter takes in its squads");
        approved.Should().HaveCount(5).And.OnlyContain(o => o.Status == "Approved");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        (await db.Outcomes.Where(o => o.Status == OutcomeStatus.Approved).CountAsync()).Should().Be(5);
        var entries = await db.Set<AuditEntry>().Where(e => e.Action == nameof(ApproveOutcome)).ToListAsync();
        entries.Select(e => e.EntityId).Should().BeEquivalentTo(all.Select(o => o.Id.ToString()), "each approval is audited on its own");
        entries.Should().OnlyContain(e => e.EntityType == nameof(Domain.Assessment.Outcome) && e.AfterJson!.Contains("\"Approved\""));
    }

    [Fact]
    public async Task A_batch_with_an_outcome_outside_the_leaders_scope_is_refused_naming_it_and_nothing_is_approved()
    {
        await using var app = await StartAsync();
        var ids = await ProposedAsync(app);
        var leaderOfSquadB = await app.SignInAsync(Role.Leader, ConstructedBrigade.SquadB);
        var outside = ids["A3 李强"];

        var response = await leaderOfSquadB.PostAsJsonAsync("/api/outcomes/approve", new { outcomeIds = new[] { ids["B3 杨磊"], outside } }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json);
        problem!.Detail.Should().Contain(outside.ToString()).And.Contain("item 2 of 2").And.Contain("nothing was approved");
        await NothingApprovedAsync(app);
    }

    [Fact]
    public async Task A_batch_with_an_outcome_already_decided_is_refused_naming_it_and_nothing_else_is_approved()
    {
        await using var app = await StartAsync();
        var ids = await ProposedAsync(app);
        var leader = await app.SignInAsync(Role.Leader);
        (await leader.PostAsync(new Uri($"/api/outcomes/{ids["A3 李强"]}/reject", UriKind.Relative), JsonContent.Create(new { reason = "核实不属实" }))).EnsureSuccessStatusCode();

        var response = await leader.PostAsJsonAsync("/api/outcomes/approve", new { outcomeIds = new[] { ids["A1 张伟"], ids["A3 李强"] } }, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestApp.Json);
        problem!.Detail.Should().Contain(ids["A3 李强"].ToString()).And.Contain("A3 李强").And.Contain("is Rejected, not Proposed");
        await NothingApprovedAsync(app);
    }

    [Fact]
    public async Task A_batch_over_the_limit_or_empty_is_refused_with_the_limit()
    {
        await using var app = await StartAsync();
        var leader = await app.SignInAsync(Role.Leader);

        var tooMany = await leader.PostAsJsonAsync("/api/outcomes/approve", new { outcomeIds = Enumerable.Range(0, ApproveOutcomes.MaxBatch + 1).Select(_ => Guid.NewGuid()) }, TestApp.Json);
        var empty = await leader.PostAsJsonAsync("/api/outcomes/approve", new { outcomeIds = Array.Empty<Guid>() }, TestApp.Json);

        tooMany.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await tooMany.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(TestApp.Json);
        problem!.Errors["outcomeIds"].Should().ContainSingle().Which.Should().Be($"At most {ApproveOutcomes.MaxBatch} outcomes can be approved at once; {ApproveOutcomes.MaxBatch + 1} were sent. Send them in smaller batches.");
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await NothingApprovedAsync(app);
    }

    [Fact]
    public async Task The_queue_refuses_an_unknown_filter_value_naming_the_valid_ones_and_a_unit_outside_scope()
    {
        await using var app = await StartAsync();
        var leaderOfSquadB = await app.SignInAsync(Role.Leader, ConstructedBrigade.SquadB);

        var badLevel = await leaderOfSquadB.GetAsync(new Uri("/api/outcomes?level=Brigade", UriKind.Relative));
        var otherSquad = await leaderOfSquadB.GetAsync(new Uri($"/api/outcomes?unitId={ConstructedBrigade.SquadA}", UriKind.Relative));

        badLevel.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badLevel.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(TestApp.Json))!.Errors["level"].Single().Should().Be("Unknown level 'Brigade'; one of Squad, Department, Committee.");
        otherSquad.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<TestApp> StartAsync()
    {
        var app = await TestApp.StartAsync(Provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        await ConstructedBrigade.SeedAsync(db, [October]);
        await TestSchemes.ReplaceShippedAsync(db, scope.ServiceProvider.GetRequiredService<SchemeCatalog>());
        var service = scope.ServiceProvider.GetRequiredService<EvaluationService>();
        await service.CompleteAsync((await service.QueueAsync(October)).Id, "test-node");
        return app;
    }

    private static async Task<Dictionary<string, Guid>> ProposedAsync(TestApp app) =>
        (await AssessmentEngineClient.Create(await app.SignInAsync(Role.Leader)).OutcomesAsync(period: October.Key)).ToDictionary(o => o.Subject, o => o.Id);

    private static async Task NothingApprovedAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        (await db.Outcomes.CountAsync(o => o.Status == OutcomeStatus.Approved)).Should().Be(0);
        (await db.Set<AuditEntry>().CountAsync(e => e.Action == nameof(ApproveOutcome) || e.Action == nameof(ApproveOutcomes))).Should().Be(0);
    }
}

public sealed class BatchApprovalTestsOnSqlite : BatchApprovalTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class BatchApprovalTestsOnPostgres : BatchApprovalTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
