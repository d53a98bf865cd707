using AssessmentEngine.Web.Infrastructure.Mediator;

namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>
/// The unit tree (支队 → 大队 → 中队), owned by the organization feature. Security only asks which units lie under a
/// unit, to decide what an actor scoped to that unit may reach.
/// </summary>
public interface IUnitHierarchy
{
    /// <summary>The unit itself and every unit below it.</summary>
    Task<IReadOnlySet<long>> SubtreeAsync(long unitId, CancellationToken cancellationToken);
}

/// <summary>A request about one unit (or, with null, the whole detachment); refused with 404 outside the actor's subtree.</summary>
public interface IUnitScoped
{
    long? UnitId { get; }
}

/// <summary>A request about one officer; an Officer account may only name itself, anything else is a 404.</summary>
public interface IOfficerScoped
{
    long? OfficerId { get; }
}

/// <summary>
/// Refuses requests that reach outside the actor's unit subtree, or an Officer account asking about another officer, as
/// "not found" so that a caller cannot probe what exists outside its scope (docs/adr/0006-authorization-and-unit-scope.md).
/// </summary>
internal sealed class UnitScopeBehavior<TRequest, TResponse>(CurrentActor actor) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    public async ValueTask<TResponse> Handle(TRequest message, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (message is IUnitScoped scoped && !await actor.CanReachUnitAsync(scoped.UnitId, cancellationToken))
        {
            throw scoped.UnitId is { } unit
                ? new NotFoundException("UnitNotFound", $"Unit {unit} was not found.", unit)
                : new NotFoundException("DetachmentOutOfScope", "Nothing was found: the whole detachment is outside your unit scope.");
        }
        if (message is IOfficerScoped officer && !actor.CanSeeOfficer(officer.OfficerId))
            throw officer.OfficerId is { } officerId
                ? new NotFoundException("OfficerNotFound", $"Officer {officerId} was not found.", officerId)
                : new NotFoundException("OfficersOutOfScope", "No officer was found within your unit scope.");
        return await next(message, cancellationToken);
    }
}
