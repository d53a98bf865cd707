using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Http.Features;

namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>Bound from "Requests": limits that keep one client from exhausting a node.</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Requests";

    /// <summary>Largest request body accepted, in bytes; larger ones are refused with 413 before they are read.</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;
}

internal static class RequestLimits
{
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RequestLimitOptions.Section);
        builder.Services.AddOptions<RequestLimitOptions>().Bind(section);
        var limit = section.Get<RequestLimitOptions>()?.MaxBodyBytes ?? new RequestLimitOptions().MaxBodyBytes;
        // Kestrel enforces the limit while streaming (chunked bodies); the middleware answers early when Content-Length already tells.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limit);
        return builder;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // An endpoint may declare a limit of its own (ingestion batches); every other request gets the API's.
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                ?? context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RequestLimitOptions>>().Value.MaxBodyBytes;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = limit;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                var words = context.RequestServices.GetRequiredService<IReaderWords>();
                var detail = CodedMessage.Of("BodyLargerThanLimit", $"The request body has {context.Request.ContentLength} bytes; at most {limit} are accepted.", context.Request.ContentLength, limit);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = ReaderProblems.Of(context.Request, words, StatusCodes.Status413PayloadTooLarge, ProblemTitles.TooLarge, detail),
                });
                return;
            }
            await next(context);
        });
}
