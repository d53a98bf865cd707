using System.Text.Json;
using AssessmentEngine.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>What was asked for does not exist, or is outside the caller's unit scope (the two are not told apart).</summary>
#pragma warning disable CA1032 // Features derive specific "nothing to find" failures (an unknown period) with their own constructors.
public class NotFoundException : Exception
#pragma warning restore CA1032
{
    public NotFoundException(string what, object key)
        : base($"{what} {key} was not found.")
    {
    }

    public NotFoundException()
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The actor's role may not send this request (declared with <c>[AllowedRoles]</c> on the request).</summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException()
    {
    }

    public ForbiddenException(string message)
        : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The request clashes with the current state, e.g. a user name that is already taken.</summary>
public sealed class ConflictException : Exception
{
    public ConflictException()
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The request cannot be served right now (a queue it depends on is full); the client may try again shortly.</summary>
public sealed class ServiceUnavailableException : Exception
{
    public ServiceUnavailableException()
    {
    }

    public ServiceUnavailableException(string message)
        : base(message)
    {
    }

    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Outermost behaviour: turns what the storage reports into the failures above, so that an endpoint and a page see the
/// same refusal (a 409 with its reason) instead of a provider's exception.
/// </summary>
internal sealed class RequestFailureBehavior<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    public async ValueTask<TResponse> Handle(TRequest message, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(message, cancellationToken);
        }
        catch (DbUpdateConcurrencyException concurrent)
        {
            throw new ConflictException($"{typeof(TRequest).Name}: what it changes was changed by someone else meanwhile; reload and try again.", concurrent);
        }
    }
}

/// <summary>Turns the exceptions a request may end in into ProblemDetails with the status a client can act on.</summary>
internal sealed class RequestFailureHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationException validation => new HttpValidationProblemDetails(validation.Errors.ToDictionary()) { Status = StatusCodes.Status400BadRequest },
            NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Message),
            ForbiddenException forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Message),
            ConflictException conflict => Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message),
            ServiceUnavailableException unavailable => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", unavailable.Message),
            // The domain refuses the move (an illegal transition or value): the request was understood, it cannot be carried out.
            DomainException refused => Problem(StatusCodes.Status422UnprocessableEntity, "Refused by the rules of the domain", refused.Message),
            BadHttpRequestException { InnerException: JsonException json } bad => Problem(bad.StatusCode, "Malformed JSON", $"{bad.Message} {json.Message}"),
            BadHttpRequestException bad => Problem(bad.StatusCode, ReasonFor(bad.StatusCode), bad.Message),
            _ => null,
        };
        if (problem is null)
            return false;

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static string ReasonFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };
}
