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
/// A message with a stable code and its arguments: the API sends <paramref name="Text"/> (English), pages look the code up
/// in their resources ("Refusal.{Code}") and format the arguments in the reader's language (ADR 23).
/// </summary>
public sealed record CodedMessage(string? Code, string Text, IReadOnlyList<object?> Args)
{
    public static CodedMessage Plain(string text) => new(null, text, []);
}

/// <summary>
/// Says a coded message in the language of a request's reader (the pages' language cookie, else Accept-Language, else
/// 简体中文): for API answers that carry a coded reason beside its English text, such as a failed dry run (ADR 28).
/// </summary>
public interface IReaderWords
{
    string Say(HttpRequest request, CodedMessage message);
}

/// <summary>Every problem found with a request, by field (camelCase, as the field appears in the JSON body).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<CodedMessage>> _byField = new(StringComparer.Ordinal);

    public bool IsEmpty => _byField.Count == 0;

    public void Add(string field, string message) => Add(field, CodedMessage.Plain(message));

    /// <summary>Adds a message that pages can show in the reader's language: <paramref name="code"/> names it, <paramref name="args"/> fill it.</summary>
    public void Add(string field, string code, string message, params object?[] args) => Add(field, new CodedMessage(code, message, args));

    public void Add(string field, CodedMessage message)
    {
        if (!_byField.TryGetValue(field, out var messages))
            _byField[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>Adds <paramref name="message"/> for <paramref name="field"/> unless <paramref name="valid"/> holds.</summary>
    public void Check(bool valid, string field, string message)
    {
        if (!valid) Add(field, message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _byField.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Text).ToArray(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, CodedMessage[]> ToCoded() =>
        _byField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>A request was refused before its handler ran; carries every error, by field.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base($"The request is invalid: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}")
    {
        Errors = errors;
        Coded = errors.ToDictionary(e => e.Key, e => e.Value.Select(CodedMessage.Plain).ToArray(), StringComparer.Ordinal);
    }

    public ValidationException(ValidationErrors errors)
        : this((errors ?? throw new ArgumentNullException(nameof(errors))).ToDictionary())
    {
        Coded = errors.ToCoded();
    }

    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    /// <summary>One coded refusal of one field.</summary>
    public ValidationException(string field, string code, string message, params object?[] args)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
        Coded = new Dictionary<string, CodedMessage[]> { [field] = [new CodedMessage(code, message, args)] };
    }

    public ValidationException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public ValidationException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, string[]>();
        Coded = new Dictionary<string, CodedMessage[]>();
    }

    public ValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
        Coded = new Dictionary<string, CodedMessage[]>();
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The same errors with their codes, for pages that show them in the reader's language.</summary>
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
