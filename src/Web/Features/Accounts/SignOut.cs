using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;

namespace AssessmentEngine.Web.Features.Accounts;

/// <summary>Leaves a trace of the end of a session; the endpoint removes the cookie.</summary>
public sealed record SignOut : ICommand<bool>, IAuditedCommand;

internal sealed class SignOutHandler(AuditLog audit, CurrentActor actor) : IRequestHandler<SignOut, bool>
{
    public ValueTask<bool> Handle(SignOut request, CancellationToken cancellationToken)
    {
        audit.Describe(nameof(UserAccount), actor.Id, null, null);
        return ValueTask.FromResult(true);
    }
}
