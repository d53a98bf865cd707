using System.Globalization;
using System.Security.Claims;

namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>Who acts: a person signed in with a cookie, a machine client with a bearer token, or the system itself (jobs, start-up).</summary>
public enum ActorKind
{
    Anonymous = 0,
    User = 1,
    Token = 2,
    System = 3,
}

/// <summary>The claims this system puts into a principal, and how they are read back.</summary>
public static class ActorClaims
{
    public const string Kind = "ae:actor";
    public const string Unit = "ae:unit";
    public const string Officer = "ae:officer";
    public const string SecurityStamp = "ae:stamp";
    public const string Session = "ae:session";

    public static ClaimsPrincipal Create(string scheme, ActorKind kind, long id, string name, Role role, long? unitId, long? officerId, string? securityStamp = null, string? sessionId = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, name),
            new(ClaimTypes.Role, role.ToString()),
            new(Kind, kind.ToString()),
        };
        if (unitId is { } unit) claims.Add(new Claim(Unit, unit.ToString(CultureInfo.InvariantCulture)));
        if (officerId is { } officer) claims.Add(new Claim(Officer, officer.ToString(CultureInfo.InvariantCulture)));
        if (securityStamp is not null) claims.Add(new Claim(SecurityStamp, securityStamp));
        if (sessionId is not null) claims.Add(new Claim(Session, sessionId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static long? ReadId(this ClaimsPrincipal principal, string claimType) =>
        principal.FindFirst(claimType)?.Value is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : null;
}
