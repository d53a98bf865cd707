using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AssessmentEngine.Web.Infrastructure.Security;

public static class SecuritySetup
{
    /// <summary>
    /// Every endpoint requires a signed-in actor unless it says <c>.AllowAnonymous()</c>; roles are added per endpoint or
    /// group with <see cref="RequireRoles{TBuilder}"/>. Authentication schemes are registered by the Accounts feature, the
    /// unit tree (<see cref="IUnitHierarchy"/>) by the Organization feature.
    /// </summary>
    public static WebApplicationBuilder AddAssessmentSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddScoped<CurrentActor>();
        builder.Services.AddDatabaseDataProtection();
        builder.AddRequestLimits();
        return builder;
    }

    /// <summary>Only actors holding one of <paramref name="roles"/> get through; others get 403 (401 when not signed in).</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params Role[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfZero(roles.Length);
        var names = roles.Select(r => r.ToString()).ToArray();
        return builder.RequireAuthorization(policy => policy.RequireRole(names));
    }
}
