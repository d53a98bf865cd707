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

/// <summary>Every problem found with a request, by field (camelCase, as the field appears in the JSON body).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public bool IsEmpty => _byField.Count == 0;

    public void Add(string field, string message)
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
        _byField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>A request was refused before its handler ran; carries every error, by field.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base($"The request is invalid: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}")
    {
        Errors = errors;
    }

    public ValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public ValidationException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public ValidationException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public ValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
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
            throw new ValidationException(errors.ToDictionary());
        return await next(message, cancellationToken);
    }
}
