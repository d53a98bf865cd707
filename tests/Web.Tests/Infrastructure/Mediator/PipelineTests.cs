using AssessmentEngine.Web.Features.Accounts;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Infrastructure.Mediator;

/// <summary>The application's own requests through the source-generated mediator and its behaviours, outside HTTP.</summary>
public sealed class PipelineTests(SqliteApp fixture) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Validation_reports_every_failure_of_the_request_and_its_validators_and_the_handler_never_runs()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        var before = await db.Set<UserAccount>().CountAsync();

        var act = async () => await mediator.Send(new CreateUser(CreateInitialAdmin.UserName, "", Role.Leader, null, 7, "short"));

        var thrown = await act.Should().ThrowAsync<ValidationException>();
        thrown.Which.Errors["userName"].Should().ContainSingle().Which.Should().Contain("is taken");
        thrown.Which.Errors.Keys.Should().Contain(["displayName", "officerId", "password"]);
        (await db.Set<UserAccount>().CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_query_is_answered_by_its_handler_through_the_pipeline()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();

        var users = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ListUsers());

        users.Select(u => u.UserName).Should().Contain(CreateInitialAdmin.UserName);
    }

    [Fact]
    public async Task A_change_made_by_someone_else_meanwhile_becomes_a_coded_conflict_without_a_type_name()
    {
        var behavior = new RequestFailureBehavior<ListUsers, bool>();

        var act = async () => await behavior.Handle(new ListUsers(), (_, _) => throw new DbUpdateConcurrencyException("row version changed"), CancellationToken.None);

        var conflict = await act.Should().ThrowAsync<ConflictException>();
        conflict.WithMessage("*changed by someone else meanwhile*").WithInnerException<DbUpdateConcurrencyException>();
        conflict.Which.Said.Code.Should().Be("ChangedMeanwhile");
        conflict.Which.Message.Should().NotContain(nameof(ListUsers));
    }
}
