namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>What a signed-in person or machine client may do; every account has exactly one.</summary>
public enum Role
{
    /// <summary>Manages users and tokens within their unit scope.</summary>
    Admin = 1,

    /// <summary>督察: writes and activates rules, reviews results.</summary>
    Inspector = 2,

    /// <summary>Unit leadership: reviews and approves outcomes of their units.</summary>
    Leader = 3,

    /// <summary>民警/辅警: sees only their own results and appeals them.</summary>
    Officer = 4,

    /// <summary>Reads the audit log; changes nothing.</summary>
    Auditor = 5,

    /// <summary>Machine clients: connectors, scheduled jobs.</summary>
    System = 6,
}
