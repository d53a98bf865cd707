using System.Collections.Frozen;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>Sends a request through its behaviours to its handler, using the pipeline closed over its type at start-up.</summary>
internal sealed class Mediator(IServiceProvider services, RequestPipelines pipelines) : IMediator
{
    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return pipelines.For(request).Handle(request, services, cancellationToken);
    }
}

/// <summary>One closed pipeline per request type, built once when the handlers are registered.</summary>
internal sealed class RequestPipelines(IEnumerable<RequestPipeline> pipelines)
{
    private readonly FrozenDictionary<Type, RequestPipeline> _byRequestType = pipelines.ToFrozenDictionary(p => p.RequestType);

    public IReadOnlyCollection<Type> RequestTypes => _byRequestType.Keys;

    public RequestPipeline<TResponse> For<TResponse>(IRequest<TResponse> request) =>
        _byRequestType.TryGetValue(request.GetType(), out var pipeline)
            ? (RequestPipeline<TResponse>)pipeline
            : throw new InvalidOperationException($"No handler is registered for {request.GetType().Name}; handlers are discovered at start-up from the Web assembly.");
}

internal abstract class RequestPipeline
{
    public abstract Type RequestType { get; }
}

internal abstract class RequestPipeline<TResponse> : RequestPipeline
{
    public abstract Task<TResponse> Handle(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken);
}

internal sealed class RequestPipeline<TRequest, TResponse> : RequestPipeline<TResponse>
    where TRequest : IRequest<TResponse>
{
    public override Type RequestType => typeof(TRequest);

    public override Task<TResponse> Handle(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken)
    {
        var typed = (TRequest)request;
        var handler = services.GetRequiredService<IRequestHandler<TRequest, TResponse>>();
        RequestContinuation<TResponse> next = () => handler.Handle(typed, cancellationToken);
        var behaviors = services.GetServices<IPipelineBehavior<TRequest, TResponse>>().ToArray();
        for (var i = behaviors.Length - 1; i >= 0; i--)
        {
            var behavior = behaviors[i];
            var inner = next;
            next = () => behavior.Handle(typed, inner, cancellationToken);
        }
        return next();
    }
}
