using System.Text.Json;
using System.Text.RegularExpressions;
using AssessmentEngine.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>
/// A request's failure that carries its coded message (ADR 33): only coded constructors exist, so that no failure reaches
/// a reader in English only.
/// </summary>
#pragma warning disable CA1032 // Only coded constructors exist (ADR 33).
public abstract class CodedFailureException : Exception, ICodedFailure
#pragma warning restore CA1032
{
    protected CodedFailureException(string code, string message, object?[] args)
        : base(message) => Said = new CodedMessage(code, message, args);

    /// <summary>A message made with <see cref="CodedMessage.Of"/> where one place chooses among several codes.</summary>
    protected CodedFailureException(CodedMessage said)
        : base((said ?? throw new ArgumentNullException(nameof(said))).Text) => Said = said;

    protected CodedFailureException(Exception innerException, string code, string message, object?[] args)
        : base(message, innerException) => Said = new CodedMessage(code, message, args);

    public CodedMessage Said { get; }
}

/// <summary>What was asked for does not exist, or is outside the caller's unit scope (the two are not told apart).</summary>
#pragma warning disable CA1032 // Only coded constructors exist (ADR 33).
public class NotFoundException : CodedFailureException
#pragma warning restore CA1032
{
    public NotFoundException(string code, string message, params object?[] args)
        : base(code, message, args)
    {
    }

    public NotFoundException(CodedMessage said)
        : base(said)
    {
    }
}

/// <summary>The actor's role may not send this request (declared with <c>[AllowedRoles]</c> on the request).</summary>
#pragma warning disable CA1032 // Only coded constructors exist (ADR 33).
public sealed class ForbiddenException : CodedFailureException
#pragma warning restore CA1032
{
    public ForbiddenException(string code, string message, params object?[] args)
        : base(code, message, args)
    {
    }

    public ForbiddenException(CodedMessage said)
        : base(said)
    {
    }
}

/// <summary>The request clashes with the current state, e.g. a user name that is already taken.</summary>
#pragma warning disable CA1032 // Only coded constructors exist (ADR 33).
public sealed class ConflictException : CodedFailureException
#pragma warning restore CA1032
{
    public ConflictException(string code, string message, params object?[] args)
        : base(code, message, args)
    {
    }

    /// <summary>A coded conflict that keeps the storage's exception for the log.</summary>
    public ConflictException(Exception innerException, string code, string message, params object?[] args)
        : base(innerException, code, message, args)
    {
    }
}

/// <summary>The request cannot be served right now (a queue it depends on is full); the client may try again shortly.</summary>
#pragma warning disable CA1032 // Only coded constructors exist (ADR 33).
public sealed class ServiceUnavailableException : CodedFailureException
#pragma warning restore CA1032
{
    public ServiceUnavailableException(string code, string message, params object?[] args)
        : base(code, message, args)
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
            throw new ConflictException(concurrent, "ChangedMeanwhile", "What this request changes was changed by someone else meanwhile; reload and try again.");
        }
    }
}

/// <summary>
/// Turns the exceptions a request may end in into ProblemDetails with the status a client can act on, every word in the
/// reader's language (ADR 33): title, detail and per-field errors, each with its code.
/// </summary>
internal sealed partial class RequestFailureHandler(IProblemDetailsService problemDetails, IReaderWords words) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var request = httpContext.Request;
        ProblemDetails? problem = exception switch
        {
            ValidationException validation => ReaderProblems.Invalid(request, words, validation.Coded),
            NotFoundException notFound => ReaderProblems.Of(request, words, StatusCodes.Status404NotFound, ProblemTitles.NotFound, notFound.Said),
            ForbiddenException forbidden => ReaderProblems.Of(request, words, StatusCodes.Status403Forbidden, ProblemTitles.Forbidden, forbidden.Said),
            ConflictException conflict => ReaderProblems.Of(request, words, StatusCodes.Status409Conflict, ProblemTitles.Conflict, conflict.Said),
            // The move is legal in another state (a superseded run, a withdrawn proposal, a final period): look again.
            DomainConflictException clash => ReaderProblems.Of(request, words, StatusCodes.Status409Conflict, ProblemTitles.StateConflict, Said(clash)),
            ServiceUnavailableException unavailable => ReaderProblems.Of(request, words, StatusCodes.Status503ServiceUnavailable, ProblemTitles.Unavailable, unavailable.Said),
            // The domain refuses the move (an illegal transition or value): the request was understood, it cannot be carried out.
            DomainException refused => ReaderProblems.Of(request, words, StatusCodes.Status422UnprocessableEntity, ProblemTitles.Refused, Said(refused)),
            // A field with a value that names nothing known: the field and the values it may take.
            BadHttpRequestException { InnerException: UnknownNameException unknown } => ReaderProblems.Invalid(request, words,
                new Dictionary<string, CodedMessage[]> { [FieldOf(unknown.Path)] = [unknown.Said] }),
            // The parser's position says where the JSON breaks; its sentence around it is English and names .NET types, so only the position goes out.
            BadHttpRequestException { InnerException: JsonException json } bad => ReaderProblems.Of(request, words, bad.StatusCode, ProblemTitles.MalformedJson, Malformed(json)),
            BadHttpRequestException bad => ReaderProblems.Of(request, words, bad.StatusCode,
                bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ProblemTitles.TooLarge : ProblemTitles.BadRequest, Unreadable(bad, request.ContentType)),
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

    private static CodedMessage Said(DomainException refused) => new(refused.Code, refused.Message, refused.Arguments);

    private static string FieldOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static CodedMessage Malformed(JsonException json) =>
        json.Message.Contains("could not be converted to", StringComparison.Ordinal)
            ? CodedMessage.Of("WrongJsonType", $"The value at {json.Path ?? "$"} has the wrong type for that field (line {json.LineNumber}, byte {json.BytePositionInLine}).", json.Path ?? "$", json.LineNumber, json.BytePositionInLine)
            : CodedMessage.Of("MalformedJson", $"The body is not valid JSON near {json.Path ?? "$"} (line {json.LineNumber}, byte {json.BytePositionInLine}).", json.Path ?? "$", json.LineNumber, json.BytePositionInLine);

    /// <summary>The framework's sentence names .NET types; only the parameter's name and the value sent are passed on.</summary>
    private static CodedMessage Unreadable(BadHttpRequestException bad, string? contentType)
    {
        var parameter = Parameter().Match(bad.Message);
        var name = parameter.Groups["name"].Value;
        return bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => CodedMessage.Of("BodyTooLarge", "The request body is larger than this endpoint accepts."),
            StatusCodes.Status415UnsupportedMediaType => CodedMessage.Of("UnsupportedMediaType", $"This endpoint does not read a body of type {contentType ?? "(none)"}.", contentType ?? "—"),
            _ when parameter.Success && parameter.Groups["value"].Success => CodedMessage.Of("ParameterUnreadable", $"'{parameter.Groups["value"].Value}' is not a valid value for {name}.", parameter.Groups["value"].Value, name),
            _ when parameter.Success => CodedMessage.Of("ParameterMissing", $"{name} is required.", name),
            _ => CodedMessage.Of("RequestUnreadable", "The request's route, query or body could not be read as this endpoint expects."),
        };
    }

    [GeneratedRegex(@"parameter ""(?:[^"" ]+ )?(?<name>[^"" ]+)""(?: from ""(?<value>[^""]*)"")?")]
    private static partial Regex Parameter();
}

