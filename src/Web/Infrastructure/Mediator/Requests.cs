namespace AssessmentEngine.Web;

// Requests and handlers are Mediator's (Mediator.IRequest<T>, IRequestHandler<,>, IPipelineBehavior<,>, IMediator;
// imported everywhere by a global using). The command markers below live in the root namespace so that they take
// precedence over Mediator's own ICommand types, which would need a handler interface of their own.

/// <summary>A request that changes state: it runs in one database transaction, committed when its handler succeeds.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>, ICommand;

/// <summary>Non-generic view of <see cref="ICommand{TResponse}"/>, for behaviours that only need to know a request is a command.</summary>
#pragma warning disable CA1040 // Marker: being a command is a property of the request type.
public interface ICommand : IMessage;
#pragma warning restore CA1040
