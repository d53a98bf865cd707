namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>A request that checks its own fields (shape, ranges, required values) before anything else runs.</summary>
public interface IValidatable
{
    void Validate(ValidationErrors errors);
}

/// <summary>Checks a request that needs services to validate it, such as a uniqueness look-up.</summary>
public interface IValidator<in TRequest>
{
    Task ValidateAsync(TRequest request, ValidationErrors errors, CancellationToken cancellationToken);
}

/// <summary>
/// A message with a stable code and its arguments: <paramref name="Text"/> is the English for logs; the API and the pages look
/// the code up in their resources ("Refusal.{Code}") and format the arguments in the reader's language (ADR 23, 33).
/// </summary>
public sealed record CodedMessage(string? Code, string Text, IReadOnlyList<object?> Args)
{
    /// <summary>A coded message; the source scan of RefusalCodeTests checks that <paramref name="code"/> has its texts.</summary>
    public static CodedMessage Of(string code, string text, params object?[] args) => new(code, text, args);
}

/// <summary>
/// Says a coded message in the language of a request's reader (the pages' language cookie, else Accept-Language, else
/// 简体中文): for API answers that carry a coded reason beside its English text, such as a failed dry run (ADR 28).
/// </summary>
public interface IReaderWords
{
    string Say(HttpRequest request, CodedMessage message);

    /// <summary>The name of the language <see cref="Say"/> uses for <paramref name="request"/> ("zh-CN", "en").</summary>
    string LanguageOf(HttpRequest request);
}

/// <summary>A failure that carries its own coded message, so that the API and the pages can say it in the reader's language.</summary>
public interface ICodedFailure
{
    CodedMessage Said { get; }
}

/// <summary>Every problem found with a request, by field (camelCase, as the field appears in the JSON body).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<CodedMessage>> _byField = new(StringComparer.Ordinal);

    public bool IsEmpty => _byField.Count == 0;

    /// <summary>Adds a message that pages can show in the reader's language: <paramref name="code"/> names it, <paramref name="args"/> fill it.</summary>
    public void Add(string field, string code, string message, params object?[] args) => Add(field, new CodedMessage(code, message, args));

    public void Add(string field, CodedMessage message)
    {
        if (!_byField.TryGetValue(field, out var messages))
            _byField[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>Adds the coded message for <paramref name="field"/> unless <paramref name="valid"/> holds.</summary>
    public void Check(bool valid, string field, string code, string message, params object?[] args)
    {
        if (!valid) Add(field, code, message, args);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _byField.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Text).ToArray(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, CodedMessage[]> ToCoded() =>
        _byField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>A request was refused before its handler ran; carries every error, by field, each with its code (ADR 33).</summary>
#pragma warning disable CA1032 // An uncoded error could not be said in the reader's language; the message-only constructors are left out on purpose.
public sealed class ValidationException : Exception
#pragma warning restore CA1032
{
    public ValidationException(ValidationErrors errors)
        : this((errors ?? throw new ArgumentNullException(nameof(errors))).ToCoded())
    {
    }

    /// <summary>One coded refusal of one field.</summary>
    public ValidationException(string field, string code, string message, params object?[] args)
        : this(new Dictionary<string, CodedMessage[]> { [field] = [new CodedMessage(code, message, args)] })
    {
    }

    private ValidationException(IReadOnlyDictionary<string, CodedMessage[]> coded)
        : base($"The request is invalid: {string.Join("; ", coded.Select(e => $"{e.Key}: {string.Join(", ", e.Value.Select(m => m.Text))}"))}")
    {
        Coded = coded;
    }

    /// <summary>The English texts by field, for logs and callers that read no language.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => Coded.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Text).ToArray(), StringComparer.Ordinal);

    /// <summary>The errors with their codes, which the API and the pages say in the reader's language.</summary>
    public IReadOnlyDictionary<string, CodedMessage[]> Coded { get; }
}

/// <summary>Runs the request's own checks and every registered validator, and reports all failures at once.</summary>
internal sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    public async ValueTask<TResponse> Handle(TRequest message, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var request = message;
        var errors = new ValidationErrors();
        (request as IValidatable)?.Validate(errors);
        foreach (var validator in validators)
            await validator.ValidateAsync(request, errors, cancellationToken);
        if (!errors.IsEmpty)
            throw new ValidationException(errors);
        return await next(message, cancellationToken);
    }
}
