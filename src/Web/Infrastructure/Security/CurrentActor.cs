using System.Net;
using System.Security.Claims;

namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>
/// The person or client behind the current request and what they may reach. Outside an HTTP request (scheduled jobs,
/// start-up) the actor is the system itself, scoped to the whole detachment.
/// </summary>
public sealed class CurrentActor
{
    private readonly IUnitHierarchy _units;
    private IReadOnlySet<long>? _reachableUnits;

    public CurrentActor(IHttpContextAccessor httpContextAccessor, IUnitHierarchy units)
    {
        ArgumentNullException.ThrowIfNull(httpContextAccessor);
        _units = units;
        var http = httpContextAccessor.HttpContext;
        if (http is null)
        {
            Kind = ActorKind.System;
            Name = "system";
            Role = Security.Role.System;
            return;
        }

        RequestId = http.TraceIdentifier;
        IpAddress = http.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip) : null;
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true || !Enum.TryParse<ActorKind>(user.FindFirstValue(ActorClaims.Kind), out var kind))
        {
            Name = "anonymous";
            return;
        }
        Kind = kind;
        Id = user.ReadId(ClaimTypes.NameIdentifier);
        Name = user.Identity.Name ?? "unknown";
        Role = Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;
        UnitId = user.ReadId(ActorClaims.Unit);
        OfficerId = user.ReadId(ActorClaims.Officer);
        SessionId = user.FindFirstValue(ActorClaims.Session);
    }

    public ActorKind Kind { get; }

    /// <summary>User id or token id; null for the system and anonymous callers.</summary>
    public long? Id { get; }

    /// <summary>User name or token name, as the audit log shows it.</summary>
    public string Name { get; }

    public Role? Role { get; }

    /// <summary>Root of the unit subtree the actor may reach; null is the whole detachment.</summary>
    public long? UnitId { get; }

    /// <summary>For an Officer account: the officer it belongs to, the only one whose results it sees.</summary>
    public long? OfficerId { get; }

    /// <summary>The server-side session a signed-in person's cookie names; null for tokens and the system.</summary>
    public string? SessionId { get; }

    public string? RequestId { get; }

    public IPAddress? IpAddress { get; }

    public bool IsAuthenticated => Kind != ActorKind.Anonymous;

    public bool HasWholeDetachment => IsAuthenticated && UnitId is null;

    /// <summary>
    /// Whether <paramref name="unitId"/> lies in the actor's subtree. A null unit means the whole detachment, which only an
    /// actor scoped to the whole detachment reaches.
    /// </summary>
    public async Task<bool> CanReachUnitAsync(long? unitId, CancellationToken cancellationToken)
    {
        if (!IsAuthenticated) return false;
        if (HasWholeDetachment) return true;
        if (unitId is not { } unit) return false;
        return (await ReachableUnitsAsync(cancellationToken))!.Contains(unit);
    }

    /// <summary>The ids of every unit the actor may reach, for filtering queries; null means every unit.</summary>
    public async Task<IReadOnlySet<long>?> ReachableUnitsAsync(CancellationToken cancellationToken)
    {
        if (!IsAuthenticated) return new HashSet<long>();
        if (UnitId is not { } root) return null;
        return _reachableUnits ??= await _units.SubtreeAsync(root, cancellationToken);
    }

    /// <summary>An Officer account sees only its own officer; other roles are limited by unit scope instead.</summary>
    public bool CanSeeOfficer(long? officerId) =>
        IsAuthenticated && (Role != Security.Role.Officer || (officerId is not null && officerId == OfficerId));
}
