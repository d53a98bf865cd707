using System.Threading.RateLimiting;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.RateLimiting;

namespace AssessmentEngine.Web.Features.Dashboard;

public static class DashboardSetup
{
    /// <summary>Rate-limiting policy of the reads that cost tens of milliseconds of CPU each (dashboard, results lists and exports).</summary>
    public const string ExpensiveReads = "expensive-reads";

    /// <summary>
    /// The dashboard cache and its invalidation, and admission control on expensive reads: a node serves
    /// <see cref="DashboardOptions.MaxConcurrentReads"/> at once and queues a few more; the rest answer 503 with
    /// Retry-After at once instead of queueing without limit, so latency stays bounded under overload.
    /// </summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(DashboardOptions.Section);
        builder.Services.AddOptions<DashboardOptions>().Bind(section);
        var options = section.Get<DashboardOptions>() ?? new DashboardOptions();
        builder.Services.AddSingleton<ResultsChanged>();
        builder.Services.AddSingleton<DashboardCache>();
        builder.Services.AddScoped<DashboardComputation>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(ExpensiveReads, concurrency =>
            {
                concurrency.PermitLimit = Math.Max(1, options.MaxConcurrentReads);
                concurrency.QueueLimit = Math.Max(0, options.MaxQueuedReads);
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            var rejected = limiter.OnRejected;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == ExpensiveReads)
                {
                    // Overload, not abuse: the client is told to come back shortly.
                    context.HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.HttpContext.Response.Headers.RetryAfter = "1";
                }
                if (rejected is not null)
                    await rejected(context, cancellationToken);
            };
        });
        return builder;
    }
}
