using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Infrastructure.Mediator;

/// <summary>Commands through the real transaction and audit behaviours, on a real database, outside HTTP (the actor is the system).</summary>
public abstract class TransactionTests : DatabaseTestBase
{
    private readonly List<string> _afterCommit = [];
    private ServiceProvider? _services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await (await Database.CreateMigratedContextAsync()).DisposeAsync();
        _services = new ServiceCollection()
            .AddDbContext<AssessmentDbContext>(db => PersistenceSetup.Configure(db, Database.Provider, Database.ConnectionString))
            .AddSingleton(TimeProvider.System)
            .AddHttpContextAccessor()
            .AddScoped<IUnitHierarchy, AssessmentEngine.Web.Features.Organization.UnitTree>()
            .AddScoped<CurrentActor>()
            .AddScoped<AuditLog>()
            .AddScoped<AddLeaderHandler>()
            .AddScoped<AfterCommit>()
            .AddSingleton(_afterCommit)
            .AddSingleton(Database)
            .BuildServiceProvider();
    }

    public override async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_command_that_succeeds_commits_its_change_and_exactly_one_audit_entry_named_after_it()
    {
        var id = await Send(new AddLeader("leader-ok", Fail: false));

        await using var db = Database.CreateContext();
        (await db.Set<UserAccount>().SingleAsync()).Id.Should().Be(id);
        var entry = await db.Set<AuditEntry>().SingleAsync();
        entry.Action.Should().Be(nameof(AddLeader));
        entry.Actor.Should().Be("system");
        entry.ActorKind.Should().Be("System");
        entry.EntityId.Should().Be(id.ToString());
        entry.AfterJson.Should().Contain("\"userName\":\"leader-ok\"");
        _afterCommit.Should().Equal("leader-ok was committed: 1 account(s) in the database");
    }

    [Fact]
    public async Task A_command_that_throws_rolls_back_its_change_and_every_audit_entry_it_already_saved()
    {
        var act = () => Send(new AddLeader("leader-failing", Fail: true));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("Refused after saving");
        await using var db = Database.CreateContext();
        (await db.Set<UserAccount>().CountAsync()).Should().Be(0);
        (await db.Set<AuditEntry>().CountAsync()).Should().Be(0);
        _afterCommit.Should().BeEmpty("work queued for after the commit is dropped with the transaction");
    }

    /// <summary>The transaction and audit behaviours around the handler, nested as the application's pipeline nests them.</summary>
    private async Task<long> Send(AddLeader command)
    {
        await using var scope = _services!.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<AssessmentDbContext>();
        var transaction = new TransactionBehavior<AddLeader, long>(db, provider.GetRequiredService<AfterCommit>());
        var audit = new AuditBehavior<AddLeader, long>(provider.GetRequiredService<AuditLog>(), db);
        var handler = provider.GetRequiredService<AddLeaderHandler>();
        return await transaction.Handle(command, (m, ct) => audit.Handle(m, handler.Handle, ct), CancellationToken.None);
    }

    public sealed record AddLeader(string UserName, bool Fail) : ICommand<long>, IAuditedCommand;

    public sealed class AddLeaderHandler(AssessmentDbContext db, AuditLog audit, AfterCommit afterCommit, List<string> afterCommitted, TestDatabase database) : IRequestHandler<AddLeader, long>
    {
        public async ValueTask<long> Handle(AddLeader request, CancellationToken cancellationToken)
        {
            var user = new UserAccount(request.UserName, request.UserName, Role.Leader, 1, null, DateTime.UtcNow);
            user.ChangePasswordHash("not-a-real-hash");
            db.Add(user);
            afterCommit.Enqueue(async ct =>
            {
                // Read on another connection: the work runs only once the change is visible to everyone.
                await using var other = database.CreateContext();
                afterCommitted.Add($"{request.UserName} was committed: {await other.Set<UserAccount>().CountAsync(ct)} account(s) in the database");
            });
            if (request.Fail)
            {
                audit.Append("Marker", nameof(UserAccount), null, null, null);
                await db.SaveChangesAsync(cancellationToken);
                throw new InvalidOperationException("Refused after saving");
            }
            await db.SaveChangesAsync(cancellationToken);
            audit.Describe(nameof(UserAccount), user.Id, null, user.ToView());
            return user.Id;
        }
    }
}

public sealed class TransactionTestsOnSqlite : TransactionTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class TransactionTestsOnPostgres : TransactionTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