/// <summary>
/// ProblemDetails whose title, detail and errors are in the reader's language, with the codes a program matches on. An
/// English reader gets the message's own English text in detail and errors (the most precise, and what programs matched on
/// before, ADR 28); "message"/"messages" are always the resource texts the pages show.
/// </summary>
internal static class ReaderProblems
{
    private const string English = "en";

    public static ProblemDetails Of(HttpRequest request, IReaderWords words, int status, CodedMessage title, CodedMessage detail)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(detail);
        var language = words.LanguageOf(request);
        var said = words.Say(request, detail);
        var problem = new ProblemDetails { Status = status, Title = words.Say(request, title), Detail = language == English ? detail.Text : said };
        problem.Extensions["code"] = detail.Code;
        problem.Extensions["language"] = language;
        problem.Extensions["message"] = said;
        return problem;
    }

    public static HttpValidationProblemDetails Invalid(HttpRequest request, IReaderWords words, IReadOnlyDictionary<string, CodedMessage[]> coded)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(coded);
        var language = words.LanguageOf(request);
        var said = coded.ToDictionary(e => e.Key, e => e.Value.Select(m => words.Say(request, m)).ToArray(), StringComparer.Ordinal);
        var errors = language == English ? coded.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Text).ToArray(), StringComparer.Ordinal) : said;
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = words.Say(request, ProblemTitles.Invalid),
        };
        problem.Extensions["code"] = "RequestInvalid";
        problem.Extensions["codes"] = coded.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Code).ToArray(), StringComparer.Ordinal);
        problem.Extensions["language"] = language;
        problem.Extensions["messages"] = said;
        return problem;
    }
}

/// <summary>The titles of the problems the API answers with, coded like their details.</summary>
internal static class ProblemTitles
{
    public static readonly CodedMessage Invalid = CodedMessage.Of("ProblemInvalid", "One or more fields are invalid");
    public static readonly CodedMessage NotFound = CodedMessage.Of("ProblemNotFound", "Not found");
    public static readonly CodedMessage Forbidden = CodedMessage.Of("ProblemForbidden", "Forbidden");
    public static readonly CodedMessage Conflict = CodedMessage.Of("ProblemConflict", "Conflict");
    public static readonly CodedMessage StateConflict = CodedMessage.Of("ProblemStateConflict", "Conflicts with the current state");
    public static readonly CodedMessage Unavailable = CodedMessage.Of("ProblemUnavailable", "Service unavailable");
    public static readonly CodedMessage Refused = CodedMessage.Of("ProblemRefused", "Refused by the rules of the domain");
    public static readonly CodedMessage MalformedJson = CodedMessage.Of("ProblemMalformedJson", "Malformed JSON");
    public static readonly CodedMessage BadRequest = CodedMessage.Of("ProblemBadRequest", "Bad request");
    public static readonly CodedMessage TooLarge = CodedMessage.Of("ProblemTooLarge", "Request body too large");
    public static readonly CodedMessage SignInFailed = CodedMessage.Of("ProblemSignInFailed", "Sign-in failed");
    public static readonly CodedMessage PasswordChangeRequired = CodedMessage.Of("ProblemPasswordChangeRequired", "Password change required");
    public static readonly CodedMessage Unauthorized = CodedMessage.Of("ProblemUnauthorized", "Not signed in");
    public static readonly CodedMessage MethodNotAllowed = CodedMessage.Of("ProblemMethodNotAllowed", "Method not allowed");
    public static readonly CodedMessage TooManyRequests = CodedMessage.Of("ProblemTooManyRequests", "Too many requests");
}
