using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Security;

/// <summary>支队 1 → 大队 2 → 中队 3 and 4; 大队 5 → 中队 6.</summary>
internal sealed class TestUnitTree : IUnitHierarchy
{
    private static readonly Dictionary<long, long[]> Subtrees = new()
    {
        [1] = [1, 2, 3, 4, 5, 6],
        [2] = [2, 3, 4],
        [3] = [3],
        [4] = [4],
        [5] = [5, 6],
        [6] = [6],
    };

    public Task<IReadOnlySet<long>> SubtreeAsync(long unitId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<long>>(Subtrees.TryGetValue(unitId, out var units) ? units.ToHashSet() : [unitId]);
}

public sealed class UnitTreeApp : TestAppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureServices(IServiceCollection services) => services.AddScoped<IUnitHierarchy, TestUnitTree>();
}

public sealed class UnitScopeTests(UnitTreeApp fixture) : IClassFixture<UnitTreeApp>
{
    [Theory]
    [InlineData(2L, HttpStatusCode.Created)]
    [InlineData(3L, HttpStatusCode.Created)]
    [InlineData(1L, HttpStatusCode.NotFound)]
    [InlineData(6L, HttpStatusCode.NotFound)]
    [InlineData(null, HttpStatusCode.NotFound)]
    public async Task A_brigade_admin_reaches_the_brigade_and_its_squads_and_nothing_else(long? unitId, HttpStatusCode expected)
    {
        await SeedUnitsAsync();
        using var brigadeAdmin = await fixture.App.SignInAsync(Role.Admin, unitId: 2);

        var response = await brigadeAdmin.PostAsJsonAsync("/api/users",
            new { userName = $"u{Guid.NewGuid():N}"[..16], displayName = "x", role = Role.Leader, unitId, password = TestApp.Password }, TestApp.Json);

        response.StatusCode.Should().Be(expected);
    }

    /// <summary>An account's unit must exist for the API to create it: the units of <see cref="TestUnitTree"/>.</summary>
    private async Task SeedUnitsAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        foreach (var id in new long[] { 1, 2, 3, 4, 5, 6 }.Where(id => !db.Units.Any(u => u.Id == id)))
            db.Units.Add(Domain.Organization.Unit.Detachment(id, $"U{id}", $"单位{id}"));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Scope_is_checked_before_validation_so_an_invalid_request_outside_the_scope_learns_nothing()
    {
        using var brigadeAdmin = await fixture.App.SignInAsync(Role.Admin, unitId: 2);

        var outside = await brigadeAdmin.PostAsJsonAsync("/api/users", new { userName = "", displayName = "", role = Role.Leader, unitId = 6L, password = "x" }, TestApp.Json);
        var inside = await brigadeAdmin.PostAsJsonAsync("/api/users", new { userName = "", displayName = "", role = Role.Leader, unitId = 3L, password = "x" }, TestApp.Json);

        outside.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outside.Content.ReadAsStringAsync()).Should().NotContain("userName");
        inside.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_officer_account_reaches_only_its_own_officer()
    {
        var behavior = new UnitScopeBehavior<AboutOfficer, bool>(Actor(Role.Officer, unitId: 3, officerId: 42));

        var own = await behavior.Handle(new AboutOfficer(42), (_, _) => ValueTask.FromResult(true), CancellationToken.None);
        var other = async () => await behavior.Handle(new AboutOfficer(43), (_, _) => ValueTask.FromResult(true), CancellationToken.None);
        var anyone = async () => await behavior.Handle(new AboutOfficer(null), (_, _) => ValueTask.FromResult(true), CancellationToken.None);

        own.Should().BeTrue();
        await other.Should().ThrowAsync<NotFoundException>();
        await anyone.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task A_leader_is_not_limited_by_officer_but_by_unit()
    {
        var behavior = new UnitScopeBehavior<AboutOfficer, bool>(Actor(Role.Leader, unitId: 3, officerId: null));

        (await behavior.Handle(new AboutOfficer(43), (_, _) => ValueTask.FromResult(true), CancellationToken.None)).Should().BeTrue();
    }

    public sealed record AboutOfficer(long? OfficerId) : IRequest<bool>, IOfficerScoped;

    private static CurrentActor Actor(Role role, long? unitId, long? officerId)
    {
        var principal = ActorClaims.Create("Test", ActorKind.User, 1, "someone", role, unitId, officerId);
        var http = new DefaultHttpContext { User = principal };
        return new CurrentActor(new HttpContextAccessor { HttpContext = http }, new TestUnitTree());
    }
}
