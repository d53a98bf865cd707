using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>Declares the two ways to authenticate, so generated clients and API explorers know to send them.</summary>
internal sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    public const string CookieSchemeName = "cookie";
    public const string BearerSchemeName = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[CookieSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = AuthCookie.Name,
            Description = "Set by POST /api/auth/login for people.",
        };
        document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "ae_<random>",
            Description = "API token for machine clients, issued by an Admin at POST /api/tokens.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieSchemeName, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSchemeName, document)] = [] });
        return Task.CompletedTask;
    }
}

internal static class OpenApiSetup
{
    public static IServiceCollection AddAssessmentOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer<SecuritySchemesTransformer>());
}

/// <summary>The name of the cookie that carries a person's sign-in.</summary>
public static class AuthCookie
{
    public const string Name = "ae_auth";
}
