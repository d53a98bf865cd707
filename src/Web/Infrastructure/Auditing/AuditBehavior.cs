using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Infrastructure.Auditing;

/// <summary>
/// A command whose success leaves exactly one audit entry, named after the command type. Its handler describes the
/// change with <see cref="AuditLog.Describe"/> (entity, before, after — snapshots without secrets).
/// </summary>
#pragma warning disable CA1040 // Marker: being audited is a property of the command type, checked once per type.
public interface IAuditedCommand : ICommand;
#pragma warning restore CA1040

/// <summary>Writes the audit entry of an <see cref="IAuditedCommand"/> inside the command's transaction, after its handler succeeded.</summary>
internal sealed class AuditBehavior<TRequest, TResponse>(AuditLog audit, AssessmentDbContext db) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    private static readonly bool IsAudited = typeof(TRequest).IsAssignableTo(typeof(IAuditedCommand));
    private static readonly string Action = typeof(TRequest).Name;

    public async ValueTask<TResponse> Handle(TRequest message, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!IsAudited)
            return await next(message, cancellationToken);

        audit.BeginCommand();
        var response = await next(message, cancellationToken);
        audit.CompleteCommand(Action);
        await db.SaveChangesAsync(cancellationToken);
        return response;
    }
}
