namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>A use case sent through <see cref="IMediator"/>; exactly one handler answers it.</summary>
#pragma warning disable CA1040 // Marker: the response type is what ties a request to its handler.
public interface IRequest<out TResponse>;
#pragma warning restore CA1040

/// <summary>A request that changes state: it runs in one database transaction, committed when its handler succeeds.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>, ICommand;

/// <summary>Non-generic view of <see cref="ICommand{TResponse}"/>, for behaviours that only need to know a request is a command.</summary>
#pragma warning disable CA1040
public interface ICommand;
#pragma warning restore CA1040

public interface IRequestHandler<in TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken);
}

/// <summary>The rest of the pipeline: the next behaviour, or the handler itself.</summary>
public delegate Task<TResponse> RequestContinuation<TResponse>();

/// <summary>Wraps every request of a type; behaviours run in the order they were registered, outermost first.</summary>
public interface IPipelineBehavior<in TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    Task<TResponse> Handle(TRequest request, RequestContinuation<TResponse> next, CancellationToken cancellationToken);
}

public interface IMediator
{
    Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);
}
