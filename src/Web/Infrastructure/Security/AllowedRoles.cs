using System.Collections.Concurrent;
using AssessmentEngine.Web.Infrastructure.Mediator;

namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>
/// The roles that may send a request, declared once on the request type. The API endpoint that sends it
/// (<see cref="AllowedRoles.RequireRolesOf{TRequest}"/>), the pages that offer it and the pipeline all read it from here.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowedRolesAttribute(params Role[] roles) : Attribute
{
    public IReadOnlyList<Role> Roles { get; } = roles;
}

public static class AllowedRoles
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<Role>?> Declared = new();

    /// <summary>The roles declared on <typeparamref name="TRequest"/>; a request without a declaration is a programming error.</summary>
    public static IReadOnlyList<Role> Of<TRequest>() =>
        DeclaredOn(typeof(TRequest)) ?? throw new InvalidOperationException($"{typeof(TRequest).Name} declares no [AllowedRoles].");

    /// <summary>The roles declared on <paramref name="requestType"/>, or null when it declares none (sign-in, start-up work).</summary>
    public static IReadOnlyList<Role>? DeclaredOn(Type requestType) =>
        Declared.GetOrAdd(requestType, type => type.GetCustomAttributes(typeof(AllowedRolesAttribute), inherit: false) is [AllowedRolesAttribute declared] ? declared.Roles : null);

    /// <summary>Whether <paramref name="role"/> may send <typeparamref name="TRequest"/>, for pages that show or hide its form.</summary>
    public static bool Allow<TRequest>(Role? role) => role is { } r && Of<TRequest>().Contains(r);

    /// <summary>Only actors holding a role declared on <typeparamref name="TRequest"/> get through; others get 403 (401 when not signed in).</summary>
    public static RouteHandlerBuilder RequireRolesOf<TRequest>(this RouteHandlerBuilder builder) =>
        builder.RequireRoles([.. Of<TRequest>()]);
}

/// <summary>
/// Refuses a request whose declared roles do not include the actor's, whoever sends it: an endpoint, a page or another
/// handler. Work the system does itself (jobs, start-up) is not limited by roles.
/// </summary>
internal sealed class RoleBehavior<TRequest, TResponse>(CurrentActor actor) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    private static readonly IReadOnlyList<Role>? Roles = AllowedRoles.DeclaredOn(typeof(TRequest));

    public ValueTask<TResponse> Handle(TRequest message, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (Roles is not null && actor.Kind != ActorKind.System && !(actor.Role is { } role && Roles.Contains(role)))
            throw new ForbiddenException("RoleNotAllowed", $"This request is for {string.Join(", ", Roles)}; your role is {actor.Role?.ToString() ?? "none"}.", Roles, (object?)actor.Role ?? "—");
        return next(message, cancellationToken);
    }
}
