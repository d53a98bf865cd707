using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AssessmentEngine.Web.Features.Organization;

public static class OrganizationSetup
{
    /// <summary>The unit tree that security asks for an actor's reach (a test may register its own tree first).</summary>
    public static WebApplicationBuilder AddOrganization(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddScoped<IUnitHierarchy, UnitTree>();
        return builder;
    }
}
