using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>Ends the caller's session in the database, so that no copy of its cookie works any more on any node; the endpoint removes the cookie.</summary>
public sealed record SignOut : ICommand<bool>, IAuditedCommand;

internal sealed class SignOutHandler(AssessmentDbContext db, SessionCache sessions, AuditLog audit, CurrentActor actor, TimeProvider clock) : IRequestHandler<SignOut, bool>
{
    public async ValueTask<bool> Handle(SignOut request, CancellationToken cancellationToken)
    {
        if (actor.SessionId is { } id)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Set<UserSession>().Where(s => s.Id == id && s.EndedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now), cancellationToken);
            sessions.Forget(id);
        }
        audit.Describe(nameof(UserAccount), actor.Id, null, null);
        return true;
    }
}
