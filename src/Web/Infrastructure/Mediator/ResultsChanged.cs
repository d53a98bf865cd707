namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>
/// Raised in-process when published results may have changed: a run completed, or a command (a review decision, an
/// appeal, a publication) committed. Caches of views over results listen to it.
/// </summary>
public sealed class ResultsChanged
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}

/// <summary>Raises <see cref="ResultsChanged"/> after a command succeeded: decisions, appeals and publications change what views over results show.</summary>
internal sealed class ResultsChangedBehavior<TRequest, TResponse>(ResultsChanged changes) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IMessage
{
    public async ValueTask<TResponse> Handle(TRequest message, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var response = await next(message, cancellationToken);
        if (message is ICommand)
            changes.Raise();
        return response;
    }
}
