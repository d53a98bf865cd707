using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.Json;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

public static class RequestPipelineSetup
{
    /// <summary>
    /// The mediator with every handler of this assembly, its behaviours in the order they wrap a request
    /// (results-changed signal → unit scope → validation → transaction → audit → handler), and the mapping of failures to ProblemDetails.
    /// Scope comes first so that a caller learns nothing, not even a validation message, about what it may not touch.
    /// </summary>
    public static WebApplicationBuilder AddRequestPipeline(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReverseProxySupport();
        builder.Services.AddMediator(typeof(RequestPipelineSetup).Assembly)
            // Outermost, so that caches over results are dropped after the command's transaction committed, not before.
            .AddPipelineBehavior(typeof(Features.Dashboard.ResultsChangedBehavior<,>))
            .AddPipelineBehavior(typeof(UnitScopeBehavior<,>))
            .AddPipelineBehavior(typeof(ValidationBehavior<,>))
            .AddPipelineBehavior(typeof(TransactionBehavior<,>))
            .AddPipelineBehavior(typeof(AuditBehavior<,>));
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddSingleton<TextLimits>();
        builder.Services.AddScoped(typeof(IValidator<>), typeof(TextLengthValidator<>));

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<RequestFailureHandler>();
        // Malformed JSON and bad parameters reach RequestFailureHandler as exceptions, which carry the parser's position.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>
    /// Error responses as ProblemDetails, including bare status codes such as 401/403 and oversized bodies (413, from
    /// <see cref="Security.RequestLimits.UseRequestLimits"/>, which runs after routing).
    /// </summary>
    public static WebApplication UseRequestPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseReverseProxySupport();
        app.UseExceptionHandler();
        // Bare error statuses: ProblemDetails for the API, a page in the reader's language for the browser.
        app.UseWhen(context => WantsProblemDetails(context.Request), api => api.UseStatusCodePages());
        app.UseWhen(context => !WantsProblemDetails(context.Request), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        return app;
    }

    private static bool WantsProblemDetails(HttpRequest request) =>
        Features.Accounts.SessionCookieEvents.IsApi(request) || request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
