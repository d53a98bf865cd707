using AssessmentEngine.Web.Infrastructure.Auditing;
using AssessmentEngine.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.Json;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

public static class RequestPipelineSetup
{
    /// <summary>
    /// The mediator with every handler of this assembly (source-generated: a request without a handler does not build),
    /// its behaviours in the order they wrap a request (failure mapping → results-changed signal → roles → unit scope → validation → transaction →
    /// audit → handler), and the mapping of failures to ProblemDetails. Scope comes before validation so that a caller learns
    /// nothing, not even a validation message, about what it may not touch.
    /// </summary>
    public static WebApplicationBuilder AddRequestPipeline(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReverseProxySupport();
        builder.Services.AddMediator(options =>
        {
            // Handlers share the request's DbContext and actor, so they live as long as the request's scope.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            // Requests and handlers are internal to this assembly; the generated mediator must not expose them.
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors =
            [
                typeof(RequestFailureBehavior<,>),
                // Before the transaction, so that caches over results are dropped after a command committed, not before.
                typeof(ResultsChangedBehavior<,>),
                typeof(RoleBehavior<,>),
                typeof(UnitScopeBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(TransactionBehavior<,>),
                typeof(AuditBehavior<,>),
            ];
        });
        builder.Services.AddRequestValidators(typeof(RequestPipelineSetup).Assembly);
        builder.Services.AddScoped<AfterCommit>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddSingleton<TextLimits>();
        builder.Services.AddScoped(typeof(IValidator<>), typeof(TextLengthValidator<>));

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = BareStatusProblems.Say);
        builder.Services.AddExceptionHandler<RequestFailureHandler>();
        // Malformed JSON and bad parameters reach RequestFailureHandler as exceptions, which carry the parser's position.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options => options.SerializerOptions.Converters.Add(new EnumNamesConverter()));
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

    /// <summary>Every <see cref="IValidator{TRequest}"/> of <paramref name="assembly"/>, run by the validation behaviour.</summary>
    internal static IServiceCollection AddRequestValidators(this IServiceCollection services, System.Reflection.Assembly assembly)
    {
        foreach (var validator in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var service in validator.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
                services.AddScoped(service, validator);
        }
        return services;
    }

    private static bool WantsProblemDetails(HttpRequest request) =>
        ApiRequests.IsApi(request) || request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
